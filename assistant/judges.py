"""Is an answer right? One judge per kind of question, for both question-set formats.

Formats. `../shared/eval/seeds_qa.jsonl` names its files in `reports` (bare names) and
writes figure qualifiers as words ("more than"), comparison values as plain numbers or
strings (超3000, "110 (累计)"), passages as `phrases`. `../shared/realdev/qa.jsonl`
names its files in `report_files` (paths relative to the question file), writes the
hedge word of an approximate figure in `approx` (余/多/约/近), comparison values as
`{"value", "unit", "approx"}` keyed by an office name that may not be the name the
answer shows (`海关总署2020年`, `蚌埠的镇（名称未载）`), passages as `key_phrases`.

Rules (a reason is returned for every rule broken; no reasons = right):

- every kind except absent: answered (status `answered`);
- evidence: a cited paragraph (or quote) holds the evidence, compared normalised
  (Simplified, no pinyin, half-width) with whitespace and table bars `|` removed, so a
  table row saved one cell a line matches the cited table; when the item names its
  files, the citation must come from one of them (for comparisons: evidence i from
  file i);
- figure: the answer's figures state exactly the expected values (no missing, no extra
  value); the figure holding the value has the expected unit (realdev: always given;
  not for a zero stated in words, which has no unit in the text) and qualifier: `approx` → `about` (index/figures/numbers.py reads 余/多/约/近 so), a
  seeds `qualifier` word → its key, none → `exact` (or a zero stated in words);
- passage: every key phrase (`key_phrases`, seeds `phrases`) is in a cited paragraph;
- absent: status `not_found`;
- comparison (realdev): each expected value is matched to its file (the file whose
  evidence states that number, else the file in the same position) and the answer
  table must hold a row cited from that file with that value, unit and qualifier;
  `higher`: the text names the higher row's office as having more (较多 / 最多 / 更多…;
  with the year when both rows show the same office); `ranking` (high → low): the rows
  of the ranked files appear in the table in that order and the text names the first
  as having the most — the table is the ranking the user reads, and the text must say
  it is one (a table that lists offices in question order is not a ranking);
  `equal`: the text says they are the same (相同 / 一样 / 相等 / 持平, not negated);
- comparison (seeds): as before: a table cell per expected office value, `top`/`higher`
  named first, yes / no / not_stated offices, `must_mention` groups, evidence cited.

Wrong office (issue 12): separately from right/wrong, an answered question whose
citations or figures come from a file the item does not name is counted, and the judge
adds it as a reason (`cites a report the question is not about`). Items without any
file list (neither key) are not counted; an `absent` item with an empty list counts any
answered citation.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Mapping, Sequence
from pathlib import PurePath
from typing import Any

from core.models import Answer, Citation, TableRow
from core.normalise import normalise
from core.text import simplified

QUALIFIERS = {"more than": "more_than", "at least": "at_least", "about": "about",
              "less than": "less_than"}
# The hedge words of realdev's `approx`, read as index/figures/numbers.py reads them.
HEDGES = {"余": "about", "多": "about", "约": "about", "近": "about", "超": "more_than",
          "逾": "more_than"}
EXACT = ("exact", "zero_in_words")

Judge = Callable[[Answer, dict[str, Any]], list[str]]


def flat(text: str) -> str:
    """Normalised, without whitespace and table bars: how texts are compared."""
    return re.sub(r"[\s|｜]+", "", normalise(text or "").text)


def files_of(item: dict[str, Any]) -> list[str] | None:
    """The item's report file names (bare), in order; None when it names none."""
    names = item.get("report_files", item.get("reports"))
    if names is None:
        return None
    return [PurePath(str(n)).name for n in names]


def _citations(answer: Answer, files: Sequence[str] | None = None) -> list[Citation]:
    return [c for c in answer.citations
            if files is None or PurePath(c.report).name in files]


def _holds(answer: Answer, evidence: str, files: Sequence[str] | None = None) -> bool:
    """A cited paragraph holds the evidence; evidence over several paragraphs (an
    enumeration, written with line breaks) is held by those paragraphs cited in order."""
    wanted = flat(evidence)
    cited = _citations(answer, files)
    if any(wanted in flat(c.paragraph_text or c.quote) or wanted in flat(c.quote) for c in cited):
        return True
    paragraphs = {c.paragraph: c.paragraph_text or c.quote for c in cited}
    return "\n" in evidence.strip() and wanted in "".join(flat(t) for t in paragraphs.values())


def _values(expected: Any) -> list[float]:
    return [float(v) for v in (expected if isinstance(expected, list) else [expected])]


def _number(value: float) -> str:
    return f"{value:g}"


def expected_qualifier(expected: dict[str, Any]) -> tuple[str, ...]:
    if expected.get("approx"):
        return (HEDGES.get(expected["approx"], "about"),)
    if expected.get("qualifier"):
        return (QUALIFIERS.get(expected["qualifier"], expected["qualifier"]),)
    return EXACT


def judge_figure(answer: Answer, item: dict[str, Any]) -> list[str]:
    expected = item.get("expected") or {}
    if answer.status != "answered":
        return ["not answered"]
    wanted = _values(expected.get("value"))
    if "percent" in expected:
        wanted.append(float(expected["percent"]))
    stated = {float(f.value) for f in answer.figures}
    reasons = [f"missing value {_number(v)}" for v in wanted if v not in stated]
    reasons += [f"extra value {_number(v)}" for v in sorted(stated - set(wanted))]
    main = [f for f in answer.figures if float(f.value) in _values(expected.get("value"))]
    qualifiers = expected_qualifier(expected)
    if main and not any(f.qualifier in qualifiers for f in main):
        reasons.append(f"qualifier is {main[0].qualifier}, not {'/'.join(qualifiers)}")
    unit = expected.get("unit")
    # A zero stated in words (未发生, 未收到) has no unit in the text to compare.
    if unit and main and not any(f.unit == unit or f.qualifier == "zero_in_words"
                                 for f in main):
        reasons.append(f"unit is {main[0].unit!r}, not {unit!r}")
    if item.get("evidence") and not _holds(answer, item["evidence"], files_of(item)):
        reasons.append("no cited paragraph holds the evidence")
    return reasons


def judge_passage(answer: Answer, item: dict[str, Any]) -> list[str]:
    if answer.status != "answered":
        return ["not answered"]
    expected = item.get("expected") or {}
    files = files_of(item)
    texts = [flat(c.paragraph_text or c.quote) for c in _citations(answer, files)]
    phrases = expected.get("key_phrases", expected.get("phrases", []))
    reasons = [f"phrase {p!r} in no cited paragraph" for p in phrases
               if not any(flat(p) in t for t in texts)]
    if item.get("evidence") and not _holds(answer, item["evidence"], files):
        reasons.append("no cited paragraph holds the evidence")
    return reasons


def judge_absent(answer: Answer, item: dict[str, Any]) -> list[str]:
    return [] if answer.status == "not_found" else ["answered a question the reports cannot"]


def cited_files(answer: Answer, sources: Mapping[str, str]) -> set[str]:
    """The report files an answer cites or takes figures from (bare names)."""
    files = {PurePath(c.report).name for c in answer.citations}
    files |= {PurePath(sources[f.report_id]).name for f in answer.figures
              if f.report_id in sources}
    return files


def wrong_files(answer: Answer, item: dict[str, Any], sources: Mapping[str, str]) -> tuple[str, ...]:
    """Files of an answered question's citations / figures the item is not about."""
    files = files_of(item)
    if files is None or answer.status != "answered":
        return ()
    return tuple(sorted(cited_files(answer, sources) - set(files)))


def assign_files(keys: Sequence[str], numbers: Sequence[float], files: Sequence[str],
                 evidence: Sequence[str]) -> dict[str, str]:
    """Which file each expected office value is about: the assignment under which the
    most evidence strings state their value, ties going to the same positions (keys are
    office names the answer need not show, e.g. `蚌埠的镇（名称未载）`)."""
    def states(i: int, number: float) -> bool:
        text = flat(evidence[i]) if i < len(evidence) else ""
        return bool(re.search(rf"(?<![\d.]){re.escape(_number(number))}(?![\d.])", text))

    best, best_score = None, -1
    n = min(len(keys), len(files))
    for order in itertools.permutations(range(len(files)), n):
        score = sum(states(i, numbers[k]) for k, i in enumerate(order))
        if score > best_score:
            best, best_score = order, score
    return {keys[k]: files[i] for k, i in enumerate(best or ())}


def row_files(answer: Answer) -> list[tuple[TableRow, str]]:
    """Each table row with the file its cited cell comes from ('' for 未报告)."""
    by_n = {c.n: PurePath(c.report).name for c in answer.citations}
    return [(row, by_n.get(row.citation, "") if row.citation else "") for row in answer.table]


def simplified_text(answer: Answer) -> str:
    return simplified(answer.text)
