"""Blocks -> Paragraphs, with the section path each one sits in.

One paragraph per non-empty block. Headings are recognised on the normalised text:

- level 1: `一、概述`
- level 2: `（一）健全组织机构` / `(一)财政资金信息公开`
- level 3: `1、…`, `1.…`, `（1）…`, `□、…` (a marker whose digit was lost), `一是…`

A marker alone does not make a heading: report bodies reuse the same markers for list
items (`一是强化政府信息公开组织机构。按照…`, `1、政府信息公开是一项全新工作，…。`). A
heading is a short title: levels 1-2 at most `_TITLE_CHARS` characters with no sentence
end except one final `。`; level 3 shorter still and with no sentence end at all. A
level-1 number that does not go up (001 restarts `一、` inside its section 六 for a plan
list) is a list item, not a new section.

The lines before the first heading or body sentence are the report's title block:
headings with section "".
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from core.models import Block, Paragraph
from core.normalise import LOST_CHAR, normalise

_NUM = "一二三四五六七八九十"
_LEVEL1 = re.compile(rf"^([{_NUM}]+)、")
_LEVEL2 = re.compile(rf"^[（(][{_NUM}]+[）)]")
_LEVEL3 = re.compile(rf"^(?:\d{{1,2}}(?:、|\.(?!\d))|[（(]\d+[）)]|{LOST_CHAR}、|[{_NUM}]+是)")
_SENTENCE_END = "。；！？;!?"
_TITLE_CHARS = 40  # level 1-2 titles observed run to ~25; body items run far longer
_ITEM_TITLE_CHARS = 30


@dataclass(frozen=True)
class Heading:
    level: int
    number: int | None  # the level-1 numeral's value, to check numbering goes up
    text: str  # normalised, without a trailing 。


def chinese_numeral(text: str) -> int | None:
    """一..九十九 -> int; None for anything else."""
    if not text or any(ch not in _NUM for ch in text):
        return None
    if "十" not in text:
        return _NUM.index(text) + 1 if len(text) == 1 else None
    tens, _, ones = text.partition("十")
    value = (_NUM.index(tens) + 1 if tens else 1) * 10
    return value + (_NUM.index(ones) + 1 if ones else 0)


def _is_title(text: str, limit: int, final_stop_allowed: bool) -> bool:
    body = text[:-1] if final_stop_allowed and text.endswith("。") else text
    return len(body) <= limit and not any(ch in _SENTENCE_END for ch in body)


def match_heading(normalised: str) -> Heading | None:
    """The heading a line is, judged on its own (numbering order is checked by the
    caller), or None."""
    text = normalised.strip()
    if m := _LEVEL1.match(text):
        if _is_title(text, _TITLE_CHARS, final_stop_allowed=True):
            return Heading(1, chinese_numeral(m.group(1)), text.rstrip("。"))
        return None
    if _LEVEL2.match(text):
        if _is_title(text, _TITLE_CHARS, final_stop_allowed=True):
            return Heading(2, None, text.rstrip("。"))
        return None
    if _LEVEL3.match(text) and _is_title(text, _ITEM_TITLE_CHARS, final_stop_allowed=False):
        return Heading(3, None, text)
    return None


def _is_title_block_line(text: str) -> bool:
    """A line of the header above the body: short, no sentence in it."""
    return 0 < len(text) <= _TITLE_CHARS and not any(ch in _SENTENCE_END + "，," for ch in text)


def split_paragraphs(report_id: str, blocks: Sequence[Block]) -> list[Paragraph]:
    paragraphs: list[Paragraph] = []
    stack: list[Heading] = []
    last_level1: int | None = None
    in_title_block = True
    for block in blocks:
        normalised = normalise(block.text).text
        if not normalised.strip():
            continue  # loaders should not emit these; an empty paragraph cites nothing
        heading = None if block.table else match_heading(normalised)
        if heading and heading.level == 1 and heading.number is not None:
            if last_level1 is not None and heading.number <= last_level1:
                heading = None  # numbering restarted: a list inside the section
            else:
                last_level1 = heading.number
        title_line = (in_title_block and heading is None and block.table is None
                      and _is_title_block_line(normalised.strip()))
        if not title_line:
            in_title_block = False
        if heading:
            stack = [h for h in stack if h.level < heading.level] + [heading]
        paragraphs.append(Paragraph(
            id=f"{report_id}-{len(paragraphs):04d}",
            report_id=report_id,
            ordinal=len(paragraphs),
            section="" if title_line else " > ".join(h.text for h in stack),
            text=block.text,
            normalised=normalised,
            is_heading=heading is not None or title_line,
            table=block.table,
        ))
    return paragraphs
