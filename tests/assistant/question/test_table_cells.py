"""Which table cell a question asks (assistant/question/table_cells.py, through
metric_segments): the schema's labels and the forms people use for them, both table
forms, 表三's 总计 by default, 表四's 总计 by default, a row with no column named."""

from __future__ import annotations

import pytest

from assistant.question.metrics import find_metrics, metric_segments
from assistant.question.table_cells import cell_ask
from assistant.question.understand import normalise_question


def cells(text: str) -> list[list[str]]:
    """Per part of the question, the table keys it asks (narrative keys dropped)."""
    return [[k for k in seg if k.startswith(("t2.", "t3.", "t4."))]
            for seg in metric_segments(normalise_question(text))]


@pytest.mark.parametrize("text, keys", [
    # 表二, 2019 trial form columns
    ("孝感市府办2020年规范性文件对外公开总数是多少？", ["t2.normative.public_total"]),
    ("规章对外公开的总数量是几件？", ["t2.rules.public_total"]),
    ("本年新制作了多少件规范性文件？", ["t2.normative.made"]),
    ("规范性文件本年新公开多少件", ["t2.normative.published"]),
    ("行政许可事项比上一年增加了多少？", ["t2.licensing.change"]),
    ("行政许可上一年项目数量是多少", ["t2.licensing.prev_items"]),
    ("政府集中采购总金额多少？", ["t2.procurement.proc_amount"]),
    ("政府集中采购项目有几个", ["t2.procurement.proc_items"]),
    # 表二, 2021 form columns
    ("现行有效的行政规范性文件有多少件？", ["t2.normative.in_force"]),
    ("废止了几件行政规范性文件？", ["t2.normative.repealed"]),
    ("本年制发了几件规章？", ["t2.rules.issued"]),
    ("行政事业性收费多少万元？", ["t2.fees.amount"]),
    # a row and no column: the cells that answer for it
    ("行政许可处理了多少件？", ["t2.licensing.decisions"]),
    ("作出了多少个行政处罚决定？", ["t2.penalty.decisions"]),
    ("会仪镇2021年行政强制有几件？", ["t2.enforcement.decisions"]),
    ("行政事业性收费是多少？", ["t2.fees.amount", "t2.fees.prev_items", "t2.fees.change"]),
    # 表三: 总计 unless an applicant is named
    ("新收了几件政府信息公开申请？", ["t3.new.total"]),
    ("本年新收申请总共多少件？", ["t3.new.total"]),
    ("企业提的申请有几件？", ["t3.new.business"]),
    ("个人（自然人）提了多少件申请？", ["t3.new.natural"]),
    ("部分公开的申请一共多少件？", ["t3.partial.total"]),
    ("予以公开的申请有几件？", ["t3.disclosed.total"]),
    ("因属于三类内部事务信息不予公开的有几件？", ["t3.refused.internal.total"]),
    ("因为属于国家秘密不公开的有几件？", ["t3.refused.state_secret.total"]),
    ("从2023年结转过来的申请几件？", ["t3.carried_in.total"]),
    ("上年结转的申请有几件", ["t3.carried_in.total"]),
    ("结转到下一年继续办理的申请有几件？", ["t3.carried_out.total"]),
    ("转到下一年的有几件", ["t3.carried_out.total"]),
    ("本机关不掌握相关信息的有几件", ["t3.unable.not_held.total"]),
    ("法律服务机构提了几件申请", ["t3.new.legal"]),
    # 2019 one row, 2021 three items: whichever the report has
    ("其他处理的有几件", ["t3.other.total", "t3.other.no_correction.total",
                          "t3.other.no_fee.total", "t3.other.other.total"]),
    # 表四
    ("行政复议总计是多少？", ["t4.review.total"]),
    ("行政复议结果纠正的有几件", ["t4.review.corrected"]),
    ("未经复议直接起诉的总计是多少？", ["t4.litigation_direct.total"]),
    ("复议后起诉的尚未审结几件", ["t4.litigation_after_review.pending"]),
    ("被告上法院几次", ["t4.litigation_direct.total", "t4.litigation_after_review.total"]),
])
def test_the_cell_a_question_asks(text, keys):
    assert cells(text) == [keys]


def test_a_part_naming_only_a_column_takes_the_row_before_it():
    assert cells("自然人和企业提的申请各有几件") == [["t3.new.natural"], ["t3.new.business"]]
    assert cells("行政许可上一年项目数量和处理决定数量") == [
        ["t2.licensing.prev_items"], ["t2.licensing.decisions"]]


def test_no_other_number_of_the_words_answers_a_cell():
    # 行政事业性收费 is not the information-disclosure fee (收费 -> fee.amount)
    assert metric_segments("行政事业性收费多少万元？") == [["t2.fees.amount"]]
    # 属于三类内部事务信息 is one reason: 不予公开 in all (the eight reasons) does not answer it
    assert metric_segments("因属于三类内部事务信息不予公开的有几件？") == [
        ["t3.refused.internal.total"]]
    # a narrative equivalent of exactly that cell does, where a report has no table
    assert metric_segments("新收了几件政府信息公开申请？") == [
        ["t3.new.total", "application.received"]]


def test_a_narrative_count_more_specific_than_the_table_total_is_kept():
    assert metric_segments("银州区的行政诉讼胜诉了几件")[0][0] == "litigation.won"
    assert metric_segments("当事人主动撤销了几件复议申请？")[0][0] == "review.withdrawn"


def test_metrics_name_the_quantity_wherever_stated():
    # the narrative key, whose figures include the table cell (same_as)
    assert find_metrics("新收了几件政府信息公开申请？") == ("application.received",)
    assert find_metrics("规范性文件对外公开总数是多少？") == ("t2.normative.public_total",)


@pytest.mark.parametrize("text", ["北沟街道2017年主动公开了多少条信息？", "孝感市府办2020年办了多少件依申请公开？",
                                  "有哪些规章制度？", "网站上公开了多少条信息"])
def test_no_table_cell_without_a_table_row(text):
    assert cell_ask(normalise_question(text), whole=normalise_question(text)) is None
