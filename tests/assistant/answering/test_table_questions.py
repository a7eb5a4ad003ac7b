"""Table questions answered from the cells of real realdev tables (issue 11, read side):
the cell of the row × column asked, not another cell of the row; the row's cells when
no column is named; 未报告 for a blank cell; the form's own columns; the report's
warnings said when an answer uses one of their numbers.

The reports are the realdev files in tests/fixtures/realdev_tables/, read by the real
loader and figure extractor; questions and expected values are realdev qa.jsonl's.
"""

from __future__ import annotations


import pytest

from assistant.answering.figures import pick_figures
from benchmarks.realdev_tables import FIXTURES
from core.models import Figure, IndexedReport, Question
from tests.assistant.answering.real_reports import OFFICE, figure_question, indexed_report



def report(name: str, year: int) -> tuple[IndexedReport, tuple[Figure, ...]]:
    return indexed_report(FIXTURES / name, year)


def question(text: str) -> Question:
    return figure_question(text, focus=False)


def ask(name: str, year: int, text: str):
    indexed, figures = report(name, year)
    vocabulary = [f for f in figures if f.metric != "open"]
    return pick_figures(question(text), OFFICE, vocabulary, [indexed])


F016 = "016_xiaogan_shizhengfu_bangongshi_2020.txt"
F018 = "018_weinan_shangwuju_2019.txt"
F022 = "022_chibi_pufang_gongyeyuanqu_2020.txt"
F027 = "027_longgang_qu_bumen_2024.txt"
F037 = "037_dongbeitang_jiedao_2019.txt"
F038 = "038_guihua_jiedao_2019.txt"
F041 = "041_suijiang_huiyi_zhen_2021.txt"
F048 = "048_haicheng_xiliu_zhen_2023.txt"
F050 = "050_nileke_zhen_2023.txt"
F064 = "064_shenjiju_2020_pdf_page9.txt"


@pytest.mark.parametrize("name, year, text, metric, value", [
    (F016, 2020, "孝感市府办2020年规范性文件对外公开总数是多少？", "t2.normative.public_total", 119),
    (F016, 2020, "孝感市府办2020年规章对外公开的总数量是几件？", "t2.rules.public_total", 3),
    (F016, 2020, "孝感市府办2020年本年新制作了多少件规范性文件？", "t2.normative.made", 11),
    (F018, 2019, "渭南市商务局2019年行政许可的处理决定数量是多少？", "t2.licensing.decisions", 77),
    (F018, 2019, "渭南市商务局2019年作出了多少个行政处罚决定？", "t2.penalty.decisions", 0),
    (F022, 2020, "蒲纺园区2020年规范性文件的对外公开总数量是多少？", "t2.normative.public_total", 8),
    (F022, 2020, "蒲纺工业园区2020年从2019年结转过来的申请有几件？", "t3.carried_in.total", 0),
    (F027, 2024, "龙岗区那个部门2024年本年新收申请总共多少件？", "t3.new.total", 66),
    (F027, 2024, "龙岗区那个部门2024年企业提的申请有几件？", "t3.new.business", 7),
    (F027, 2024, "龙岗区那个部门2024年个人（自然人）提了多少件申请？", "t3.new.natural", 58),
    (F027, 2024, "龙岗区这个部门2024年部分公开的申请一共多少件？", "t3.partial.total", 17),
    (F027, 2024, "龙岗区那个部门2024年因属于三类内部事务信息不予公开的有几件？",
     "t3.refused.internal.total", 1),
    (F027, 2024, "龙岗区那个部门2024年因为属于国家秘密不公开的有几件？",
     "t3.refused.state_secret.total", 0),
    (F027, 2024, "龙岗区那个部门2024年现行有效的行政规范性文件有多少件？", "t2.normative.in_force", 25),
    (F027, 2024, "龙岗区那个部门2024年废止了几件行政规范性文件？", "t2.normative.repealed", 1),
    (F027, 2024, "龙岗区那个部门2024年从2023年结转过来的申请几件？", "t3.carried_in.total", 2),
    (F037, 2019, "东北塘街道2019年规范性文件对外公开总数量是多少？", "t2.normative.public_total", 17),
    (F037, 2019, "东北塘街道2019年政府集中采购总金额多少？", "t2.procurement.proc_amount", 1646.5),
    (F048, 2023, "西柳镇2023年现行有效的行政规范性文件有多少件？", "t2.normative.in_force", 32),
    (F050, 2023, "尼勒克那个镇2023年现行有效的规章有几件？", "t2.rules.in_force", 6),
    (F064, 2020, "那份2020年审计局年报里行政复议总计是多少？", "t4.review.total", 0),
    (F064, 2020, "那个审计局2020年结转到下一年继续办理的申请有几件？", "t3.carried_out.total", 0),
    (F064, 2020, "那份2020年审计局年报里，未经复议直接起诉的总计是多少？",
     "t4.litigation_direct.total", 0),
])
def test_the_cell_of_the_row_and_column_asked(name, year, text, metric, value):
    pick = ask(name, year, text)
    assert [(f.metric, f.value) for f in pick.figures] == [(metric, value)]


def test_a_row_without_a_column_gives_the_cells_that_answer_for_it():
    # the trial form has no amount for 行政事业性收费: its two item counts answer
    pick = ask(F038, 2019, "桂花街道2019年行政事业性收费是多少？")
    assert [(f.metric, f.value, f.unit) for f in pick.figures] == [
        ("t2.fees.prev_items", 0, "项"), ("t2.fees.change", 0, "项")]
    # 2021 form: 行政强制 is its 本年处理决定数量
    assert [f.metric for f in ask(F041, 2021, "会仪镇2021年行政强制有几件？").figures] == [
        "t2.enforcement.decisions"]


def test_a_column_the_reports_form_does_not_have_is_said_not_replaced():
    pick = ask(F016, 2020, "孝感市府办2020年现行有效的规范性文件有几件？")
    assert not pick.figures
    assert any("试行格式" in n and "现行有效件数" in n for n in pick.notes)


def test_a_blank_cell_is_not_reported_never_zero():
    indexed, figures = report(F027, 2024)
    blanked = [f for f in figures if f.metric != "t3.new.business"]
    pick = pick_figures(question("龙岗区那个部门2024年企业提的申请有几件？"), OFFICE, blanked,
                        [indexed])
    assert not pick.figures and pick.missing == ("t3.new.business",)
    assert any("「商业企业」栏为空，未报告" in n for n in pick.notes)


def test_a_row_that_could_not_be_read_says_why():
    pick = ask(F022, 2020, "蒲纺工业园区2020年予以公开的申请有几件？")
    assert not pick.figures
    assert any("「（一）予以公开」行" in n and "未能读取" in n for n in pick.notes)


def test_an_answer_using_a_number_of_a_broken_identity_says_so():
    # 041: 总计 0 next to an applicant's 1 in rows 一 and （一）
    pick = ask(F041, 2021, "会仪镇2021年新收了几件政府信息公开申请？")
    assert [f.value for f in pick.figures] == [0]
    assert any(n.startswith("注意：") and "一、本年新收政府信息公开申请数量" in n for n in pick.notes)
    # a cell no warning is about says nothing
    quiet = ask(F041, 2021, "会仪镇2021年行政强制有几件？")
    assert not any(n.startswith("注意：") for n in quiet.notes)


def test_notes_carry_no_digits_of_their_own():
    # every number of an answer must be one the report states (the citation check)
    import re
    indexed, figures = report(F027, 2024)
    blanked = [f for f in figures if f.metric != "t3.refused.state_secret.total"]
    notes = [*pick_figures(question("龙岗区那个部门2024年因为属于国家秘密不公开的有几件？"), OFFICE,
                           blanked, [indexed]).notes,
             *ask(F016, 2020, "孝感市府办2020年现行有效的规范性文件有几件？").notes,
             *ask(F022, 2020, "蒲纺工业园区2020年予以公开的申请有几件？").notes,
             *ask(F041, 2021, "会仪镇2021年新收了几件政府信息公开申请？").notes]
    assert len(notes) >= 4 and not any(re.search(r"\d", n) for n in notes)
