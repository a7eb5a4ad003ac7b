"""The generated benchmark corpus: deterministic, varied, and true to its ground truth."""

from __future__ import annotations

import re
import subprocess
import sys
from collections import Counter, defaultdict
from pathlib import Path

import pytest
from opencc import OpenCC

from benchmarks.corpus_templates import TemplateError, load_templates, shift_years
from benchmarks.generate_corpus import TEMPLATE_NAMES, generate, read_truth

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def corpus():
    return generate(200, seed=11)


def _number_in(text: str, value: float) -> bool:
    written = str(int(value)) if float(value).is_integer() else f"{value:.1f}"
    # 長安's report writes some percentages as "1. 8": read them back without the space
    return re.search(rf"(?<![\d.]){re.escape(written)}(?![\d]|\.\d)",
                     text.replace(". ", ".")) is not None


def test_same_seed_same_corpus_other_seed_other_corpus():
    first, again, other = generate(60, 7), generate(60, 7), generate(60, 8)
    assert [(r.filename, r.text, r.truth) for r in first] == \
           [(r.filename, r.text, r.truth) for r in again]
    assert [r.text for r in first] != [r.text for r in other]


def test_counts_offices_and_years(corpus):
    assert len(corpus) == 200
    assert len({r.filename for r in corpus}) == 200
    per_office = defaultdict(list)
    for r in corpus:
        per_office[r.truth.office].append(r.truth.year)
        assert 2013 <= r.truth.year <= 2023
    assert len(per_office) == 50  # about n / 4 offices by default
    assert all(len(years) == len(set(years)) for years in per_office.values())
    assert max(len(years) for years in per_office.values()) >= 5
    # one office, one short name, one region chain, one template across its years
    for attr in ("short", "region", "template"):
        seen = {(r.truth.office, getattr(r.truth, attr)) for r in corpus}
        assert len(seen) == len(per_office), attr


def test_requested_office_count():
    reports = generate(40, seed=2, offices=15)
    assert len(reports) == 40 and len({r.truth.office for r in reports}) == 15
    with pytest.raises(ValueError):
        generate(200, seed=2, offices=15)  # 15 offices x 11 years < 200


def test_variety_of_templates_levels_and_cities(corpus):
    templates = Counter(r.truth.template for r in corpus)
    assert set(templates) == {t.key for t in load_templates()}
    levels = {re.search(r"(街道|镇|区|县)$", r.truth.short).group(1) for r in corpus}
    assert {"街道", "镇"} <= levels and levels & {"区", "县"}
    assert len({r.truth.region[0] for r in corpus}) >= 6
    assert len({r.truth.short for r in corpus}) == len({r.truth.office for r in corpus})


def test_no_name_of_a_template_office_is_left(corpus):
    t2s = OpenCC("t2s")
    for r in corpus:
        simplified = t2s.convert(r.text)
        leaked = [name for name in TEMPLATE_NAMES if name in simplified]
        assert not leaked, (r.filename, leaked)


def test_every_truth_figure_is_written_in_the_text(corpus):
    for r in corpus:
        assert r.truth.figures, r.filename
        for key, fig in r.truth.figures.items():
            if fig.qualifier == "zero_in_words":
                continue
            assert _number_in(r.text, fig.value), (r.filename, key, fig.value)


def test_office_and_year_are_written_where_a_reader_finds_them(corpus):
    s2t = OpenCC("s2t")
    for r in corpus:
        names = (r.truth.short, s2t.convert(r.truth.short))
        # the title is the first non-empty line (two lines in the 果园-style report)
        title = "".join([line for line in r.text.splitlines() if line.strip()][:2])
        assert any(n in title for n in names), (r.filename, title)
        # the district template has no year in its title, as the bundled report
        if r.truth.template == "district":
            assert f"{r.truth.year}年度政府信息公开工作报告" in r.text
        else:
            assert f"{r.truth.year}年" in title


def test_parts_add_up_and_shares_are_computed(corpus):
    for r in corpus:
        figs = r.truth.figures
        total = r.truth.figure("active.total") or r.truth.figure("active.total", "cumulative")
        parts = [f.value for k, f in figs.items() if k.startswith("active.category")
                 and not k.startswith("active.category_share")]
        if parts:
            assert sum(parts) == total.value, r.filename
        for key, share in figs.items():
            if key.startswith("active.category_share["):
                count = figs["active.category[" + key.split("[", 1)[1]].value
                assert share.value == round(100 * count / total.value, 1)
        cumulative = r.truth.figure("active.total", "cumulative")
        annual = r.truth.figure("active.total")
        if cumulative and annual:
            assert cumulative.value >= annual.value
            assert cumulative.period == f"{r.truth.year - 4}-{r.truth.year}"


def test_cumulative_is_the_sum_of_the_offices_annual_counts():
    # offices of the five-year template, with all five years present in the corpus
    reports = generate(300, seed=5, offices=30)
    annual = {(r.truth.office, r.truth.year): r.truth.figure("active.total").value
              for r in reports if r.truth.template == "street_pre2017"}
    checked = 0
    for r in reports:
        if r.truth.template != "street_pre2017":
            continue
        window = [(r.truth.office, y) for y in range(r.truth.year - 4, r.truth.year + 1)]
        if all(k in annual for k in window):
            checked += 1
            assert sum(annual[k] for k in window) == \
                r.truth.figure("active.total", "cumulative").value
    assert checked >= 3


def test_traditional_template_gets_traditional_names(corpus):
    s2t = OpenCC("s2t")
    trad = [r for r in corpus if r.truth.template == "street_trad"]
    assert trad
    for r in trad:
        assert s2t.convert(r.truth.short) in r.text
        assert "報(bào)告" in r.text  # the pinyin annotations stay


def test_years_shift_together():
    text = "2013年报告，2012年12月31日～2013年12月31日，2014年计划，2013.12.28，超3000条"
    assert shift_years(text, 5) == ("2018年报告，2017年12月31日～2018年12月31日，2019年计划，"
                                    "2018.12.28，超3000条")


def test_a_changed_template_fails_loudly(monkeypatch, tmp_path):
    import benchmarks.corpus_templates as templates

    for path in sorted((ROOT / "corpus").glob("*.txt")):
        text = path.read_text(encoding="utf-8").replace("589", "590")
        (tmp_path / path.name).write_text(text, encoding="utf-8")
    monkeypatch.setattr(templates, "CORPUS", tmp_path)
    with pytest.raises(TemplateError, match="589"):
        templates.load_templates()


def test_cli_writes_reports_and_truth(tmp_path):
    out = tmp_path / "gen"
    done = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "generate_corpus.py"),
                           str(out), "--n", "12", "--seed", "3"],
                          capture_output=True, text=True, cwd=tmp_path, check=True)
    assert "wrote 12 reports" in done.stdout
    truth = read_truth(out / "truth.jsonl")
    files = sorted(p.name for p in out.glob("*.txt"))
    assert files == sorted(truth) and len(files) == 12
    expected = {r.filename: r for r in generate(12, 3)}
    for name, t in truth.items():
        assert t == expected[name].truth
        assert (out / name).read_text(encoding="utf-8") == expected[name].text
