"""The web app's filters (只看此机关 / 只看此年度) against what a question's own words name.

A filter narrows a question that names no office or year. When the question names
another office or year, the filter would answer something the user did not ask — so the
question's words win and the answer says which filter was set aside (through
`Question.understood`, shown as （理解为：…）), never silently.
"""

from __future__ import annotations

from dataclasses import dataclass

from assistant.question.offices import OfficeDirectory
from core.models import Office, Question
from core.text import simplified


@dataclass(frozen=True)
class FilterConflict:
    office: bool = False  # the question names an office the office filter is not
    year: bool = False  # the question names years the year filter is not among
    note: str = ""  # how the answer says it: 问题所问的X，而非筛选“只看此机关”的Y

    def __bool__(self) -> bool:
        return self.office or self.year


def filter_offices(directory: OfficeDirectory, office: str) -> tuple[Office, ...]:
    """The indexed offices an office filter means (its full name or a name of it)."""
    wanted = simplified(office)
    return tuple(e.office for e in directory.entries
                 if wanted in e.names or wanted == e.office.name)


def filter_conflict(said: Question, office: str | None, year: int | None,
                    directory: OfficeDirectory) -> FilterConflict:
    """Whether the filters contradict `said`, the question as its own text reads."""
    notes = []
    office_conflict = False
    if office and (said.offices or said.unknown_office):
        wanted = filter_offices(directory, str(office))
        if wanted and not set(wanted) & set(said.offices):
            office_conflict = True
            named = "、".join(o.short or o.name for o in said.offices) or said.unknown_office
            shown = wanted[0].short or wanted[0].name
            notes.append(f"问题所问的{named}，而非筛选“只看此机关”的{shown}")
    year_conflict = bool(year and said.years and int(year) not in said.years)
    if year_conflict:
        named = "、".join(f"{y}年" for y in said.years)
        notes.append(f"问题所问的{named}，而非筛选“只看此年度”的{int(year)}年")
    return FilterConflict(office_conflict, year_conflict, "；".join(notes))
