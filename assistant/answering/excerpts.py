"""What to quote from a passage: the best sentences, enumerations kept whole.

An enumeration is kept whole at two levels:

- inside a paragraph: 一是……二是……三是…… (or （1）…（2）…) — when the best sentence
  is one item, all items are quoted;
- across paragraphs: items that are paragraphs of their own (一、… 二、…, 1、… 2、…,
  （一）… （二）…) — when the best paragraph is one item (or the lead-in before them:
  “做好以下三方面工作：”), all its sibling items are cited.

Quotes are always contiguous slices of the original paragraph text, so they are
verbatim by construction.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache

from core.text import GENERIC_WORDS, tokenize
from core.models import Passage
from core.normalise import normalise

_CN = "一二三四五六七八九十"
# Paragraph-level item markers, by family (on normalised text, garbled markers repaired).
_ITEM_FAMILIES = (
    ("shi", re.compile(rf"^\s*[{_CN}]+是")),
    ("dun", re.compile(rf"^\s*[{_CN}]+、")),
    ("paren", re.compile(rf"^\s*[（(][{_CN}]+[)）]")),
    ("digit", re.compile(r"^\s*(?:\d+|□)\s*[、.．](?!\d)")),
    ("dparen", re.compile(r"^\s*[（(]\d+[)）]")),
    ("di", re.compile(rf"^\s*第[{_CN}]+[，,、是]")),
)
_INLINE_ITEM = re.compile(rf"^(?:[{_CN}]+是|其[{_CN}]|[（(]\d+[)）]|\d+[、.](?!\d)|首先|其次|再次|最后)")
_LEAD_IN = re.compile(r"[:：]\s*$|如下|以下|几个方面|几方面|方面工作|下一步|主要有|包括[:：]?\s*$")
_SENTENCE = re.compile(r"[^。！？；!?;]*[。！？；!?;]?")
SHORT_PARAGRAPH = 220  # chars: quoted whole
MIN_CHARS = 12  # Chinese characters a paragraph needs to be an answer


@lru_cache(maxsize=16384)
def _norm(text: str) -> str:
    """Normalised text, cached: the same paragraphs come back question after question."""
    return normalise(text).text


def item_family(text: str) -> str:
    norm = _norm(text)
    return next((name for name, pattern in _ITEM_FAMILIES if pattern.match(norm)), "")


def is_lead_in(text: str) -> bool:
    return bool(_LEAD_IN.search(_norm(text)[-40:]))


def enumeration_run(paragraphs: Sequence[Passage], index: int, limit: int = 12) -> list[Passage]:
    """The paragraph at `index` with its sibling items (and their lead-in), in order;
    just the paragraph when it is not part of an enumeration."""
    if not 0 <= index < len(paragraphs):
        return []
    here = paragraphs[index]
    family = item_family(here.text)
    start = end = index
    if not family:
        # A lead-in: the enumeration that follows it.
        if index + 1 < len(paragraphs) and is_lead_in(here.text):
            family = item_family(paragraphs[index + 1].text)
            if family:
                end = index + 1
        if not family:
            return [here]
    else:
        while start > 0 and item_family(paragraphs[start - 1].text) == family \
                and paragraphs[start - 1].section == here.section:
            start -= 1
        if start > 0 and is_lead_in(paragraphs[start - 1].text) \
                and not item_family(paragraphs[start - 1].text):
            start -= 1
    while end + 1 < len(paragraphs) and item_family(paragraphs[end + 1].text) == family \
            and end + 1 - start < limit:
        end += 1
    return list(paragraphs[start:end + 1])


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    text: str
    item: bool


def sentences(text: str) -> list[Sentence]:
    out = []
    for match in _SENTENCE.finditer(text):
        if match.group().strip():
            raw = match.group()
            lead = len(raw) - len(raw.lstrip())
            body = raw.strip()
            out.append(Sentence(match.start() + lead, match.start() + lead + len(body), body,
                                bool(_INLINE_ITEM.match(_norm(body)))))
    return out


# Words the reports use for what a question asks in other words (困难 -> 问题, 不足).
SYNONYMS: tuple[frozenset[str], ...] = tuple(frozenset(group.split()) for group in (
    "问题 不足 困难 差距 短板 难题 薄弱",
    "措施 举措 做法 办法 对策",
    "打算 计划 安排 下一步 重点工作 思路",
    "渠道 途径 方式 形式 平台 载体",
    "成效 成果 效果 成绩",
    "改进 整改 改善",
))


def _alternatives(token: str) -> frozenset[str]:
    for group in SYNONYMS:
        if token in group:
            return group
    return frozenset((token,))


def _weighted(tokens: set[str], text: str, idf: Mapping[str, float]) -> float:
    return sum(idf.get(t, 1.0) for t in tokens if any(a in text for a in _alternatives(t)))


def _heading_fit(wanted: set[str], heading: str, idf: Mapping[str, float]) -> float:
    """How well a heading names what is asked: the share of the question it says
    times the share of its own (non-generic) words that are asked: “（一）存在问题”
    fits 存在问题 fully, “七、存在的主要问题和2018年重点工作安排” only in part."""
    words = {w for w in tokenize(heading) if w not in GENERIC_WORDS and not w.isdigit()}
    if not words:
        return 0.0
    recall = _weighted(wanted, heading, idf) / sum(idf.get(t, 1.0) for t in wanted)
    asked = {a for t in wanted for a in _alternatives(t)}
    precision = sum(1 for w in words if any(w in a or a in w for a in asked)) / len(words)
    return recall * min(1.0, precision)


@dataclass(frozen=True)
class Coverage:
    score: float
    by_heading: bool  # the headings, not the text, say what is asked


def coverage(passage: Passage, tokens: Sequence[str], idf: Mapping[str, float],
             preamble: bool = False) -> Coverage:
    """How much of the question (content words, weighted by idf) a passage holds: by
    its own text, or by its headings when they name exactly what is asked (the items
    under “（一）存在问题” answer 存在什么问题 without repeating it). A preamble (text
    before the first heading of a report that has headings) counts half: it mostly
    lists what the report will cover."""
    wanted = set(tokens)
    if not wanted:
        return Coverage(1.0, False)
    total = sum(idf.get(t, 1.0) for t in wanted)
    own = _weighted(wanted, _norm(passage.text), idf) / total * (0.5 if preamble else 1.0)
    headings = [h for h in passage.section.split(" > ") if h]
    by_heading = max((_heading_fit(wanted, h, idf) for h in headings), default=0.0)
    return Coverage(max(own, by_heading), by_heading > own)


def phrase_overlap(core: str, text: str) -> float:
    """The longest piece of `core` found verbatim in `text`, as a share of `core`; 0
    when that piece is only generic words (公开信息 says nothing)."""
    for length in range(len(core), 1, -1):
        for i in range(len(core) - length + 1):
            piece = core[i:i + length]
            if piece in text:
                specific = [t for t in tokenize(piece) if t not in GENERIC_WORDS]
                return length / len(core) if specific else 0.0
    return 0.0


_HOLDER = "[^，。；,;]{1,20}?"


def names_holder(text: str, role: str) -> bool:
    """The text says who holds the role: 以办事处主任为组长 / 组长由主任担任 /
    由副主任任组长 / 组长为某某."""
    r = re.escape(role)
    return bool(re.search(
        f"以{_HOLDER}为(?:{r})|(?:{r})由{_HOLDER}(?:担任|兼任)|由{_HOLDER}(?:担任|兼任|任)(?:{r})|"
        f"(?:{r})(?:为|是|：|:){_HOLDER}[，。；]", text))


# The catalogue record a government page prints above a report (索引号 | 文号 | 发文日期 |
# 发布机构): the page's, not the report's words.
_PAGE_RECORD = re.compile(r"索引[号號]|文[号號][:：]|[发發]文日期|[发發]布机构|[发發]布機構|成文日期|主[题題]分[类類]")


def substantive(passage: Passage) -> bool:
    """Says something: not a signature, a date line, a stray fragment or the page's
    catalogue record."""
    text = _norm(passage.text)
    if len(_PAGE_RECORD.findall(text)) >= 2:
        return False
    return len(re.findall(r"[\u4e00-\u9fff]", text)) >= MIN_CHARS


def section_members(paragraphs: Sequence[Passage], passage: Passage,
                    limit: int = 6) -> list[Passage]:
    """The substantive paragraphs under the passage's own heading, when they are few:
    under “二、工作成效” every paragraph is part of the answer to 取得了什么成效. A
    sentence broken over several paragraphs (PDF lines) counts once."""
    same = [p for p in paragraphs if p.section == passage.section and not is_heading_text(p)]
    units = _sentence_units(same)
    units = [u for u in units if substantive(_joined(u))]
    members = [p for u in units for p in u]
    return members if passage in members and len(units) <= limit else [passage]


# A paragraph that ends its sentence (or is a lead-in, a closing bracket or quote).
_ENDS_SENTENCE = re.compile(r"[。！？；：:!?;…）)”」]\s*$")


def continues(previous: Passage, following: Passage) -> bool:
    """`following` goes on with the sentence `previous` breaks off: a PDF's line, or a
    saved page's line break inside a sentence (2009年是 / 《条例》正式实施的第二年). Same
    report and section, no sentence end before the break, no heading, item or table
    row on either side. Not before the first heading: there, lines without a stop are
    the title, the office and the date."""
    if previous.report_id != following.report_id or previous.section != following.section \
            or not previous.section:
        return False
    before = _norm(previous.text).strip()
    if not before or _ENDS_SENTENCE.search(before) or "|" in before or "|" in following.text:
        return False
    return not (is_heading_text(previous) or is_heading_text(following)
                or item_family(following.text))


def _sentence_units(paragraphs: Sequence[Passage]) -> list[list[Passage]]:
    units: list[list[Passage]] = []
    for paragraph in paragraphs:
        if units and continues(units[-1][-1], paragraph):
            units[-1].append(paragraph)
        else:
            units.append([paragraph])
    return units


def _joined(unit: Sequence[Passage]) -> Passage:
    return replace(unit[0], text="".join(p.text.strip() for p in unit))


def sentence_start(paragraphs: Sequence[Passage], passage: Passage, at: int) -> list[Passage]:
    """The paragraphs before `passage` in which the sentence holding offset `at` starts,
    when that sentence is its first and was broken off at a line (2009年是 / 《条例》正式
    实施的第二年): a figure quoted from it is cited with the words that say of what."""
    if re.search(r"[。！？；!?;]", passage.text[:at]):
        return []
    index = next((i for i, p in enumerate(paragraphs) if p.paragraph_id == passage.paragraph_id), -1)
    if index <= 0:
        return []
    run = whole_sentences(paragraphs, [paragraphs[index]])
    return run[:run.index(paragraphs[index])]


def whole_sentences(paragraphs: Sequence[Passage], group: Sequence[Passage],
                    limit: int = 12) -> list[Passage]:
    """The group with the paragraphs that finish (or start) the sentences its first and
    last paragraphs break off, in order: a quote never stops mid-sentence at a line."""
    if not group:
        return list(group)
    ids = [p.paragraph_id for p in paragraphs]
    try:
        start, end = ids.index(group[0].paragraph_id), ids.index(group[-1].paragraph_id)
    except ValueError:
        return list(group)
    first, last = start, end
    while first > 0 and start - first < limit and continues(paragraphs[first - 1], paragraphs[first]):
        first -= 1
    while last + 1 < len(paragraphs) and last - end < limit \
            and continues(paragraphs[last], paragraphs[last + 1]):
        last += 1
    return list(paragraphs[first:start]) + list(group) + list(paragraphs[end + 1:last + 1])


def is_heading_text(passage: Passage) -> bool:
    """The paragraph is its own section's heading (a heading as the store lists it)."""
    last = passage.section.split(" > ")[-1].strip()
    return bool(last) and _norm(passage.text).strip() == last


def choose_run(candidates: Sequence[Passage], paragraphs: Mapping[str, Sequence[Passage]],
               tokens: Sequence[str], idf: Mapping[str, float], core: str = "",
               keep: float = 0.5, role: str = "", action: str = "") -> tuple[Passage, list[Passage]] | None:
    """The best passage and the group it belongs to: its enumeration, or its small
    section when its heading is what answers the question.

    Candidates holding too little of the question are dropped (below `keep` times the
    best coverage); the rest vote for their groups with their retrieval scores, raised
    by how much of the question they say in the same words, so several items of one
    list outweigh a single stray paragraph, and the paragraph that says it verbatim
    outweighs one that merely shares words. For a who-question (`role`, see
    `asked_role`) a passage that names who holds the role gets the same raise again, and
    so does, for a how-question (`action`, see `asked_action`: 怎么审核的), one that says
    the act asked about."""
    scored = []
    for passage in filter(substantive, candidates):
        siblings = paragraphs.get(passage.report_id, ())
        preamble = not passage.section and any(p.section for p in siblings)
        scored.append((passage, coverage(passage, tokens, idf, preamble)))
    best_cov = max((c.score for _, c in scored), default=0.0)
    if best_cov <= 0:
        return None
    groups: dict[tuple[str, ...], tuple[float, Passage, list[Passage]]] = {}
    for passage, cov in scored:
        if cov.score < keep * best_cov:
            continue
        siblings = list(paragraphs.get(passage.report_id, ()))
        index = next((i for i, p in enumerate(siblings) if p.paragraph_id == passage.paragraph_id), -1)
        group = enumeration_run(siblings, index) if index >= 0 else [passage]
        if len(group) == 1 and index >= 0 and cov.by_heading:
            group = section_members(siblings, siblings[index])
        group = whole_sentences(siblings, group)
        key = tuple(p.paragraph_id for p in group)
        said = phrase_overlap(core, passage.section + "\n" + _norm(passage.text)) if core else 0.0
        holder = 1.0 if role and names_holder(_norm(passage.text), role) else 0.0
        acts = 1.0 if action and action in _norm(passage.text) else 0.0
        vote = passage.score * (1.0 + said + holder + acts)
        total, top, members = groups.get(key, (0.0, passage, group))
        groups[key] = (total + vote, top if total else passage, members)
    if not groups:
        return None
    total, top, members = max(groups.values(), key=lambda item: item[0])
    return top, members


def best_quotes(text: str, query_tokens: Sequence[str], idf: Mapping[str, float] | None = None,
                most: int = 2) -> list[str]:
    """The parts of a paragraph to quote: the whole paragraph when short, else the best
    sentences (up to `most`, adjacent ones merged), each widened to a whole inline
    enumeration when it is one of its items or introduces one."""
    if len(text) <= SHORT_PARAGRAPH:
        return [text.strip()]
    parts = sentences(text)
    if not parts:
        return [text.strip()]
    wanted = set(query_tokens)
    idf = idf or {}
    scores = [_weighted(wanted, _norm(s.text), idf) for s in parts]
    top = max(scores)
    order = sorted(range(len(parts)), key=lambda i: (-scores[i], i))
    chosen = [i for i in order[:most] if scores[i] > 0 and scores[i] >= 0.5 * top] or [order[0]]
    spans = sorted(_widen(parts, i) for i in chosen)
    merged: list[list[int]] = []
    for first, last in spans:
        if merged and first <= merged[-1][1] + 1:
            merged[-1][1] = max(merged[-1][1], last)
        else:
            merged.append([first, last])
    return [text[parts[first].start:parts[last].end] for first, last in merged]


def _widen(parts: list[Sentence], best: int) -> tuple[int, int]:
    first = last = best
    introduces = best + 1 < len(parts) and parts[best + 1].item
    if parts[best].item or introduces:
        if parts[best].item:
            while first > 0 and parts[first - 1].item:
                first -= 1
        while last + 1 < len(parts) and parts[last + 1].item:
            last += 1
    return first, last
