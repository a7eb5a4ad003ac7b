"""Which official form a report follows: "pre2019" (free text under the 2008 条例),
"2019" (the trial form of 国办公开办函〔2019〕60号, reports on 2019-2020) or "2021" (国办公开办函
〔2021〕30号, reports on 2021 on). The year decides where it is known; the tables' own
column and row names decide where it is not. A report whose tables are of the other
form (a 2021 report still using the trial-form columns) keeps its year's form, with a
warning, since the columns are read by their names anyway.
"""

from __future__ import annotations

from collections.abc import Sequence

from core.models import Paragraph, ReportFormat

_FORMAT_2021 = ("本年制发件数", "现行有效件数", "逾期不补正", "未按收费通知要求缴纳费用")
_FORMAT_2019 = ("本年新制作数量", "本年新公开数量", "对外公开总数量", "本年新收政府信息公开申请数量",
                "上年结转政府信息公开申请数量")
_FORMAT_2019_SECTIONS = ("收到和处理政府信息公开申请情况", "政府信息公开行政复议、行政诉讼情况")


def by_tables(paragraphs: Sequence[Paragraph]) -> ReportFormat | None:
    text = "\n".join(p.normalised for p in paragraphs).replace(" ", "")
    if any(term in text for term in _FORMAT_2021):
        return "2021"
    if any(term in text for term in _FORMAT_2019):
        return "2019"
    return None


def report_format(year: int | None, paragraphs: Sequence[Paragraph],
                  warnings: list[str]) -> ReportFormat:
    tables = by_tables(paragraphs)
    if year is None:
        if tables:
            return tables
        text = "\n".join(p.normalised for p in paragraphs)
        return "2019" if all(s in text for s in _FORMAT_2019_SECTIONS) else "pre2019"
    # The form in force for the year reported on: reports on 2019-2020 were due in the
    # trial form, reports on 2021 on in the 2021 form, whatever headings they chose.
    form: ReportFormat = "2021" if year >= 2021 else "2019" if year >= 2019 else "pre2019"
    if tables and tables != form:
        warnings.append(f"{year}年度报告的表格使用{tables}年格式的栏目")
    return form
