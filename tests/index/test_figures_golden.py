"""Every figure of the five bundled reports, listed by hand in tests/golden/figures_*.json,
is extracted, and nothing else is (index/figures)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from benchmarks.figures_eval import CORPUS, golden_files, load_report, score, vocabulary_only
from index.figures import extract_figures
from index.figures.cues import UNITS
from core.vocabulary import METRICS

SEEDS = Path(__file__).resolve().parents[3] / "shared" / "eval" / "seeds_qa.jsonl"


def _extract(gold: dict):
    """The vocabulary figures: the golden lists name metrics, so the open figures (every
    prose number again, metric `open`) are left out here; tests/index/test_open_figures.py
    checks those."""
    report, paragraphs = load_report(CORPUS / gold["source"], gold["office"], gold["year"])
    result = extract_figures(report, paragraphs)
    return report, paragraphs, vocabulary_only(result)


@pytest.mark.parametrize("path", golden_files(), ids=lambda p: p.stem)
def test_extracted_figures_are_exactly_the_golden_list(path):
    gold = json.loads(path.read_text(encoding="utf-8"))
    _, paragraphs, result = _extract(gold)
    outcome = score(result.figures, paragraphs, gold["figures"])
    wrong = [(f.metric, f.value, f.qualifier, f.period, f.label, f.quote) for f in outcome.wrong]
    missed = [(g["metric"], g["value"], g["qualifier"], g["period"], g["quote"])
              for g in outcome.missed]
    assert (wrong, missed) == ([], [])
    assert result.warnings == []


@pytest.mark.parametrize("path", golden_files(), ids=lambda p: p.stem)
def test_every_figure_is_traceable(path):
    gold = json.loads(path.read_text(encoding="utf-8"))
    report, paragraphs, result = _extract(gold)
    by_id = {p.id: p for p in paragraphs}
    for figure in result.figures:
        paragraph = by_id[figure.paragraph_id]
        start, end = figure.span
        assert paragraph.text[start:end] == figure.quote and figure.quote.strip() == figure.quote
        assert figure.metric in METRICS
        assert figure.unit in UNITS[figure.metric]
        assert (figure.report_id, figure.office, figure.year) == \
            (report.id, gold["office"], gold["year"])
        assert len(figure.quote) <= 120, figure.quote  # a clause, not the whole paragraph


def _seed_reports() -> list[dict]:
    seeds = [json.loads(line) for line in SEEDS.read_text(encoding="utf-8").splitlines() if line]
    return [s for s in seeds if s["kind"] == "figure"]


@pytest.mark.parametrize("seed", _seed_reports(), ids=lambda s: s["id"])
def test_figures_the_acceptance_questions_ask_about(seed):
    """Each figure question of seeds_qa.jsonl has its figure: the value (and qualifier,
    where the seed names one) in the paragraph holding the seed's evidence."""
    (source,) = seed["reports"]
    gold = next(json.loads(p.read_text(encoding="utf-8")) for p in golden_files()
                if json.loads(p.read_text(encoding="utf-8"))["source"] == source)
    _, paragraphs, result = _extract(gold)
    text_of = {p.id: p.text for p in paragraphs}
    expected = seed["expected"]
    values = expected["value"] if isinstance(expected["value"], list) else [expected["value"]]
    if "percent" in expected:
        values.append(expected["percent"])
    qualifier = expected.get("qualifier", "").replace(" ", "_")
    for value in values:
        hits = [f for f in result.figures if f.value == value
                and seed["evidence"] in text_of[f.paragraph_id]
                and (not qualifier or f.qualifier == qualifier)]
        assert hits, (seed["id"], value)


def test_cumulative_and_annual_figures_are_told_apart():
    gold = json.loads(golden_files()[0].read_text(encoding="utf-8"))  # 000: 北沟街道
    _, _, result = _extract(gold)
    totals = {(f.value, f.scope, f.period) for f in result.figures if f.metric == "active.total"}
    assert totals == {(14, "annual", "2017"), (58, "cumulative", "2013-2017")}


def test_quotes_keep_numbers_as_written_in_traditional_text():
    gold = json.loads(golden_files()[2].read_text(encoding="utf-8"))  # 002: Traditional
    _, _, result = _extract(gold)
    share = next(f for f in result.figures
                 if f.metric == "active.category_share" and f.label == "人事信息")
    assert share.value == 1.8
    assert "1. 8 %" in share.quote and "“人事信息”" in share.quote


def test_every_metric_key_is_documented():
    from core import vocabulary as v

    doc = (Path(__file__).resolve().parents[2] / "docs" / "FIGURES.md").read_text("utf-8")
    keys = [m.key for m in v.NARRATIVE] + list(v.T2_ROWS) + list(v.T2_COLUMNS) \
        + list(v.T3_ROWS) + list(v.T3_COLUMNS) + list(v.T4_CASES) + list(v.T4_RESULTS)
    assert [k for k in keys if f"`{k}`" not in doc] == []
    for metric in v.METRICS.values():
        assert metric.label and metric.phrases and metric.unit
        assert not metric.same_as or metric.same_as in v.METRICS
