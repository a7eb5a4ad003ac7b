"""Report warnings read back into the numbers they are about (assistant/answering/
table_warnings.py). The warnings are made by the writers themselves (index/figures), so
a change of their wording fails here."""

from __future__ import annotations

from assistant.answering.table_warnings import note_for, warning_notes
from core.models import Figure, IndexedReport, Office
from core.vocabulary import T3_ROWS
from index.figures.consistency import narrative_vs_tables
from index.figures.tables import check_t3, check_t4

OFFICE = Office("某街道办事处", "某街道")


def cell(metric: str, value: float, row: str = "x", quote: str = "") -> Figure:
    return Figure(metric=metric, value=value, unit="件", qualifier="exact", period="2020",
                  scope="annual", paragraph_id="r1-0001", span=(0, 1), quote=quote or f"{value:g}",
                  label="", row=row, column="c", report_id="r1", year=2020)


def test_text_against_table_names_both_numbers():
    table = cell("t3.new.total", 95, row="new")
    prose = cell("application.received", 17, row="", quote="收到政府信息公开申请17件")
    [warning] = narrative_vs_tables([table, prose], 2020)
    want = "注意：报告正文写17件，表三写95件，两处不一致，请核对原文"
    assert note_for(warning, table) == want and note_for(warning, prose) == want
    assert note_for(warning, cell("t3.new.natural", 95, row="new")) == ""
    other = cell("application.received", 17, row="", quote="另一句17件")
    assert note_for(warning, other) == ""


def test_a_sum_of_cells_against_the_text():
    reasons = [r for r in T3_ROWS if r.startswith("refused.")]  # all eight are summed
    parts = [cell(f"t3.{r}.total", 2 if r == "refused.state_secret" else
                  1 if r == "refused.internal" else 0, row=r) for r in reasons]
    prose = cell("application.outcome.refused", 5, row="", quote="不予公开5件")
    [warning] = narrative_vs_tables([*parts, prose], 2020)
    internal = next(p for p in parts if p.row == "refused.internal")
    assert note_for(warning, internal).startswith("注意：报告正文写5件，表三写3件")


def test_broken_identities_name_the_cells_they_involve():
    values = {("new", "natural"): 3, ("carried_in", "natural"): 0,
              ("total", "natural"): 1, ("carried_out", "natural"): 0}
    flow = [w for w in check_t3(values) if "本年新收+上年结转" in w]
    assert flow
    assert note_for(flow[0], cell("t3.new.natural", 3)).startswith("注意：表三「自然人」列的数字不满足")
    assert note_for(flow[0], cell("t3.new.business", 3)) == ""
    row = check_t3({("new", c): v for c, v in zip(
        ("natural", "business", "research", "nonprofit", "legal", "other_org", "total"),
        (1, 0, 0, 0, 0, 0, 0))})
    assert any(note_for(w, cell("t3.new.total", 0)) for w in row)
    case = check_t4({("review", r): v for r, v in zip(
        ("upheld", "corrected", "other", "pending", "total"), (1, 1, 0, 0, 5))})
    assert note_for(case[0], cell("t4.review.total", 5))
    assert note_for(case[0], cell("t4.litigation_direct.total", 5)) == ""


def test_notes_come_from_the_figures_own_report():
    table = cell("t3.new.total", 95, row="new")
    prose = cell("application.received", 17, row="", quote="收到政府信息公开申请17件")
    warnings = tuple(narrative_vs_tables([table, prose], 2020))
    mine = IndexedReport("r1", "a.txt", "", OFFICE, 2020, None, "2019", "h", 1, 2, warnings)
    other = IndexedReport("r2", "b.txt", "", OFFICE, 2019, None, "2019", "h", 1, 2, warnings)
    assert len(warning_notes([table], [mine])) == 1
    assert warning_notes([table], [other]) == []


def test_the_other_side_of_a_disagreement_is_cited_too():
    from assistant.answering.table_warnings import counterparts
    table = cell("t3.new.total", 95, row="new")
    prose = cell("application.received", 17, row="", quote="收到政府信息公开申请17件")
    warnings = tuple(narrative_vs_tables([table, prose], 2020))
    mine = IndexedReport("r1", "a.txt", "", OFFICE, 2020, None, "2019", "h", 1, 2, warnings)
    assert counterparts([table], [mine], [table, prose]) == [prose]
    assert counterparts([prose], [mine], [table, prose]) == [table]
