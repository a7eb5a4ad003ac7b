"""A running-text number that is one part of a total the same sentence states.

Reports list a quantity by its parts and then their total: `全年依申请公开共收到群众网上申请
105件,快递17件,合计122件`. The vocabulary cue (收到…申请) sits on the first part, so the
number read as "requests received" is 105, while the report's answer is the total 122.
A chosen figure is a part when the open figures that follow it in its paragraph, in the
same unit, add up — it included — to a number stated right after them with a total word
(合计, 共计, 总计, 总共, 共): the report's own arithmetic says so, nothing is guessed.

Reports also state the total first and its parts after it, with 其中: `共主动公开各类信息
75条,其中工作动态52条;其他主动公开文件10条;…`, `收到“两案”共8个。其中,市人大代表建议2个,
市政协提案6个`. 其中 says the numbers after it are parts of the number before it (their sum
is at most it; all of them when it is equal). A figure the vocabulary reads as a total
metric (主动公开 in 其他主动公开文件10条) that is such a part is a misreading: a total is
never one of the parts of another number of its own unit.

The total then answers, unless the question names that part in its own words (网上申请
多少件 asks the part): words of the part's clause other than the metric's (申请, 收到 are
how every part is counted) and other than the total's.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import replace

from core.models import Figure
from core.text import GENERIC_WORDS, simplified, tokenize
from core.vocabulary import METRICS

_TOTAL_WORD = re.compile(r"^\s*(?:合计|共计|总计|总共|共)")
_COUNT = "count"
# 其中 right after a number's clause (only punctuation between): the parts follow.
_WHEREOF = re.compile(r"[\s,，。;；:：、]*其中")
_SENTENCE_END = re.compile(r"[。！!？?]")


_SUM_NOTE = "报告分项列出后给出合计，以上为合计数"
_LISTING_NOTE = "报告先给出总数、再用“其中”分项列出，以上为总数"


def is_whole_metric(key: str) -> bool:
    """Metrics that count a whole (all requests received, all reviews), never a part."""
    return key.endswith(".total") or key == "application.received"


def listed_parts(total: Figure, opened: Sequence[Figure], text: str) -> list[Figure]:
    """The count figures `text` (the paragraph of `total`) lists after `total` with 其中,
    to the end of that sentence, in the paragraph's order; [] when no 其中 follows it or
    they do not fit inside it (a part as large as the total restates it: 以上8个议案)."""
    if total.row or total.kind != _COUNT or not text:
        return []
    found = _WHEREOF.match(text, total.span[1])
    if not found:
        return []
    end = _SENTENCE_END.search(text, found.end())
    stop = end.start() if end else len(text)
    seen: dict[tuple[int, int, float], Figure] = {}
    for figure in sorted((f for f in opened if f.paragraph_id == total.paragraph_id
                          and f.kind == _COUNT and f.unit == total.unit
                          and total.span[1] <= f.span[0] < stop), key=lambda f: f.span):
        if figure.value >= total.value:
            break  # a restatement of the total, or another quantity: the parts ended
        seen.setdefault((*figure.span, figure.value), figure)
    parts = list(seen.values())
    if not parts or sum(p.value for p in parts) > total.value + 1e-6:
        return []
    return parts


def total_listing(figure: Figure, opened: Sequence[Figure],
                  text: str) -> tuple[Figure, list[Figure]] | None:
    """(the total, its parts) when `figure` is one of the parts listed with 其中 after a
    total of its paragraph (the nearest such total before it); None otherwise."""
    if figure.row:
        return None
    before = sorted((f for f in opened if f.paragraph_id == figure.paragraph_id
                     and f.span[1] <= figure.span[0] and f.unit == figure.unit
                     and f.value > figure.value), key=lambda f: f.span, reverse=True)
    for total in before:
        parts = listed_parts(total, opened, text)
        if any(p.value == figure.value and p.span == figure.span for p in parts):
            return total, parts
    return None


def _parts_before(total: Figure, first: Figure, opened: Sequence[Figure]) -> list[Figure]:
    """The count figures of `opened` from `first`'s clause up to `total`, one per clause,
    in the paragraph's order."""
    between = [f for f in opened
               if f.paragraph_id == total.paragraph_id and f.kind == _COUNT
               and first.span[0] <= f.span[0] < total.span[0] and f.unit == total.unit]
    seen: dict[tuple[int, int, float], Figure] = {}
    for figure in sorted(between, key=lambda f: f.span):
        seen.setdefault((*figure.span, figure.value), figure)
    return list(seen.values())


def stated_total(figure: Figure, opened: Sequence[Figure]) -> tuple[Figure, list[Figure]] | None:
    """(the total, its parts) when `figure` (a running-text figure) is the first of parts
    whose total the paragraph states next; None otherwise."""
    if figure.row or figure.qualifier != "exact":
        return None
    after = sorted((f for f in opened if f.paragraph_id == figure.paragraph_id
                    and f.span[0] > figure.span[0] and f.unit == figure.unit
                    and f.kind == _COUNT and _TOTAL_WORD.match(f.quote)),
                   key=lambda f: f.span)
    for total in after[:1]:  # the first total after it: a later one sums other parts
        parts = _parts_before(total, figure, opened)
        values = [p.value for p in parts]
        if len(parts) >= 2 and figure.value in values \
                and abs(sum(values) - total.value) < 1e-6:
            return total, parts
    return None


def own_words(part: Figure, total: Figure, metric_key: str) -> set[str]:
    """The words of a part's clause that say which part it is: not the words of the
    metric it was read as (`metric_key`), nor generic ones, nor the total's."""
    metric = METRICS.get(metric_key)
    phrases = metric.phrases if metric else ()
    words = set(tokenize(simplified(part.label or part.quote)))
    total_words = set(tokenize(simplified(total.label + total.quote)))
    return {w for w in words if len(w) >= 2 and not w.isdigit() and w not in GENERIC_WORDS
            and w not in total_words and not any(w in p for p in phrases)}


def totals_for(figures: Sequence[Figure], opened: Sequence[Figure], asked: str,
               text_of: Callable[[str], str]) -> tuple[list[Figure], tuple[str, ...]]:
    """`figures` with every part of a stated total replaced by the total (as a figure of
    the part's metric, quoting the parts and the total: `text_of` gives a paragraph's
    text), where the question (`asked`) does not name that part; and the notes saying
    so (none when nothing was replaced)."""
    out: list[Figure] = []
    notes: list[str] = []
    question = simplified(asked)
    for figure in figures:
        found = stated_total(figure, opened)
        listing = None if found or not is_whole_metric(figure.metric) else \
            total_listing(figure, opened, text_of(figure.paragraph_id))
        if found is None and listing is None:
            out.append(figure)
            continue
        total, parts = found or listing
        twin = next((p for p in parts if p.value == figure.value
                     and p.span[0] <= figure.span[1] and figure.span[0] <= p.span[1]), figure)
        if any(w in question for w in own_words(twin, total, figure.metric)):
            out.append(figure)  # the part asked by name
            continue
        if found:  # the parts and their total, quoted together
            span = (min(p.span[0] for p in parts), total.span[1])
            quote = text_of(total.paragraph_id)[span[0]:span[1]]
            if not quote.endswith(total.quote):  # not the text indexed: the total's clause
                span, quote = total.span, total.quote
        else:  # the total stated first: its own clause
            span, quote = total.span, total.quote
        out.append(replace(total, metric=figure.metric, label=figure.label, kind=figure.kind,
                           span=span, quote=quote))
        notes.append(_SUM_NOTE if found else _LISTING_NOTE)
    return out, tuple(dict.fromkeys(notes))


def with_stated_totals(pick, opened: Sequence[Figure], asked: str,
                       text_of: Callable[[str], str]):
    """A FigurePick (assistant.answering.figures) whose parts of stated totals are the
    totals, with a note saying the report lists it by parts."""
    statements = []
    notes: list[str] = []
    for statement in pick.statements:
        figures, said = totals_for(statement, opened, asked, text_of)
        notes += said
        statements.append(tuple(dict.fromkeys(figures)))
    if not notes:
        return pick
    return replace(pick, statements=tuple(dict.fromkeys(statements)),
                   notes=tuple(dict.fromkeys((*pick.notes, *notes))))
