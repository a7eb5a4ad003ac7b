"""Where an open figure sits, and what it is a part of: the words around its clause that
say what it counts, and the total it is listed under.

- The setting. A report often says what a number counts once, before it: in the
  paragraph's heading (`1.主动公开政府信息情况。全年公开政务信息共306条。`) or earlier in
  its sentence (`本单位对应主动公开的政府信息进行了梳理和编目,2019年度我街道共公开各类
  信息52条`). The clause alone (公开政务信息) lacks the word the question asks (主动); its
  setting has it. The setting weighs less than the clause's own words (open_match).
- Parts and totals. `共主动公开各类信息75条,其中工作动态52条;…` and `群众网上申请105件,
  快递17件,合计122件` state a total and its parts (answering.stated_totals reads both
  orders). Every part shares the total's setting, often its words too; a question that
  names no part asks the total; a question whose words are spread over several parts
  (建议提案 over 人大代表建议2个, 市政协提案6个) asks their total, which the report states.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from assistant.answering.stated_totals import listed_parts, own_words, stated_total
from core.models import Figure
from core.text import simplified

# A numbered heading opening a paragraph, as a sentence of its own: 1.主动公开政府信息情况。
# (一)政府信息主动公开情况。 二、依申请公开情况：
_HEADING = re.compile(r"^\s*(?:\d{1,2}[.．、]|[（(][一二三四五六七八九十\d]{1,3}[)）]|"
                      r"[一二三四五六七八九十]{1,3}、)[^。：:\n]{2,30}[。：:]")
_SENTENCE_END = re.compile(r"[。！!？?；;]")


def setting_context(figures: Sequence[Figure], texts: Mapping[str, str]) -> dict[str, str]:
    """Figure id -> its paragraph's heading sentence and the words of its sentence before
    its clause (empty parts left out); figures of paragraphs not in `texts` get none."""
    out: dict[str, str] = {}
    for figure in figures:
        text = texts.get(figure.paragraph_id)
        if not text or figure.row:
            continue
        start = figure.span[0]
        heading = _HEADING.match(text)
        head = heading.group(0) if heading and heading.end() <= start else ""
        begin = max((m.end() for m in _SENTENCE_END.finditer(text, 0, start)), default=0)
        lead = text[max(begin, heading.end() if head else 0):start]
        words = " ".join(w for w in (head, lead) if w.strip())
        if words:
            out[figure.id] = words
    return out


def totals_of_parts(figures: Sequence[Figure], texts: Mapping[str, str]) -> dict[str, Figure]:
    """Figure id of a part -> the total it is a part of, among `figures` (open figures of
    one office), by the report's own wording: 其中 after a total, or a total word (合计)
    after parts that add up to it."""
    out: dict[str, Figure] = {}
    for figure in figures:
        text = texts.get(figure.paragraph_id, "")
        for part in listed_parts(figure, figures, text):
            out.setdefault(part.id, figure)
        found = stated_total(figure, figures)
        if found:
            total, parts = found
            for part in parts:
                out.setdefault(part.id, total)
    for part_id, total in list(out.items()):  # a part of a part answers to the top total
        seen = {part_id}
        while total.id in out and total.id not in seen:
            seen.add(total.id)
            total = out[total.id]
        out[part_id] = total
    return out


def names_part(part: Figure, total: Figure, asked: str) -> bool:
    """Whether the question (`asked`) names the part in words the total does not have."""
    question = simplified(asked)
    return any(w in question for w in own_words(part, total, ""))


def one_total(best: Sequence[Figure], totals: Mapping[str, Figure]) -> Figure | None:
    """The total that several different best figures are all parts of (or, one of them,
    the total itself: tied with its own parts, the total is what is asked)."""
    if len({f.value for f in best}) < 2:
        return None
    found = {totals[f.id].id: totals[f.id] for f in best if f.id in totals}
    if len(found) != 1:
        return None
    total = next(iter(found.values()))
    if any(f.id not in totals and f.id != total.id for f in best):
        return None
    return total
