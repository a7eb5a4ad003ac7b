"""What a report is: its title, the office that wrote it, the year reported on, the
publication date and the format. Every rule reads the report's own text; there is no
table of known offices.

- Title: the title block (the short lines above the body, see paragraphs.py), from its
  first line through the first line that says 报告; else `doc.title_hint`.
- Office: the title's words before the year (or before 政府信息公开…), as written in
  the original; a closing signature line that extends it (`新碶街道` -> `新碶街道办事处`)
  gives the full name. Its administrative units (四平市 > 铁西区 > 北沟街道) come from
  the name; `_extend_region` adds the parents the body names (新碶街道's 宁波市北仑区).
- Year: the title's year; failing that, the year the body speaks of most. A title year
  the body does not bear out is kept, with a warning.
- Published: a line that is only a date, in the title block or closing the report.
- Format: "2021" / "2019" by the official tables' own column and row names.
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from core.models import LoadedDocument, Office, Paragraph, ReportFormat
from core.normalise import normalise

_SUFFIXES = "自治区|自治州|自治县|街道|地区|省|市|区|县|旗(?!镇|乡|街道)|盟|州(?![市区县])|乡|镇"
_UNIT = re.compile(rf"\s*(.{{2,}}?(?:{_SUFFIXES}))")  # two characters before the suffix
_FIRST_UNIT = re.compile(rf"\s*(.+?(?:{_SUFFIXES}))")  # 沙县: only the first may have one
# Words that name a government rather than a place: dropped for the short name, at the
# end (…街道办事处) or between units (临湘市人民政府长安街道办事处).
_TRAILING_OFFICE = re.compile(r"(?:办事处|人民政府|政府)$")
_INNER_OFFICE = re.compile(r"(?<=[市区县旗盟州])(?:人民政府|政府)(?=\S)")
_SIGNATURE = re.compile(r"^\S{2,30}?(?:办事处|人民政府|政府|委员会|办公室|局)$")
_YEAR_IN_TITLE = re.compile(r"((?:19|20)\d{2})\s*年")
_YEAR = re.compile(r"((?:19|20)\d{2})\s*年(?!\s*\d{1,2}\s*月)")  # a date is not a work year
_DATE_LINE = re.compile(
    r"^(?:发布(?:日期|时间)[:：]?)?[(（]?\s*((?:19|20)\d{2})\s*[年.\-/]\s*(\d{1,2})\s*"
    r"(?:[月.\-/]\s*(?:(\d{1,2})\s*日?)?)?\s*[)）]?$")
_AUTHORITY_AFTER = ("人民政府", "政府", "党委", "委员会", "办公室", "政务公开", "关于", "区委",
                    "市委", "县委")

# Which units can contain which: the level a parent must be, nearest first.
_PARENT_LEVELS = {
    "街道": ("区", "县", "旗", "市"), "乡": ("区", "县", "旗", "市"), "镇": ("区", "县", "旗", "市"),
    "区": ("市", "州", "盟", "地区"), "县": ("市", "州", "盟", "地区"), "旗": ("盟", "市"),
    "市": ("省", "自治区", "州"), "州": ("省", "自治区"), "盟": ("自治区",), "地区": ("省", "自治区"),
}
_MIN_PARENT_MENTIONS = 2

_FORMAT_2021 = ("本年制发件数", "现行有效件数", "逾期不补正", "未按收费通知要求缴纳费用")
_FORMAT_2019 = ("本年新制作数量", "本年新公开数量", "对外公开总数量", "本年新收政府信息公开申请数量",
                "上年结转政府信息公开申请数量")
_FORMAT_2019_SECTIONS = ("收到和处理政府信息公开申请情况", "政府信息公开行政复议、行政诉讼情况")


@dataclass(frozen=True)
class ReportMeta:
    title: str
    office: Office
    year: int | None
    published: str | None  # ISO: YYYY-MM-DD or YYYY-MM
    format: ReportFormat
    warnings: tuple[str, ...] = ()


def describe(doc: LoadedDocument, paragraphs: Sequence[Paragraph]) -> ReportMeta:
    warnings: list[str] = []
    title_lines, header = _title_block(paragraphs)
    title = "".join(p.text.strip() for p in title_lines) or doc.title_hint.strip()
    office = _office(title, header, paragraphs)
    if not office.name:
        warnings.append("未能从标题或落款识别发布机关")
    body = "\n".join(p.normalised for p in paragraphs if p not in title_lines)
    office = _extend_region(office, body)
    published = _published(header, paragraphs)
    year = _year(normalise(title).text, body, published, warnings)
    return ReportMeta(title=title, office=office, year=year, published=published,
                      format=_format(paragraphs), warnings=tuple(warnings))


def _title_block(paragraphs: Sequence[Paragraph]) -> tuple[list[Paragraph], list[Paragraph]]:
    """(the title lines, the whole header block). The title runs from the first header
    line through the first one saying 报告; a title too long for the header block is
    taken when it is the first paragraph."""
    header: list[Paragraph] = []
    for p in paragraphs:
        if p.section or not p.is_heading:
            break
        header.append(p)
    for i, p in enumerate(header):
        if "报告" in p.normalised:
            return header[: i + 1], header
    if paragraphs and "报告" in paragraphs[0].normalised and len(paragraphs[0].normalised) <= 80:
        return [paragraphs[0]], header
    return [], header


def _split_units(name: str) -> list[str]:
    """四平市铁西区北沟街道 -> [四平市, 铁西区, 北沟街道]; stops at the first non-unit."""
    units, pos = [], 0
    while m := (_UNIT if units else _FIRST_UNIT).match(name, pos):
        units.append(m.group(1))
        pos = m.end()
    return units


def _level(unit: str) -> str:
    return next(s for s in ("自治区", "自治州", "自治县", "街道", "地区") + tuple("省市区县旗盟州乡镇")
                if unit.endswith(s)).removeprefix("自治")


def _office(title: str, header: Sequence[Paragraph], paragraphs: Sequence[Paragraph]) -> Office:
    n = normalise(title)
    cut = len(n.text)
    for pattern in (_YEAR_IN_TITLE, re.compile(r"(?:政府信息公开|政务公开|信息公开|年度报告)")):
        if m := pattern.search(n.text):
            cut = m.start()
            break
    name, prefix = n.original_text(0, cut).strip(), n.text[:cut].strip()
    # The closing signature names the office more fully (新碶街道 -> 新碶街道办事处); with
    # no office in the title, it (or failing that an issuer line in the header) names it.
    signatures = [p for p in paragraphs[-3:] if p.section and _SIGNATURE.match(p.normalised.strip())]
    if not prefix:
        signatures += [p for p in header[1:] if _SIGNATURE.match(p.normalised.strip())]
    for p in signatures:
        line = p.normalised.strip()
        if not prefix or (line.startswith(prefix) and line != prefix):
            name, prefix = p.text.strip(), line
            break
    if not prefix:
        return Office(name="", short="")
    core = _INNER_OFFICE.sub("", _TRAILING_OFFICE.sub("", prefix))
    units = _split_units(core)
    rest = core[sum(len(u) for u in units):].strip()
    short = units[-1] + rest if units else core
    return Office(name=name, short=short or prefix, region=tuple(units))


@lru_cache(maxsize=1)
def _posseg():
    import jieba
    import jieba.posseg

    jieba.setLogLevel(logging.WARNING)
    return jieba.posseg


# A run of place names right before an authority word: at most a few names of a few
# characters each, so 16 characters before the word are enough context for the tagger.
_AUTHORITY_SENTENCE = re.compile(
    r"[^。；;！？!?，,、\n]{0,16}(?:省|市|区|县|旗|盟|州)(?:" + "|".join(_AUTHORITY_AFTER) + r")")


def _authority_sentences(text: str) -> str:
    return "\n".join(dict.fromkeys(m.group(0) for m in _AUTHORITY_SENTENCE.finditer(text)))


def _unit_after_place(tokens: list[tuple[str, str]], i: int) -> tuple[str, int] | None:
    """A unit of 3-5 characters made of tokens i, i+1, ... ending in a unit suffix, and
    the index of its last token."""
    joined = ""
    for j in range(i, min(i + 3, len(tokens))):
        joined += tokens[j][0]
        if len(joined) > 5:
            return None
        if len(joined) >= 3 and re.search(r"(?:区|县|市|旗|镇|乡|街道)$", joined):
            return joined, j
    return None


def _body_chains(text: str) -> list[tuple[str, ...]]:
    """Runs of adjacent place names in the body (宁波市北仑区 -> (宁波市, 北仑区)), each
    with whether an authority word follows it (…人民政府, …关于…, …政务公开…)."""
    tokens = [(t.word, t.flag) for t in _posseg().cut(text)]
    chains: list[tuple[str, ...]] = []
    run: list[str] = []
    i = 0
    while i < len(tokens):
        word, flag = tokens[i]
        unit = None
        nxt = tokens[i + 1][0] if i + 1 < len(tokens) else ""
        if flag == "ns" and len(word) >= 2 and nxt in ("省", "市", "区", "县", "旗", "盟", "州"):
            unit, i = word + nxt, i + 1
        elif len(word) >= 3 and flag in ("ns", "n") and re.search(rf"(?:{_SUFFIXES})$", word):
            unit = word
        elif run and (joined := _unit_after_place(tokens, i)):
            # Right after a place, trust the suffix over the tagger, which reads some
            # district names as personal names (沈阳市|于洪区/nr) or splits them (中|山区).
            unit, i = joined
        i += 1
        if unit:
            run.append(unit)
            continue
        if run:
            after = word + (tokens[i][0] if i < len(tokens) else "")
            chains.append(tuple(run) + (("*",) if after.startswith(_AUTHORITY_AFTER) else ()))
            run = []
    if run:
        chains.append(tuple(run))
    return chains


def _extend_region(office: Office, body: str) -> Office:
    """Add the parents the body names, one level at a time, conservatively: a parent is
    a place of the level just above the office's top unit (a 街道's 区, a 区's 市), named
    in the body at least twice, at least once as an authority (`北仑区人民政府`,
    `铁岭市…办公室`, `密云区关于…`), and the only such place at that level. Where the
    body names it in a chain (宁波市北仑区), the chain's upper units come along."""
    if not office.region:
        return office
    region = list(office.region)
    # Tagging the whole body with jieba.posseg costs ~0.4 s a report; only sentences
    # where a place name is directly followed by an authority word can qualify one.
    chains = _body_chains(_authority_sentences(body))
    while True:
        levels = _PARENT_LEVELS.get(_level(region[0]), ())
        found = None
        for level in levels:
            counts: Counter[str] = Counter()
            authority: set[str] = set()
            for chain in chains:
                for unit in chain:
                    if unit != "*" and unit not in region and _level(unit) == level:
                        counts[unit] = body.count(unit)
                        if chain[-1] == "*" and unit == chain[-2]:
                            authority.add(unit)
            named = [u for u, c in counts.items() if c >= _MIN_PARENT_MENTIONS and u in authority]
            if len(named) == 1:
                found = named[0]
                break
            if counts:
                break  # places at the nearest level, but none (or several) qualify: stop
        if not found:
            break
        upper = max((c[: c.index(found)] for c in chains if found in c), key=len)
        region = [u for u in upper if u not in region] + [found] + region
    return Office(name=office.name, short=office.short, region=tuple(region))


def _published(header: Sequence[Paragraph], paragraphs: Sequence[Paragraph]) -> str | None:
    for p in list(header[1:]) + list(paragraphs[-3:]):
        if m := _DATE_LINE.match(p.normalised.strip()):
            year, month, day = int(m.group(1)), int(m.group(2)), m.group(3)
            if not 1 <= month <= 12 or (day and not 1 <= int(day) <= 31):
                continue
            return f"{year:04d}-{month:02d}" + (f"-{int(day):02d}" if day else "")
    return None


def _year(title: str, body: str, published: str | None, warnings: list[str]) -> int | None:
    mentions = Counter(int(y) for y in _YEAR.findall(body))
    if published:  # a report does not speak of its work after it was published
        mentions = Counter({y: c for y, c in mentions.items() if y <= int(published[:4])})
    ranked = mentions.most_common()
    said = "、".join(f"{y}年{c}次" for y, c in ranked[:4])
    if m := _YEAR_IN_TITLE.search(title):
        year = int(m.group(1))
        top_year, top_count = ranked[0] if ranked else (year, 0)
        if ranked and year not in mentions:
            warnings.append(f"年份冲突：标题为{year}年，正文未提及{year}年的工作，"
                            f"而提及{said}；采用标题年份")
        elif ranked and top_year != year and top_count >= 2 and top_count > mentions[year]:
            warnings.append(f"年份冲突：标题为{year}年，正文更多提及{top_year}年（{said}）；采用标题年份")
        return year
    if not ranked:
        warnings.append("标题和正文均未写明报告年份")
        return None
    if len(ranked) > 1 and ranked[0][1] == ranked[1][1]:
        warnings.append(f"标题未写明年份，正文提及的年份不分主次（{said}）；年份未定")
        return None
    return ranked[0][0]


def _format(paragraphs: Sequence[Paragraph]) -> ReportFormat:
    text = "\n".join(p.normalised for p in paragraphs)
    if any(term in text for term in _FORMAT_2021):
        return "2021"
    if any(term in text for term in _FORMAT_2019) or all(s in text for s in _FORMAT_2019_SECTIONS):
        return "2019"
    return "pre2019"
