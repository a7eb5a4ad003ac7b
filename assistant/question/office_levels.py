"""Two ways a question names an office without naming an indexed one:

- by year and level only (`2010年那份部委年报`, `2011年那份县政府年报`, `2012年那份乡镇年报`,
  `2013年那个镇`): the indexed offices of that level with a report of that year;
- by the name of an office that is not indexed (`生态环境部2020年…`): reported back as
  unknown, so the answer is not_found rather than another office's figure.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from core import gazetteer
from core.office_names import (KIND_GOVERNMENT, KIND_SUBDISTRICT, KIND_TOWNSHIP, LEVEL_MINISTRY,
                               LEVEL_TOWN)
from core.models import Office

from .name_index import NameIndex

if TYPE_CHECKING:
    from .offices import OfficeEntry

# Level words as questions say them -> (level, kinds allowed or None for any, the type
# the office's name ends in or '' for any): 那个镇 is a 镇, never a 乡.
_LEVEL_WORDS: tuple[tuple[str, str, frozenset[str] | None, str], ...] = (
    ("部委", LEVEL_MINISTRY, None, ""),
    ("省政府", gazetteer.PROVINCE, frozenset({KIND_GOVERNMENT}), ""),
    ("省级", gazetteer.PROVINCE, None, ""),
    ("地级市", gazetteer.PREFECTURE, None, ""),
    ("市级", gazetteer.PREFECTURE, None, ""),
    ("县政府", gazetteer.COUNTY, frozenset({KIND_GOVERNMENT}), ""),
    ("区政府", gazetteer.COUNTY, frozenset({KIND_GOVERNMENT}), ""),
    ("区县", gazetteer.COUNTY, None, ""),
    ("县级", gazetteer.COUNTY, None, ""),
    ("乡镇", LEVEL_TOWN, frozenset({KIND_TOWNSHIP}), ""),
    ("街道", LEVEL_TOWN, frozenset({KIND_SUBDISTRICT}), ""),
    ("镇", LEVEL_TOWN, frozenset({KIND_TOWNSHIP}), "镇"),
    ("乡", LEVEL_TOWN, frozenset({KIND_TOWNSHIP}), "乡"),
)
# `那份部委年报`, `那个乡镇的年报`: a level word used as "the one of that level".
_LOOSE = r"(?:那份|那个|这份|这个|那家)(?:的)?"
_YEAR = re.compile(r"((?:19|20)\d{2})\s*年")


def by_level(question: str, entries: Sequence["OfficeEntry"]) -> tuple[tuple[Office, ...], str] | None:
    """(offices, the phrase) for `YYYY年那份<level>年报`; None when the question does not
    name a level that way."""
    years = {int(y) for y in _YEAR.findall(question)}
    for word, level, kinds, name_type in _LEVEL_WORDS:
        m = re.search(_LOOSE + word, question)
        if not m:
            continue
        found = [e for e in entries if e.office.level == level
                 and (kinds is None or e.office.kind in kinds)
                 and (not name_type or e.kind == name_type)
                 and (not years or years & set(e.years))]
        return tuple(e.office for e in found), m.group()
    return None


# An office named by its own words: a place or field, then the authority word.
_OFFICE_NAME = re.compile(
    r"([\u4e00-\u9fff]{2,10}?(?:部|总署|局|厅|委员会|人民政府办公室|人民政府办公厅|人民政府|政府办|府办|"
    r"街道办事处|街道|镇|乡))(?=\d|[的在是有那这，,。？?、和与及]|什么|怎么|如何|哪|多少|几|为什么|$)")
_GENERIC_REST = {"人民政府", "政府", "办公室", "办公厅", "政府办公室", "政府办公厅", "人民政府办公室",
                 "人民政府办公厅", "政府办", "府办"}
_ASKING = re.compile(r"^(?:请问|我想问|我想知道|想知道|问一下|查一下)[,，]?")
_NOT_A_NAME = re.compile(r"[那这哪个的]|^(?:各|每|所有|全部|本|该|其|全)|^(?:部门|单位|乡镇|街道)$")


def unindexed_office(question: str, known: Iterable[str] | NameIndex) -> str:
    """The first office name the question uses that no indexed office is called
    (`生态环境部`), or ''. A name inside a known one, or holding one, is known."""
    if not isinstance(known, NameIndex):
        known = NameIndex(known)
    question = _ASKING.sub("", question)
    for m in _OFFICE_NAME.finditer(question):
        name = m.group(1)
        if _NOT_A_NAME.search(name):
            continue
        # Known: part of an indexed office's name, also once a place written before it
        # is set aside (义乌 + 廿三里街道). Not known: a place + another office's word
        # (上海市 + 政府办公厅, when only 上海市人民政府 is indexed).
        parts = [name] + [name[len(k):] for k in known.prefixes_of(name) if len(k) >= 2
                          and len(name) - len(k) >= 2
                          and name[len(k):].lstrip("省市区县") not in _GENERIC_REST]
        # (every part has two characters or more: only names of two or more hold one)
        if any(known.any_containing(part) for part in parts):
            continue
        return name
    return ""
