"""Answer -> the JSON answer of the CLI (`ask --json`, `ask --batch`).

    {"id", "question", "status", "answer",
     "citations": [{"n", "report", "office", "year", "section", "paragraph", "quote"}],
     "figures": [{"metric", "value", "unit", "qualifier", "period", "office", "year",
                  "citation"}],
     "table": [...]}            # only when a comparison produced one
"""

from __future__ import annotations

from typing import Any

from core.models import Answer, Citation, Figure


def _number(value: float | None) -> int | float | None:
    if value is None:
        return None
    return int(value) if float(value).is_integer() else float(value)


def _citation_of(figure: Figure, citations: tuple[Citation, ...]) -> int | None:
    """The [n] citing the figure: its paragraph, with a quote holding the figure's."""
    same = [c for c in citations if c.paragraph == figure.paragraph_id]
    exact = [c for c in same if figure.quote in c.quote or c.quote in figure.quote]
    chosen = exact or same
    return chosen[0].n if chosen else None


def answer_to_json(answer: Answer, id: Any = None) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": id,
        "question": answer.question,
        "status": answer.status,
        "answer": answer.text,
        "citations": [
            {"n": c.n, "report": c.report, "office": c.office, "year": c.year,
             "section": c.section, "paragraph": c.paragraph, "quote": c.quote}
            for c in answer.citations
        ],
        "figures": [
            {"metric": f.metric, "value": _number(f.value), "unit": f.unit,
             "qualifier": f.qualifier, "period": f.period, "office": f.office,
             "year": f.year, "citation": _citation_of(f, answer.citations)}
            for f in answer.figures
        ],
    }
    if answer.table:
        data["table"] = [
            {"office": r.office, "year": r.year, "value": _number(r.value),
             "qualifier": r.qualifier, "scope": r.scope, "citation": r.citation,
             "display": r.display}
            for r in answer.table
        ]
    if answer.notes:
        data["notes"] = list(answer.notes)
    return data
