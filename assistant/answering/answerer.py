"""The deterministic answerer: a Question and the store in, an Answer with checked
citations out. No LLM, no invented number.

- figure: stored figures of the office(s), each cited by its verbatim quote;
- passage: the best paragraph(s), enumerations kept whole;
- listing: the indexed reports matching the question's filters;
- otherwise `not_found`, with the nearest passages to read instead.

When a phrase matched several offices, each is answered and the answer says so.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from assistant.answering.citations import CitationList
from assistant.answering.excerpts import best_quotes, choose_run, sentence_start, substantive
from assistant.answering.figures import FigurePick, pick_figures
from assistant.answering.open_match import covers_better, is_open, match_open
from assistant.answering.stated_totals import with_stated_totals
from assistant.answering.table_choice import cells_answered, with_text_twins
from assistant.answering.wording import period_text, value_text
from assistant.question.cues import asked_action
from assistant.question.metrics import colloquial, metric_tier
from core.models import Answer, Figure, Office, Passage, Question
from core.text import simplified
from assistant.retrieval.hybrid import HybridRetriever
from core.vocabulary import METRICS

# Words that say nothing about what a passage question is after.
NEAREST = 3
CANDIDATES = 10  # passages a passage answer chooses among


def office_label(office: Office) -> str:
    return office.short or office.name


def metric_title(figure: Figure) -> str:
    if is_open(figure):  # what the report says it counts: 受理各类服务事项
        label = figure.label
        if figure.kind in ("rank", "ordinal"):  # 正式实施的第(二年): the 第 is the value's
            label = re.sub(r"的?第$", "", label)
        return label or "报告所列数字"
    metric = METRICS.get(figure.metric)
    title = re.sub(r"（[^）]*）", "", metric.label) if metric else figure.metric
    if figure.label:
        title = f"{title}（{figure.label}）"
    return title


def describe_figure(figure: Figure, markers: Sequence[int]) -> str:
    scope = f"，累计数（{period_text(figure.period)}）" if figure.scope == "cumulative" else ""
    zero = "（报告以文字说明为零）" if figure.qualifier == "zero_in_words" else ""
    cited = "".join(f"[{n}]" for n in markers)
    return f"{metric_title(figure)}：{value_text(figure)}{zero}{scope}{cited}"


class Answerer:
    def __init__(self, retriever: HybridRetriever):
        self.retriever = retriever
        self.store = retriever.store

    def answer(self, question: Question) -> Answer:
        if question.kind == "absent" or (question.unknown_office and not question.offices):
            return self._unknown_office(question)
        if question.kind == "listing":
            return self._listing(question)
        if question.kind == "figure":
            return self._figures(question)
        return self._passages(question)

    # ---- figures ---------------------------------------------------------------------

    def _figures(self, question: Question) -> Answer:
        view = self.retriever.view()
        offices = question.offices or tuple(dict.fromkeys(r.office for r in view.reports))
        picks = [self._office_pick(question, office, view) for office in offices]
        found = [p for p in picks if p.figures]
        if not found:
            notes = tuple(n for p in picks for n in p.notes)
            return self._not_found(question, "报告中没有找到这个数字", notes)
        paragraphs = {p.paragraph_id: p for p in view.passages(
            f.paragraph_id for pick in found for f in pick.figures)}
        builder = CitationList()
        lines = []
        notes = list(self._ambiguity(question))
        for pick in picks:
            lines.append(self._figure_lines(pick, paragraphs, builder, question))
            notes += pick.notes
        text = "\n".join(self._ambiguity(question) + tuple(line for line in lines if line))
        return Answer(question=question.text, status="answered", text=text,
                      citations=builder.citations(),
                      figures=tuple(f for p in found for f in p.figures), kind="figure",
                      notes=tuple(dict.fromkeys(notes)))

    def _office_pick(self, question: Question, office: Office, view) -> FigurePick:
        """The vocabulary figures the question asks (official tables, known metrics); the
        open figures when those say nothing, or say clearly less of what is asked."""
        figures = view.figures_of(office)
        reports = view.reports_of(office)
        vocabulary = [f for f in figures if not is_open(f)]
        pick = pick_figures(question, office, vocabulary, reports)
        pick = with_stated_totals(pick, [f for f in figures if is_open(f)],
                                  question.focus or question.normalised,
                                  lambda pid: next((p.text for p in view.passages([pid])), ""))
        if pick.notes and not pick.figures and question.years and not any(
                r.year in question.years for r in reports):
            return pick  # no report of the year asked: said, nothing else tried
        if cells_answered(question, pick.figures):
            # the official table's cell asked: running text does not overrule it, and
            # where it states the same number it is cited beside the cell
            return with_text_twins(pick, [f for f in figures if is_open(f)], question.unit)
        opened, year_notes = _in_years(question, office, [f for f in figures if is_open(f)])
        # with a vocabulary figure found, only a metric the question names in so many
        # words (行政诉讼) keeps out open figures that do not name it
        opened = naming_the_metric(question, opened, said_only=bool(pick.figures))
        if not opened:
            return pick
        ranks = {p.paragraph_id: i for i, p in enumerate(
            self.retriever.retrieve(question, k=CANDIDATES, offices=(office,)))}
        # a figure is read with its paragraph: a share or a change with its sentence (what
        # it is a share of), any with its heading and the total it is a part of
        texts = {p.paragraph_id: p.text for p in view.passages(
            dict.fromkeys(f.paragraph_id for f in opened))}
        match = match_open(question, opened, view.bm25.idf, ranks, texts)
        if pick.figures and not covers_better(question, match, pick.figures,
                                              view.bm25.idf, ranks):
            return pick
        if match.weak:
            return pick
        notes = list(year_notes) + list(match.notes)
        if match.tied:
            notes.append("报告中有几个数字都可能是所问的，均列出，请核对原文")
        return FigurePick(office, tuple((s.figure,) for s in match.best), (),
                          tuple(dict.fromkeys(notes)))

    def _figure_lines(self, pick: FigurePick, paragraphs: dict[str, Passage],
                      builder: CitationList, question: Question) -> str:
        name = office_label(pick.office)
        if not pick.figures:
            return f"{name}：报告中没有找到这个数字。"
        parts = []
        view = self.retriever.view()
        for statement in pick.statements:  # the same figure stated in several places
            markers = []
            for f in statement:  # a sentence begun on the line before is cited from there
                passage = paragraphs[f.paragraph_id]
                siblings = view.report_paragraphs(passage.report_id)
                markers += [builder.cite(p, p.text.strip())
                            for p in sentence_start(siblings, passage, f.span[0])]
                markers.append(builder.cite(passage, f.quote))
            parts.append(describe_figure(statement[0], list(dict.fromkeys(markers))))
        year = pick.figures[0].year
        head = f"{name}{year}年报告" if year and all(f.year == year for f in pick.figures) \
            else name
        missing = [METRICS[m].label for m in pick.missing if m in METRICS]
        tail = f"；报告未提及{'、'.join(missing)}" if missing else ""
        said = "".join(f"（{note}）" for note in pick.notes)  # annual vs cumulative, years
        return f"{head}：" + "；".join(parts) + tail + "。" + said

    # ---- passages --------------------------------------------------------------------

    def _passages(self, question: Question) -> Answer:
        view = self.retriever.view()
        k = max(CANDIDATES, self.retriever.top_k)
        notes: list[str] = []
        if question.unknown_office and question.offices:  # a general office, read in its
            # government's report (understand.governing)
            notes.append(f"没有{question.unknown_office}自己的报告，以下摘自"
                         f"{'、'.join(o.name for o in question.offices)}的报告")
        groups = []
        for office in question.offices:
            asked = self._latest_report(question, office, view, notes)
            if asked.years and not any(r.year in asked.years for r in view.reports_of(office)):
                groups.append(self._mentioning_year(asked, office, view, k, notes))
                continue
            groups.append(self._saying(asked, k, (office,)))
        if not question.offices:
            groups.append(self._saying(question, k, None))
        tokens = list(question.terms)
        builder = CitationList()
        blocks = []
        nearest: list[Passage] = []
        for passages in groups:
            nearest += passages[:NEAREST]
            paragraphs = {rid: view.report_paragraphs(rid)
                          for rid in dict.fromkeys(p.report_id for p in passages)}
            chosen = choose_run(passages, paragraphs, tokens, view.bm25.idf,
                                core=question.core, role=question.role,
                                action=asked_action(question.focus or question.normalised))
            if chosen is None:
                continue
            blocks.append(self._passage_block(*chosen, tokens, view.bm25.idf, builder))
        if not blocks:
            return self._not_found(question, "报告中没有找到相关内容", tuple(notes), nearest)
        text = "\n\n".join(self._ambiguity(question) + tuple(blocks))
        if notes:
            text += "\n\n" + "".join(f"（{note}）" for note in notes)
        return Answer(question=question.text, status="answered", text=text,
                      citations=builder.citations(), kind="passage",
                      notes=self._ambiguity(question) + tuple(notes))

    def _saying(self, question: Question, k: int, offices) -> list[Passage]:
        """The best `k` passages that say something: one-cell-a-line table fragments
        (信息内容 |, 213 |) and signatures crowd a ranking, never an answer."""
        found = [p for p in self.retriever.retrieve(question, k=k * 3, offices=offices)
                 if substantive(p)]
        if question.contact:  # 打什么电话: only the paragraphs that give one, where any do
            found = [p for p in found if _CONTACT.search(p.text)] or found
        return found[:k]

    def _mentioning_year(self, question: Question, office: Office, view, k: int,
                         notes: list[str]) -> list[Passage]:
        """An office with no report of the year asked: only passages of its other reports
        that speak of that year (a 2020 report on 2019's evaluation) may answer, and the
        answer says whose report they come from."""
        have = sorted({r.year for r in view.reports_of(office) if r.year})
        asked = "、".join(str(y) for y in question.years)
        name = office_label(office)
        found = [p for p in self.retriever.retrieve(replace(question, years=()), k=k,
                                                    offices=(office,))
                 if any(f"{y}年" in p.text or f"{y}年" in simplified(p.text)
                        for y in question.years)]
        listed = "、".join(str(y) for y in have) or "无"
        notes.append(f"{name}没有{asked}年的报告（已索引：{listed}年）"
                     + ("，以下摘自其他年份报告中提到该年的段落" if found else ""))
        return found

    @staticmethod
    def _latest_report(question: Question, office: Office, view, notes: list[str]) -> Question:
        """No year asked of an office with several reports: its latest report answers,
        and the answer says which (as figure answers do)."""
        years = sorted({r.year for r in view.reports_of(office)
                        if r.office == office and r.year},
                       reverse=True)
        if question.years or len(years) < 2:
            return question
        others = "、".join(str(y) for y in years[1:])
        notes.append(f"{office_label(office)}有多年的报告，以下摘自{years[0]}年报告（另有{others}年）")
        return replace(question, years=(years[0],))

    @staticmethod
    def _passage_block(best: Passage, run: list[Passage], tokens: list[str],
                       idf: dict[str, float], builder: CitationList) -> str:
        head = f"{best.office_short or best.office}"
        if best.year:
            head += f"{best.year}年报告"
        section = best.section.split(" > ")[-1] if best.section else ""
        lines = [f"{head}{'（' + section + '）' if section else ''}："]
        for passage in run:
            quotes = [passage.text.strip()] if len(run) > 1 else \
                best_quotes(passage.text, tokens, idf)
            lines.append("……".join(f"{q}[{builder.cite(passage, q)}]" for q in quotes))
        return "\n".join(lines)

    # ---- the rest --------------------------------------------------------------------

    def _listing(self, question: Question) -> Answer:
        view = self.retriever.view()
        reports = [r for r in view.reports
                   if (not question.offices or r.office in question.offices)
                   and (not question.years or r.year in question.years)]
        if not reports:
            return Answer(question.text, "not_found", "没有符合条件的已索引报告。", kind="listing")
        lines = [f"- {office_label(r.office)}（{r.office.name}）{r.year or '年份未知'}年：{r.source}"
                 for r in sorted(reports, key=lambda r: (office_label(r.office), r.year or 0))]
        return Answer(question.text, "answered",
                      f"已索引的报告共{len(reports)}份：\n" + "\n".join(lines), kind="listing")

    def _unknown_office(self, question: Question) -> Answer:
        view = self.retriever.view()
        name = question.unknown_office or "这个单位"
        return Answer(question.text, "not_found",
                      f"没有{name}的报告，无法回答。{indexed_like(name, view.reports)}",
                      kind="absent")

    def _not_found(self, question: Question, reason: str, notes: Sequence[str] = (),
                   nearest: Sequence[Passage] | None = None) -> Answer:
        if nearest is None:
            nearest = []
            for office in question.offices or (None,):
                nearest += self.retriever.retrieve(
                    question, offices=(office,) if office else None)[:NEAREST]
        builder = CitationList()
        lines = [f"{reason}。" + ("".join(f"{n}。" for n in notes))]
        if nearest:
            lines.append("最接近的段落（供查阅，不构成答案）：")
            for passage in nearest[:NEAREST * max(1, len(question.offices))]:
                quote = best_quotes(passage.text, list(question.terms))[0]
                lines.append(f"- {office_label_of(passage)}：{quote}"
                             f"[{builder.cite(passage, quote)}]")
        return Answer(question.text, "not_found", "\n".join(lines),
                      citations=builder.citations(), kind=question.kind,
                      notes=tuple(notes))

    @staticmethod
    def _ambiguity(question: Question) -> tuple[str, ...]:
        if not question.ambiguous:
            return ()
        names = "、".join(o.name for o in question.offices)
        phrase = "、".join(question.office_phrases)
        return (f"“{phrase}”对应多个已索引的单位：{names}，以下分别作答。",)


# A phone number, an e-mail address, a postal address or code, as reports write them.
_CONTACT = re.compile(r"\d{3,4}[-－—]\d{7,8}|\d{7,8}|@[\w.]+|地址[:：]|邮编|郵編|电话[:：]|電話[:：]")
LISTED = 8  # offices an unknown-office answer names at most


def indexed_like(name: str, reports: Sequence) -> str:
    """What is indexed, for a name that matched nothing: the offices sharing a word with
    it (same place or same kind of office), each with its years; else how much is."""
    years: dict[str, set[int]] = {}
    for report in reports:
        years.setdefault(report.office.name, set()).update({report.year} if report.year else ())
    if not years:
        return "索引中还没有报告。"
    key = re.sub(r"(?:人民政府|政府|办公厅|办公室|街道办事处|办事处)", "", simplified(name))
    pieces = {key[i:i + 2] for i in range(len(key) - 1)}
    related = [office for office in years
               if any(p in simplified(office) for p in pieces if not p.isdigit())]
    def listed(office: str) -> str:
        ys = "、".join(str(y) for y in sorted(years[office]))
        return f"{office} {ys}" if ys else office
    if related:
        more = "等" if len(related) > LISTED else ""
        return "已索引：" + "；".join(listed(o) for o in sorted(related)[:LISTED]) + more + "。"
    return "已索引的单位可用 reports 命令或“报告库”查看。"


def naming_the_metric(question: Question, figures: Sequence[Figure],
                      said_only: bool = False) -> list[Figure]:
    """A question asking a specific known metric (行政复议, 不予公开, 收费) that the report
    states nowhere is not answered by some other number of it: only open figures whose
    words name that metric may answer. `said_only`: only a metric one of whose phrases
    the question says verbatim counts (信函提的申请 reads as "received" loosely)."""
    # (a share metric is the unit asked, 百分之多少, not a topic: the unit check covers it)
    specific = [METRICS[m] for m in question.metrics
                if m in METRICS and metric_tier(m) >= 2 and METRICS[m].unit != "%"]
    if said_only:
        said = simplified(colloquial(question.normalised))
        specific = [m for m in specific if any(len(p) >= 2 and p in said for p in m.phrases)]
    if not specific:
        return list(figures)
    phrases = {p for metric in specific for p in metric.phrases if len(p) >= 2}

    def names(figure: Figure) -> str:  # a stated zero names its event in its label alone
        return figure.label if figure.qualifier == "zero_in_words" else figure.label + figure.quote
    return [f for f in figures if any(p in simplified(names(f)) for p in phrases)]


def _in_years(question: Question, office: Office,
              figures: Sequence[Figure]) -> tuple[list[Figure], tuple[str, ...]]:
    """The figures of the years asked, or of the office's latest year (and a note
    naming the other years)."""
    if question.years:
        return [f for f in figures if f.year in question.years], ()
    years = sorted({f.year for f in figures if f.year}, reverse=True)
    if len(years) <= 1:
        return list(figures), ()
    others = "、".join(str(y) for y in years[1:])
    name = office.short or office.name
    return ([f for f in figures if f.year == years[0] or not f.year],
            (f"{name}有多年的报告，以下为{years[0]}年的数字（另有{others}年）",))


def office_label_of(passage: Passage) -> str:
    year = f"{passage.year}年" if passage.year else ""
    return f"{passage.office_short or passage.office}{year}"



