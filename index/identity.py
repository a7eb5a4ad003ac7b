"""Which stored report a file is: identity from content, never from the file name.

Before (issue 15), a report was its file name: a second `年度报告.txt` of another office
"updated" the first one away, and `index dirA dirB` with a `report.txt` in each kept one
of the two. Now:

- the same bytes as a stored report (`content_hash`) are that report, whatever the file
  is called now: skipped when it is complete and built by the running code, built again
  when its code version differs (rebuilt / 重建), its records are incomplete (repaired /
  修复) or the user's correction changed (corrected / 更正);
- other bytes are another report, added beside the stored ones; when its name is taken
  it is stored under a unique display name (`年度报告（2）.txt`), and the summary says so;
- only when the user says so (`index --replace`, the web library's confirmation) does a
  file replace the stored report of the same name: a new version of that report. The
  user's correction of the old one carries over, since it is the same report to them.

`Library` is one run's view of the store, updated as the run decides, so two files of one
run cannot claim one name. The pipeline re-reads it under the writer lease before
writing, so a concurrent writer's reports are seen too (index/pipeline.py).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import PurePath

from core.models import Correction, IndexedReport

ADD, REPLACE, REBUILD, REPAIR, CORRECT, SKIP = (
    "added", "replaced", "rebuilt", "repaired", "corrected", "skipped")


@dataclass(frozen=True)
class Decision:
    action: str  # one of ADD ... SKIP
    source: str  # the display name to store the report under
    previous: IndexedReport | None = None  # the stored report it is, or replaces
    correction: Correction | None = None  # to apply: the given one over the stored one


def unique_name(source: str, taken: set[str]) -> str:
    """`source`, or `stem（n）suffix` with the smallest n from 2 not taken."""
    if source not in taken:
        return source
    path = PurePath(source)
    n = 2
    while f"{path.stem}（{n}）{path.suffix}" in taken:
        n += 1
    return f"{path.stem}（{n}）{path.suffix}"


class Library:
    def __init__(self, reports: Iterable[IndexedReport], incomplete: set[str],
                 version: str):
        self.version = version
        self.incomplete = set(incomplete)
        self.by_hash: dict[str, IndexedReport] = {}
        self.by_source: dict[str, IndexedReport] = {}
        for report in reports:
            self.by_hash.setdefault(report.content_hash, report)
            self.by_source[report.source] = report
        self.names = set(self.by_source)
        self.hashes = set(self.by_hash)

    def decide(self, source: str, content_hash: str, given: Correction | None,
               replace: bool = False) -> Decision:
        same = self.by_hash.get(content_hash)
        if same is not None:
            stored = same.correction
            correction = given.over(stored) if given else stored
            if correction != stored:
                action = CORRECT
            elif same.id in self.incomplete:
                action = REPAIR
            elif same.index_version != self.version:
                action = REBUILD
            else:
                action = SKIP
            return Decision(action, same.source, same, correction)
        if content_hash in self.hashes:  # another file of this run had these bytes
            return Decision(SKIP, source)
        target = self.by_source.get(source) if replace else None
        if target is not None:
            correction = given.over(target.correction) if given else target.correction
            return Decision(REPLACE, source, target, correction)
        return Decision(ADD, unique_name(source, self.names), None, given)

    def claim(self, decision: Decision, content_hash: str) -> None:
        """Record what this run is about to write, so later files see it."""
        self.names.add(decision.source)
        self.hashes.add(content_hash)
