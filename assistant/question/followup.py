"""Follow-up questions: 那2018年呢？ 它的行政复议呢？ 和北沟街道比呢？ — understood from the
previous question: what the new one does not say (office, year, metric, what is asked)
is carried over, what it says replaces it, and the result is restated for the user
(`Question.understood`: （理解为：北沟街道2018年主动公开政府信息总数）).
"""

from __future__ import annotations

import re
from dataclasses import replace

from core.models import Question
from core.vocabulary import METRICS

# How a question shows it leans on the one before.
_LEANS = re.compile(r"^(?:那么?|那个|它的?|其|他们的?|该单位|这个单位|这家|还有|再问|换成|如果是)|呢[？?。！!]*$")
_VERSUS = re.compile(r"^(?:和|跟|与|同|对比|比较)(.+?)(?:比|相比|对比|比较)?(?:呢|怎么样|如何)?[？?。]*$")
_SHORT = 10  # characters: a question this short that names no office nor metric leans too


def is_followup(current: Question, previous: Question | None) -> bool:
    if previous is None:
        return False
    text = current.normalised.strip()
    if _LEANS.search(text) or _VERSUS.match(text):
        return True
    return len(text) <= _SHORT and not current.offices and not current.metrics \
        and not current.unknown_office


def _topic(question: Question) -> bool:
    """Whether the question says what it asks (a metric, or words beyond the cue)."""
    rest = re.sub(r"^(?:那么?|它的?|其|他们的?)|呢|[？?。！!\s]|(?:19|20)\d{2}年?", "",
                  question.focus)
    return bool(question.metrics) or len(rest) >= 3


def merge(previous: Question, current: Question) -> Question:
    """The current question with what it leaves unsaid taken from the previous one."""
    versus = bool(_VERSUS.match(current.normalised.strip())) and bool(current.offices)
    if current.unknown_office and not current.offices:
        return replace(current, understood=_restate(current, previous))
    offices = current.offices or previous.offices
    if versus:
        offices = tuple(dict.fromkeys(previous.offices + current.offices))
    topic = _topic(current) and not versus
    base = current if topic else previous
    kind = base.kind
    mode = base.mode
    if versus:
        kind, mode = "comparison", "versus"
    elif topic and current.metrics and previous.kind in ("figure", "comparison") \
            and current.kind in ("passage", "absent"):
        kind = previous.kind  # 它的行政复议呢 after a figure question asks a figure
    elif not topic and current.kind == "comparison" and not versus:
        kind, mode = current.kind, current.mode
    if kind == "absent" and offices:
        kind = "figure" if base.metrics else "passage"
    merged = replace(
        base, text=current.text, offices=offices,
        office_phrases=current.office_phrases if current.offices else previous.office_phrases,
        unknown_office="", ambiguous=len(offices) > 1 and not versus and previous.ambiguous,
        years=current.years or previous.years, kind=kind, mode=mode,
        scope=current.scope or previous.scope)
    return replace(merged, understood=_restate(merged, previous))


def _restate(question: Question, previous: Question) -> str:
    names = "、".join(o.short or o.name for o in question.offices) or question.unknown_office
    years = "、".join(f"{y}年" for y in question.years)
    metric = next((METRICS[m] for m in question.metrics if m in METRICS), None)
    asked = re.sub(r"（[^）]*）", "", metric.label) if metric else \
        (question.core or previous.core).strip()
    if question.kind == "comparison" and len(question.offices) > 1:
        return f"比较{names}{years}的{asked}"
    return f"{names}{years}{asked}"
