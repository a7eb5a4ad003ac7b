"""The words in running text that say what a number counts (narrative cues), the ways a
report says "none" (zero in words), and which units each metric may carry.

Cues are matched on normalised (Simplified, half-width) text with asides masked. One
alternation, longest phrases first, so 依申请公开政府信息 is one application cue and not
an application cue followed by an active-disclosure cue.
"""

from __future__ import annotations

import re
from functools import lru_cache

# (family, pattern). A family is a metric key, or a role resolved in context:
# "category" (a per-category count), "share", "sub.<outcome>" (an outcome of the case
# counted before it: review or litigation), "pending".
_CUES: tuple[tuple[str, str], ...] = (
    # 因政府信息公开申请行政复议 is about a review, not an application.
    ("application.received",
     r"依申请(?:公开)?(?:政府信息)?|政府信息公开的?申请(?!行政复议|复议)|公开申请(?!行政复议|复议)"
     r"|申请公开|收到申请|受理申请"),
    ("application.outcome.disclosed", r"予以公开|同意公开"),
    ("application.outcome.partial", r"部分公开"),
    ("application.outcome.refused", r"不予公开"),
    ("application.outcome.unable", r"无法提供|信息不存在"),
    ("application.outcome.not_handled", r"不予处理"),
    ("application.outcome.other", r"其他处理"),
    ("application.outcome.pending", r"尚在办理|正在办理|结转下年度?"),
    ("active.monthly_target", r"每个?月"),
    ("active.total",
     r"主动公开(?:政府信息)?(?:条目|信息)?|公开(?:了)?(?:政府)?信息(?!员)|公开条目|上传"),
    ("category", r"“[^”\n]{1,20}”|(?:信息|子)?条目|类信息"),
    ("share", r"百分比|占比|比例|比重|占"),
    ("fee.amount", r"收费|收取|费用"),
    ("sub.won", r"胜诉"),
    ("sub.lost", r"败诉"),
    ("pending", r"正在审理|审理中|尚未审结|未审结|未结案"),
    ("review.total", r"行政复议|复议"),
    ("litigation.total", r"行政诉讼|诉讼|起诉"),
    ("sub.upheld", r"维持"),
    ("sub.corrected", r"纠正"),
    ("sub.withdrawn", r"撤销|撤回"),
    ("appeal.total", r"申诉"),
    ("complaint.total", r"举报|投诉"),
    ("consultation.total", r"咨询"),
    ("channel.columns", r"栏目|专栏"),
    ("channel.coverage", r"覆盖"),
    ("channel.reading_points", r"查阅点|查阅场所"),
    ("staff.dedicated", r"专职(?:工作)?人员"),
    ("training", r"培训"),
    ("press.conferences", r"(?:新闻)?发布会"),
    ("interpretation.count", r"政策解读|解读"),
)


def _top_level(pattern: str) -> list[str]:
    """Split a pattern at the `|` outside groups and classes."""
    parts, depth, start, escaped = [], 0, 0, False
    for i, ch in enumerate(pattern):
        if escaped:
            escaped = False
        elif ch == "\\":
            escaped = True
        elif ch in "([":
            depth += 1
        elif ch in ")]":
            depth -= 1
        elif ch == "|" and depth == 0:
            parts.append(pattern[start:i])
            start = i + 1
    parts.append(pattern[start:])
    return parts


def _first_chars(pattern: str) -> set[str]:
    """The characters a branch can start with (literal branches, optional groups)."""
    if not pattern.startswith("(?:"):
        return {pattern[0]}
    depth, close = 0, 0
    for i, ch in enumerate(pattern):
        depth += ch == "("
        depth -= ch == ")"
        if depth == 0:
            close = i
            break
    chars = set().union(*(_first_chars(b) for b in _top_level(pattern[3:close])))
    if pattern[close + 1:close + 2] == "?":
        chars |= _first_chars(pattern[close + 2:])
    return chars


def _build() -> tuple[re.Pattern, list[tuple[re.Pattern, str]]]:
    # Longest alternatives first across families: a regex alternation takes the first
    # branch that matches, not the longest.
    alternatives = [(family, alt) for family, pattern in _CUES for alt in _top_level(pattern)]
    alternatives.sort(key=lambda fa: -len(re.sub(r"\(\?[^)]*\)|[\\()?:\[\]^*+{}]", "", fa[1])))
    # One plain alternation behind a first-character check: most positions fail at once.
    # (Named groups per branch made the scan several times slower.)
    first = "".join(sorted(set().union(*(_first_chars(alt) for _, alt in alternatives))))
    combined = re.compile(f"(?=[{first}])(?:" + "|".join(a for _, a in alternatives) + ")")
    return combined, [(re.compile(alt), family) for family, alt in alternatives]


CUE_RE, _ALTERNATIVES = _build()


@lru_cache(maxsize=4096)
def _family_of(text: str) -> str:
    for pattern, family in _ALTERNATIVES:
        if pattern.fullmatch(text):
            return family
    raise ValueError(f"not a cue: {text}")


def cue_family(match: re.Match) -> str:
    """The family of the branch that matched: the first whose pattern spans the text."""
    return _family_of(match.group())


# Zero in words: the phrase, then the cues after it in its clause say what is zero.
ZERO_RE = re.compile(
    r"未(?:发生|收到|接到|受理|出现|产生|有)"
    r"|未(?=收取)"
    r"|没有(?=[^，,；;。]{0,6}?(?:收取|发生|收到|接到|出现|产生))"
    r"|无一例"
    r"|无(?=[^，,；;。]{0,40}?情况发生)"
    r"|无(?=行政复议|行政诉讼|申诉|举报|投诉|收费|依申请|政府信息公开申请)"
    r"|均?为零(?![件起条个次])"
)
# Between two event words: the first only says what the second is about (申请的行政复议).
QUALIFIES_NEXT = re.compile(r"的|而?引[发起]的|所?引[发起]的|方面的|引发|引起")
# Metrics a zero in words can state: totals of events, never outcomes or categories.
ZERO_METRICS = frozenset({"application.received", "fee.amount", "review.total",
                          "litigation.total", "appeal.total", "complaint.total",
                          "consultation.total"})

_EVENTS = ("件", "起", "次", "例", "个")
UNITS: dict[str, tuple[str, ...]] = {
    "active.total": ("条", "件"),
    "active.category": ("条", "件"),
    "active.category_share": ("%",),
    "active.monthly_target": ("条", "件"),
    "application.received": ("件", "个", "份", "次", "条"),
    "fee.amount": ("元", "万元"),
    "review.total": _EVENTS, "review.upheld": _EVENTS, "review.corrected": _EVENTS,
    "review.withdrawn": _EVENTS, "review.pending": _EVENTS,
    "litigation.total": _EVENTS, "litigation.won": _EVENTS, "litigation.lost": _EVENTS,
    "litigation.pending": _EVENTS,
    "appeal.total": _EVENTS, "complaint.total": _EVENTS,
    "consultation.total": ("次", "人次", "件", "条"),
    "channel.columns": ("个",),
    "channel.coverage": ("%",),
    "channel.reading_points": ("个", "处"),
    "staff.dedicated": ("名", "人"),
    "training.sessions": ("次", "期", "场"),
    "training.participants": ("人次", "人"),
    "press.conferences": ("场", "次"),
    "interpretation.count": ("篇", "条", "次"),
}
for _outcome in ("disclosed", "partial", "refused", "unable", "not_handled", "other", "pending"):
    UNITS[f"application.outcome.{_outcome}"] = ("件", "个", "条")
