"""Real realdev reports read by the real loader and figure extractor, as the figure
answerer sees them, and figure questions understood as `understand` would: shared by the
answering tests over real report text."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from assistant.question.metrics import asked_unit, find_metrics, metric_segments
from assistant.question.understand import find_years, normalise_question
from benchmarks.figures_eval import load_report
from core.models import Figure, IndexedReport, Office, Question
from index.figures import extract_figures

OFFICE = Office("某单位", "某单位")


@lru_cache(maxsize=None)
def indexed_report(path: Path, year: int) -> tuple[IndexedReport, tuple[Figure, ...]]:
    """The report at `path` as indexed under OFFICE for `year`, with its figures."""
    loaded, paragraphs = load_report(path, year=year)
    result = extract_figures(loaded, paragraphs)
    figures = tuple(f.__class__(**{**f.__dict__, "report_id": loaded.id, "year": year})
                    for f in result.figures)
    indexed = IndexedReport(loaded.id, path.name, "", OFFICE, year, None, "2021", "h",
                            len(paragraphs), len(figures), tuple(result.warnings))
    return indexed, figures


def figure_question(text: str, focus: bool = True) -> Question:
    """A figure question about OFFICE (no office name in its words); `focus` sets the
    question's focus to its whole normalised text."""
    norm = normalise_question(text)
    return Question(text=text, normalised=norm, kind="figure", offices=(OFFICE,),
                    years=find_years(norm), metrics=find_metrics(norm), unit=asked_unit(norm),
                    metric_segments=tuple(tuple(s) for s in metric_segments(norm)),
                    focus=norm if focus else "")
