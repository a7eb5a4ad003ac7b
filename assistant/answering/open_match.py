"""Answering from open figures: any number a report states, matched to the question by
the words it counts, its clause, its unit and its kind.

An open figure (metric `open`, index/figures/open_figures.py) carries the phrase it
quantifies as `label` (受理各类服务事项, 微信公众号推送或转发信息) and its clause as `quote`.
A question is matched against both, with the corpus' BM25 idf weighting its words, plus
the words of the question found verbatim (so 政务新媒体 matches as a phrase, not only
word by word), the paragraph's rank in the question's hybrid retrieval (the embedding
signal), and what the question asks for: a unit (几条, 多少人), a share (占比, 百分之几),
a change (比上年增长), a rank (排第几), a cumulative total (累计). A weak best match, or two
different numbers matching equally well, is said — never chosen silently.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache

from assistant.answering.excerpts import phrase_overlap
from assistant.answering.open_context import asked_noun, head_fit, sentence_context
from assistant.answering.open_parts import names_part, one_total, setting_context, totals_of_parts
from assistant.question.metrics import UNIT_CLASSES, colloquial, metric_tier
from assistant.retrieval.bm25 import IdfTable
from core.models import Figure, Question
from core.text import GENERIC_WORDS, simplified, tokenize
from core.vocabulary import METRICS

OPEN = "open"
WEAK = 0.34  # below this share of the question's words, a match is not an answer
TWIN_MARGIN = 0.15  # how much better the open reading of a clause must be to overrule its cue
TIE = 0.06  # scores closer than this, with different values, are a tie to be shown
CONTEXT = 0.6  # what the counts before a share or a change say, against its own words
_CHANGE = re.compile(r"增长|增加|减少|下降|提高|提升|回落|上升|降低|比上年|同比|较上年|比去年|多了|少了")
_RANK = re.compile(r"第几|排名|排第|位列|名次")
_SHARE_UNITS = {"%", "‰"}
# Units that count things (items, cases, people, events), as opposed to parts of a text,
# durations, money or shares.
COUNT_UNITS = {"条", "件", "起", "次", "份", "个", "项", "篇", "期", "场", "名", "人", "人次",
               "家", "户", "台", "批", "宗", "例", "条次", "件次", "封", "个次"}
# Words of the question that name no quantity of the report.
# Verbs reports use for the same act of publishing: 发布754条环保信息 answers 公开了多少信息.
# (发文 of 微信公众号发文数: posting, as 通过微信发布信息209条 says it)
_PUBLISHING = ("公开", "发布", "公布", "推送", "上传", "刊发", "刊登", "发送", "发文")
_SAME_VERB = {verb: tuple(v for v in _PUBLISHING if v != verb) for verb in _PUBLISHING}
_QUESTION_PREFIX = re.compile(r"^(?:几个|几|多少个|多少)")
_QUESTION_ONLY = {"多少", "几", "一共", "共", "总共", "全年", "年", "年度", "本年", "今年", "报告",
                  "年报", "数", "数量", "是", "有", "大概", "大约", "左右", "哪些", "那份", "那个",
                  "里", "中", "说", "怎么", "期间", "情况", "分别",
                  # what caused it (信息公开引起的行政复议): the report says 行政复议144件
                  "引起", "引发",
                  # 百分之多少 asks a unit (the unit fit weighs it), no words a clause says
                  "百分", "百分比", "百分之", "百分之多少"}
# A verb's aspect ending (编了, 开过): the report writes the verb without it (编制…6期).
_ASPECT = re.compile(r"(?<=.)[了过着]$")
# 信息量, 发文量: the 量 asks how much, as 多少 does; the report counts the 信息.
_AMOUNT = re.compile(r"(?<=..)量$")


def is_open(figure: Figure) -> bool:
    return figure.metric == OPEN or figure.metric.startswith(OPEN + ".")


@dataclass(frozen=True)
class Scored:
    figure: Figure
    score: float
    coverage: float  # share of the question's word weight found in the label or clause
    whole: bool = False  # some word of the question is in the label or clause whole


@dataclass(frozen=True)
class OpenMatch:
    best: tuple[Scored, ...]  # the answer: one statement, or several tied different values
    weak: bool  # nothing matches well enough to answer
    nearest: tuple[Scored, ...] = ()  # the best candidates, for a not_found answer
    scored: tuple[Scored, ...] = ()  # every candidate, best first
    notes: tuple[str, ...] = ()  # what the answer must say of how it was found

    @property
    def tied(self) -> bool:
        return len({s.figure.value for s in self.best}) > 1


def _question_terms(question: Question) -> list[str]:
    # The report's words for colloquial ones (打官司 -> 诉讼), one-character words left out
    # (区, 起, 打: they match everywhere).
    words = tokenize(colloquial(question.focus)) if question.focus else list(question.terms)
    words = [_AMOUNT.sub("", _ASPECT.sub("", _QUESTION_PREFIX.sub("", t)))
             for t in words]  # 几个部分 -> 部分
    words = [t for t in words if len(t) >= 2 and not t.isdigit() and t not in _QUESTION_ONLY
             and not re.fullmatch(r"\d+年?|.得", t)]  # 发得(多): a verb's ending, not a topic
    # Generic words (公开, 政府信息) say little, but when they are all a question says
    # (全年公开了多少政府信息), they are what it asks.
    terms = [t for t in words if t not in GENERIC_WORDS] or words
    return list(dict.fromkeys(terms))


def _coverage(terms: Sequence[str], text: str, idf: Mapping[str, float], default: float) -> float:
    """The share of the question's word weight that `text` says. Search-mode tokens repeat
    a compound's sub-words (行政诉讼, 行政, 诉讼): each compound counts once, wholly when the
    text has it, else by the share of its sub-words the text has."""
    whole = _whole_terms(terms)
    total = sum(_weight(t, idf, default) for t in whole) or 1.0
    said = 0.0
    for term in whole:
        if term in text or any(w in text for w in _SAME_VERB.get(term, ())):
            said += _weight(term, idf, default)
            continue
        parts = [t for t in terms if t != term and t in term]
        weight = sum(_weight(t, idf, default) for t in parts)
        if weight:
            said += _weight(term, idf, default) * sum(
                _weight(t, idf, default) for t in parts if t in text) / weight
    return said / total


def _weight(term: str, idf: Mapping[str, float], default: float) -> float:
    return idf.get(term, default)


def _unseen_weight(idf: Mapping[str, float]) -> float:
    """The weight of a word no report has: the median word's (the rarest word's weight
    would let one odd token of the question outweigh all it shares with the report).
    The index's own table knows it already; any other mapping is measured the same way."""
    return (idf if isinstance(idf, IdfTable) else IdfTable(idf)).median


def _unit_fit(question: Question, figure: Figure) -> float:
    if figure.unit and re.search(rf"(?:几|多少)个?{re.escape(figure.unit)}", question.focus):
        return 0.3  # 分成几个部分: the figure counts in the very unit asked
    asked = question.unit
    if asked == "%":
        return 0.3 if figure.unit in _SHARE_UNITS else -1.0
    if figure.unit in _SHARE_UNITS:
        return -0.6  # 多少条 is not answered by a percentage
    if not asked:
        return 0.0
    same = next((c for c in UNIT_CLASSES if asked in c), {asked})
    if figure.unit in same or figure.unit.endswith(asked):
        return 0.25
    if asked in COUNT_UNITS and figure.unit not in COUNT_UNITS:
        return -1.0  # 多少件申请 is not answered by 六部分 or 15个工作日
    return -0.35


def _kind_fit(question: Question, figure: Figure) -> float:
    text = question.focus
    fit = 0.0
    change = bool(_CHANGE.search(text))
    if change != (figure.kind == "change"):
        fit -= 0.4 if change else 0.25
    if _RANK.search(text):
        fit += 0.3 if figure.kind in ("rank", "ordinal") else -0.2
    elif figure.kind in ("rank", "ordinal"):
        fit -= 0.2
    wanted = question.scope or "annual"
    if figure.scope != wanted:
        fit -= 0.3 if question.scope else 0.15
    return fit


@lru_cache(maxsize=1)
def _family_phrases() -> tuple[tuple[str, str], ...]:
    """(phrase, metric family) of the specific metrics (申请, 复议, 诉讼, 收费 …): words that
    say which kind of quantity a clause counts."""
    out = []
    for key, metric in METRICS.items():
        narrative = metric.same_as or key
        if metric_tier(narrative) >= 2 and metric.unit != "%":
            out += [(p, narrative.split(".")[0]) for p in metric.phrases if len(p) >= 2]
    return tuple(out)


def _other_metric(question: Question, figure: Figure) -> float:
    """A clause counting another kind of thing than the metric asked (主动公开 asked,
    政府信息公开申请1件 stated) is a poor answer however many words it shares."""
    asked = {(METRICS[m].same_as or m).split(".")[0] for m in question.metrics if m in METRICS}
    if not asked:
        return 0.0
    text = simplified(figure.label + figure.quote)
    other = {family for phrase, family in _family_phrases() if phrase in text}
    return -0.5 if other and not other & asked else 0.0


def score_figure(question: Question, figure: Figure, terms: Sequence[str],
                 idf: Mapping[str, float], paragraph_rank: Mapping[str, int],
                 context: str = "") -> Scored:
    """`context`: the labels of the counts before a share or a change in its sentence
    (open_context.sentence_context), what it is a share or a change of."""
    default = _unseen_weight(idf)
    label = simplified(figure.label) + " " + figure.unit  # 几个部分 asks the unit 部分
    clause = simplified(figure.quote)
    in_label = _coverage(terms, label, idf, default)
    coverage = in_label + 0.7 * max(0.0, _coverage(terms, clause, idf, default) - in_label)
    if context:
        coverage = max(coverage, CONTEXT * _coverage(
            terms, simplified(context) + " " + label + " " + clause, idf, default))
    phrase = max(phrase_overlap(question.core, label), 0.8 * phrase_overlap(question.core, clause)) \
        if question.core else 0.0
    rank = paragraph_rank.get(figure.paragraph_id)
    near = 0.3 / (1 + rank) if rank is not None else 0.0
    score = coverage + 0.5 * phrase + near + _unit_fit(question, figure) + \
        _kind_fit(question, figure) + _other_metric(question, figure) + \
        head_fit(asked_noun(question.focus), figure)
    whole = any(t in label or t in clause or t in context for t in _whole_terms(terms))
    return Scored(figure, score, coverage, whole)


def _whole_terms(terms: Sequence[str]) -> list[str]:
    return [t for t in terms if not any(t != other and t in other for other in terms)]


def match_open(question: Question, figures: Sequence[Figure], idf: Mapping[str, float],
               paragraph_rank: Mapping[str, int],
               texts: Mapping[str, str] | None = None) -> OpenMatch:
    """The open figures (of one office's reports) that answer the question; `texts`
    (paragraph id -> text) lets a share or a change be read with its sentence."""
    terms = _question_terms(question)
    candidates = [f for f in figures if is_open(f)]
    if not terms or not candidates:
        return OpenMatch((), True)
    texts = texts or {}
    # a share or a change is read with the counts before it; any other figure with the
    # words it sits under (its paragraph's heading, its sentence before its clause)
    context = {**setting_context(candidates, texts), **sentence_context(candidates, texts)}
    scored = [score_figure(question, f, terms, idf, paragraph_rank, context.get(f.id, ""))
              for f in candidates]
    totals = totals_of_parts(candidates, texts)
    asked = (question.focus or question.normalised, question.normalised)
    scored = sorted(_parts_below_totals(scored, totals, asked),
                    key=lambda s: (-s.score, s.figure.paragraph_id, s.figure.span))
    top = scored[0]
    nearest = tuple(scored[:3])
    if top.coverage < WEAK or top.score < WEAK or not top.whole:
        return OpenMatch((), True, nearest, tuple(scored))
    best = [top]
    for other in scored[1:]:
        if top.score - other.score > TIE:
            break
        if other.figure.value != top.figure.value and \
                all(other.figure.value != b.figure.value for b in best):
            best.append(other)
    total = one_total([b.figure for b in best], totals)
    if total is not None:  # the question's words spread over parts of one stated total
        return OpenMatch((replace(top, figure=total),), False, nearest, tuple(scored),
                         (PARTS_NOTE,))
    return OpenMatch(tuple(best[:3]), False, nearest, tuple(scored))


PARTS_NOTE = "所问的几项是报告中同一总数的分项，以上为报告所给的总数"


def _parts_below_totals(scored: Sequence[Scored], totals: Mapping[str, Figure],
                        asked: Sequence[str]) -> list[Scored]:
    """A part of a stated total that the question does not name in its own words (工作动态
    of 共主动公开各类信息75条,其中工作动态52条) and that matches no clearly better than its
    total ranks below it: it shares the total's setting and often its words, but a
    question naming no part asks the whole. `asked`: the question's texts (the office
    names blanked or not: 海关总署令 is a part named with its office's name)."""
    score_of = {s.figure.id: s.score for s in scored}
    out = []
    for s in scored:
        total = totals.get(s.figure.id)
        if total is not None and total.id in score_of and \
                s.score - score_of[total.id] <= TWIN_MARGIN and \
                not any(names_part(s.figure, total, text) for text in asked):
            s = replace(s, score=min(s.score, score_of[total.id] - 2 * TIE))
        out.append(s)
    return out


def covers_better(question: Question, match: OpenMatch, stated: Sequence[Figure],
                  idf: Mapping[str, float], paragraph_rank: Mapping[str, int]) -> bool:
    """Whether the open match says what the question asks clearly better than the
    vocabulary figures chosen (微信公众号发了多少条 is not the total 主动公开 figure)."""
    if match.weak or match.tied or not stated:
        return False
    terms = _question_terms(question)
    default = _unseen_weight(idf)

    def said(figure: Figure) -> float:  # label and clause alike: a vocabulary figure has no label
        return _coverage(terms, simplified(figure.label + figure.quote), idf, default)

    best = match.best[0]
    if any(f.value == best.figure.value for f in stated):
        # One of several different numbers the vocabulary read as the metric asked
        # (every 占…% of a category list, none named): the open reading says which one
        # the question names, when it beats the others' own open readings clearly.
        # (only readings of the same metric: a second part of the question, 胜诉几件 beside
        # 行政诉讼多少件, is no rival of the first)
        same = {f.metric for f in stated if f.value == best.figure.value}
        others = [f for f in stated if f.value != best.figure.value and f.metric in same]
        twins = [s for s in match.scored for f in others if _same_number(s.figure, f)]
        return bool(twins) and best.score >= max(t.score for t in twins) + TWIN_MARGIN
    if said(best.figure) >= max(said(f) for f in stated) + 0.25:
        return True
    # The same clause read both ways (行政复议144件,120件做了复议决定): the open figure
    # names what it counts; when the one for the question beats the chosen number's own
    # open reading clearly, the vocabulary cue read the wrong number.
    twins = [s for s in match.scored for f in stated if _same_number(s.figure, f)]
    return bool(twins) and best.score >= max(t.score for t in twins) + TWIN_MARGIN


def _same_number(open_figure: Figure, figure: Figure) -> bool:
    return (open_figure.paragraph_id == figure.paragraph_id and open_figure.value == figure.value
            and open_figure.span[0] <= figure.span[1] and figure.span[0] <= open_figure.span[1])
