"""The year a report covers and the date it was published.

- Published: a line that is only a date (or `发布日期：…`), in the title block or closing
  the report.
- Year: the title's year; failing that, the year the body speaks of most. A title year
  the body does not bear out is kept, with a warning.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from core.models import Paragraph

YEAR_IN_TITLE = re.compile(r"((?:19|20)\d{2})\s*年")
_YEAR = re.compile(r"((?:19|20)\d{2})\s*年(?!\s*\d{1,2}\s*月)")  # a date is not a work year
_DATE_YEAR = re.compile(r"((?:19|20)\d{2})\s*年\s*\d{1,2}\s*月")
_DATE_LINE = re.compile(
    r"^(?:发布(?:日期|时间)[:：]?)?[(（]?\s*((?:19|20)\d{2})\s*[年.\-/]\s*(\d{1,2})\s*"
    r"(?:[月.\-/]\s*(?:(\d{1,2})\s*日?)?)?\s*[)）]?$")
_DATE_FIELD = re.compile(r"发布(?:日期|时间)[:：]\s*((?:19|20)\d{2})[.\-/年](\d{1,2})[.\-/月](\d{1,2})")


def published(header: Sequence[Paragraph], paragraphs: Sequence[Paragraph]) -> str | None:
    for p in list(header[1:]) + list(paragraphs[-3:]):
        if m := _DATE_LINE.match(p.normalised.strip()):
            year, month, day = int(m.group(1)), int(m.group(2)), m.group(3)
            if not 1 <= month <= 12 or (day and not 1 <= int(day) <= 31):
                continue
            return f"{year:04d}-{month:02d}" + (f"-{int(day):02d}" if day else "")
    for p in list(header) + list(paragraphs[:4]):  # 发布时间:2020-02-02 inside a page line
        if (m := _DATE_FIELD.search(p.normalised)) and 1 <= int(m.group(2)) <= 12 \
                and 1 <= int(m.group(3)) <= 31:
            return f"{int(m.group(1)):04d}-{int(m.group(2)):02d}-{int(m.group(3)):02d}"
    return None


def report_year(title: str, body: str, published_on: str | None, warnings: list[str]) -> int | None:
    mentions = Counter(int(y) for y in _YEAR.findall(body))
    if published_on:  # a report does not speak of its work after it was published
        mentions = Counter({y: c for y, c in mentions.items() if y <= int(published_on[:4])})
    ranked = mentions.most_common()
    said = "、".join(f"{y}年{c}次" for y, c in ranked[:4])
    if m := YEAR_IN_TITLE.search(title):
        year = int(m.group(1))
        top_year, top_count = ranked[0] if ranked else (year, 0)
        if ranked and year not in mentions:
            warnings.append(f"年份冲突：标题为{year}年，正文未提及{year}年的工作，"
                            f"而提及{said}；采用标题年份")
        elif ranked and top_year != year and top_count >= 2 and top_count > mentions[year]:
            warnings.append(f"年份冲突：标题为{year}年，正文更多提及{top_year}年（{said}）；采用标题年份")
        return year
    if not ranked:
        # Only dates: the statistics period (2024年1月1日至2024年12月31日) still says it.
        dates = Counter(int(y) for y in _DATE_YEAR.findall(body)).most_common(2)
        if dates and (len(dates) == 1 or dates[0][1] > dates[1][1]):
            return dates[0][0]
        warnings.append("标题和正文均未写明报告年份")
        return None
    if len(ranked) > 1 and ranked[0][1] == ranked[1][1]:
        # A tie: the report is about the later year (it compares with, or carries over
        # from, the year before) when the two are consecutive.
        tied = sorted(y for y, c in ranked if c == ranked[0][1])
        if len(tied) == 2 and tied[1] - tied[0] == 1:
            return tied[1]
        warnings.append(f"标题未写明年份，正文提及的年份不分主次（{said}）；年份未定")
        return None
    return ranked[0][0]
