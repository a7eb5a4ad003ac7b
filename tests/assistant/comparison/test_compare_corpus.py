"""Comparisons end to end: reports indexed by the real pipeline into a real Chroma, asked
in Chinese through the real question module.

Two corpora: 40 generated reports (15 offices over several years), whose expected
answers are computed from the generator's ground truth — the figures it wrote — never
from what the extractor found; and the five bundled reports, for the comparison seeds
c01-c05 of ../shared/eval/seeds_qa.jsonl.
"""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path

import pytest

from assistant.answering.citations import check_answer
from assistant.comparison.compare import answer_comparison
from assistant.question.request import question_for
from assistant.retrieval.hybrid import HybridRetriever
from core.settings import Settings
from core.store import Store
from benchmarks.generate_corpus import ReportTruth, generate, write_corpus
from index.pipeline import index_paths

ROOT = Path(__file__).resolve().parents[3]
SEEDS = ROOT.parent / "shared" / "eval" / "seeds_qa.jsonl"
GENERATED_SEED = 20


class Indexed:
    """A store with the retriever whose question understanding the chain uses (it knows
    the places each report's text names)."""

    def __init__(self, folder: Path, files: list[Path], embedder):
        settings = Settings(index_dir=folder / "index", _env_file=None)
        self.store = Store.open(settings, embedder)
        summary = index_paths(files, self.store, settings)
        assert not summary.refused, summary.refused
        self.retriever = HybridRetriever.from_settings(settings, self.store)


@pytest.fixture(scope="module")
def generated(tmp_path_factory, embedder) -> tuple[Indexed, list[ReportTruth]]:
    reports = generate(40, seed=GENERATED_SEED, offices=15)
    folder = tmp_path_factory.mktemp("generated")
    write_corpus(reports, folder)
    return Indexed(folder, sorted(folder.glob("*.txt")), embedder), [r.truth for r in reports]


def ask(indexed: Indexed, text: str):
    """Understand, compare, and pass the chain's own citation and number check."""
    snapshot = indexed.retriever.view()
    question = question_for(text, snapshot)
    assert question.kind == "comparison", (text, question)
    answer = answer_comparison(question, snapshot)
    check_answer(answer)
    return question, answer


# ---- ground truth, from the generator's figures ---------------------------------------


def active_of(t: ReportTruth) -> tuple[float, str, str] | None:
    """(value, qualifier, scope) of the figure that answers 主动公开 for this report:
    the annual total, else the cumulative one."""
    for scope in ("annual", "cumulative"):
        fig = t.figure("active.total", scope)
        if fig is not None:
            return fig.value, fig.qualifier, scope
    return None


def expected_ranking(truths: list[ReportTruth]) -> list[tuple[str, int, float, str, str]]:
    """Annual values by value (ties by name), then cumulative-only ones the same way."""
    rows = [(t.short, t.year, *active_of(t)) for t in truths]
    annual = sorted((r for r in rows if r[4] == "annual"), key=lambda r: (-r[2], r[0]))
    cumulative = sorted((r for r in rows if r[4] == "cumulative"), key=lambda r: (-r[2], r[0]))
    return annual + cumulative


def latest_per_office(truths: list[ReportTruth]) -> list[ReportTruth]:
    """Each office's latest report with an annual figure, else its latest report."""
    by_office: dict[str, list[ReportTruth]] = defaultdict(list)
    for t in truths:
        by_office[t.short].append(t)
    out = []
    for reports in by_office.values():
        reports.sort(key=lambda t: t.year, reverse=True)
        out.append(next((t for t in reports if t.figure("active.total")), reports[0]))
    return out


def table_of(answer) -> list[tuple[str, int, float, str, str]]:
    return [(r.office, r.year, r.value, r.qualifier, r.scope) for r in answer.table]


def assert_every_cell_cited(answer) -> None:
    by_n = {c.n: c for c in answer.citations}
    for row in answer.table:
        if row.value is None:
            assert row.citation is None and "未报告" in row.display
        else:
            assert row.citation in by_n
            assert by_n[row.citation].quote in by_n[row.citation].paragraph_text


# ---- the generated corpus -----------------------------------------------------------


def test_every_generated_report_is_indexed_with_its_office_and_year(generated):
    indexed, truths = generated
    stored = sorted((r.office.short, r.year) for r in indexed.store.reports())
    assert stored == sorted((t.short, t.year) for t in truths)


def test_ranking_of_every_year_matches_the_truth(generated):
    indexed, truths = generated
    years = sorted({t.year for t in truths})
    checked = 0
    for year in years:
        of_year = [t for t in truths if t.year == year]
        if len(of_year) < 2:
            continue
        question, answer = ask(indexed, f"{year}年各单位主动公开的政府信息数量排名")
        assert question.mode == "ranking" and question.years == (year,)
        assert table_of(answer) == expected_ranking(of_year), year
        assert_every_cell_cited(answer)
        top = expected_ranking(of_year)[0]
        assert f"最多的是{top[0]}" in answer.text
        checked += 1
    assert checked >= 5


def test_ranking_of_a_level_matches_the_truth(generated):
    indexed, truths = generated
    streets = [t for t in latest_per_office(truths) if t.short.endswith("街道")]
    assert len(streets) >= 3
    _, answer = ask(indexed, "各街道主动公开的政府信息哪个最多？")
    assert table_of(answer) == expected_ranking(streets)


def _region_ranking(generated) -> tuple[list, list]:
    """(the answer's table, the truth's ranking) for the city with the most offices."""
    indexed, truths = generated
    cities = defaultdict(list)
    for t in latest_per_office(truths):
        cities[t.region[0]].append(t)
    city, members = max(cities.items(), key=lambda kv: (len(kv[1]), kv[0]))
    assert len(members) >= 2
    _, answer = ask(indexed, f"{city}的各单位主动公开的政府信息数量排名")
    return table_of(answer), expected_ranking(members)


def test_ranking_of_a_region_keeps_to_the_region_in_truth_order(generated):
    table, truth = _region_ranking(generated)
    assert len(table) >= 2
    assert table == [row for row in truth if row in table]


def test_ranking_of_a_region_misses_no_office_of_it(generated):
    table, truth = _region_ranking(generated)
    assert table == truth


def test_one_office_across_years_matches_the_truth(generated):
    indexed, truths = generated
    by_office = defaultdict(list)
    for t in truths:
        if t.figure("active.total"):
            by_office[t.short].append(t)
    short, reports = max(by_office.items(), key=lambda kv: (len(kv[1]), kv[0]))
    reports.sort(key=lambda t: t.year)
    _, answer = ask(indexed, f"{short}历年主动公开政府信息数量的变化")
    assert [(r.year, r.value) for r in answer.table] == [
        (t.year, t.figure("active.total").value) for t in reports]
    first, last = reports[0].figure("active.total"), reports[-1].figure("active.total")
    if first.qualifier == last.qualifier == "exact" and first.value != last.value:
        change = abs(last.value - first.value)
        word = "增加" if last.value > first.value else "减少"
        assert f"{word}{change:g}条" in answer.text


def test_versus_matches_the_truth(generated):
    indexed, truths = generated
    by_year = defaultdict(list)
    for t in truths:
        fig = t.figure("active.total")
        if fig is not None and fig.qualifier == "exact":
            by_year[t.year].append(t)
    year, pair = next((y, sorted(ts, key=lambda t: t.short)[:2])
                      for y, ts in sorted(by_year.items()) if len(ts) >= 2
                      and len({t.figure("active.total").value for t in ts[:2]}) == 2)
    a, b = pair
    _, answer = ask(indexed, f"{year}年{a.short}和{b.short}哪个主动公开的政府信息更多？")
    hi, lo = sorted(pair, key=lambda t: -t.figure("active.total").value)
    diff = hi.figure("active.total").value - lo.figure("active.total").value
    assert f"{hi.short}较多，多{diff:g}条" in answer.text
    assert_every_cell_cited(answer)


def test_which_offices_had_reviews_or_suits_matches_the_truth(generated):
    indexed, truths = generated
    positive, zero = set(), set()
    for t in truths:
        values = [f.value for k in ("review.total", "litigation.total")
                  if (f := t.figure(k)) is not None]
        if any(v > 0 for v in values):
            positive.add(t.short)
        elif values:
            zero.add(t.short)
    zero -= positive
    silent = {t.short for t in truths} - positive - zero
    assert positive and zero and silent
    _, answer = ask(indexed, "哪些单位发生过行政复议或行政诉讼？")
    rows = defaultdict(list)
    for row in answer.table:
        rows[row.office].append(row)
    assert {o for o, rs in rows.items() if any((r.value or 0) > 0 for r in rs)} == positive
    assert {o for o, rs in rows.items()
            if all(r.value == 0 for r in rs if r.value is not None)
            and any(r.value is not None for r in rs)} == zero
    assert {o for o, rs in rows.items() if all(r.value is None for r in rs)} == silent
    assert "未报告" in answer.text
    assert_every_cell_cited(answer)


def test_each_office_lists_unstated_as_not_reported(generated):
    indexed, truths = generated
    _, answer = ask(indexed, "各单位收到的政府信息公开申请数量分别是多少？")
    latest: dict[str, ReportTruth] = {}
    for t in sorted(truths, key=lambda t: t.year):
        if t.figure("application.received") or t.short not in latest:
            latest[t.short] = t
    expected = {s: (t.figure("application.received").value
                    if t.figure("application.received") else None)
                for s, t in latest.items()}
    assert {r.office: r.value for r in answer.table} == expected
    assert None in expected.values() and "未报告" in answer.text


def test_total_of_a_year_matches_the_truth(generated):
    indexed, truths = generated
    year = max({t.year for t in truths},
               key=lambda y: (sum(1 for t in truths if t.year == y and t.figure("active.total")), y))
    annual = [t.figure("active.total") for t in truths if t.year == year
              and t.figure("active.total")]
    _, answer = ask(indexed, f"{year}年各单位主动公开的政府信息合计多少条？")
    total = sum(f.value for f in annual)
    bound = "至少" if any(f.qualifier == "more_than" for f in annual) else ""
    assert f"{len(annual)}个单位合计{bound}{total:g}条" in answer.text


# ---- the bundled reports: comparison seeds ------------------------------------------


@pytest.fixture(scope="module")
def bundled(tmp_path_factory, embedder) -> Indexed:
    return Indexed(tmp_path_factory.mktemp("bundled"), sorted((ROOT / "corpus").glob("*.txt")),
                   embedder)


def _seed(seed_id: str) -> dict:
    for line in SEEDS.read_text(encoding="utf-8").splitlines():
        item = json.loads(line)
        if item["id"] == seed_id:
            return item
    raise KeyError(seed_id)


def _value_of(answer, office: str) -> float | None:
    return next(r.value for r in answer.table if r.office == office)


def test_seed_c01_annual_against_cumulative(bundled):
    seed = _seed("c01")
    _, answer = ask(bundled, seed["question"])
    for office, value in seed["expected"]["values"].items():
        assert _value_of(answer, office) == value
    assert any(w in answer.text for w in seed["expected"]["must_mention"][0])
    assert {r.scope for r in answer.table} == {"annual", "cumulative"}
    assert "口径不同" in answer.text and "更多" not in answer.text
    quotes = " ".join(c.paragraph_text for c in answer.citations)
    assert all(e in quotes for e in seed["evidence"])


def test_seed_c02_ranking_with_approximate_and_cumulative(bundled):
    seed = _seed("c02")
    _, answer = ask(bundled, seed["question"])
    assert answer.table[0].office == seed["expected"]["top"]
    assert answer.table[0].qualifier == "more_than" and answer.table[0].display == "超3000条"
    values = {r.office: (r.value, r.scope) for r in answer.table}
    assert values == {"银州区": (3000, "annual"), "新碶街道": (589, "annual"),
                      "长安街道": (55, "annual"), "北沟街道": (14, "annual"),
                      "果园街道": (110, "cumulative")}
    assert "超3000" in answer.text and "累计" in answer.text and "不同年份" in answer.text
    assert_every_cell_cited(answer)


def test_seed_c03_any_review_or_suit(bundled):
    seed = _seed("c03")
    _, answer = ask(bundled, seed["question"])
    expected = seed["expected"]
    rows = defaultdict(list)
    for row in answer.table:
        rows[row.office].append(row.value)
    assert {o for o, vs in rows.items() if any((v or 0) > 0 for v in vs)} == set(expected["yes"])
    assert {o for o, vs in rows.items() if vs and all(v == 0 for v in vs)} == set(expected["no"])
    assert {o for o, vs in rows.items() if all(v is None for v in vs)} == \
        set(expected["not_stated"])
    assert "行政复议5起" in answer.text
    assert_every_cell_cited(answer)


def test_seed_c04_versus_across_years(bundled):
    seed = _seed("c04")
    _, answer = ask(bundled, seed["question"])
    for office, value in seed["expected"]["values"].items():
        assert _value_of(answer, office) == value
    assert f"{seed['expected']['higher']}较多" in answer.text and "不同年份" in answer.text


def test_seed_c05_each_with_not_reported(bundled):
    seed = _seed("c05")
    _, answer = ask(bundled, seed["question"])
    for office, value in seed["expected"]["values"].items():
        assert _value_of(answer, office) == value
    for office in seed["expected"]["not_stated"]:
        assert _value_of(answer, office) is None
        assert office in answer.text
    assert "未报告" in answer.text
    assert_every_cell_cited(answer)
