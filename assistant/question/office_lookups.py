"""The office directory's lookups, made once per directory (a directory is built per
corpus snapshot and not changed after): a question is matched against these maps and
name indexes (name_index.py), not against every office in turn — at thousands of
offices each scan cost milliseconds, several times per question."""

from __future__ import annotations

from collections.abc import Iterable
from functools import cached_property
from typing import TYPE_CHECKING

from core.models import Office

from .name_index import NameIndex

if TYPE_CHECKING:
    from .offices import OfficeEntry


class DirectoryLookups:
    """Mixed into OfficeDirectory, whose `entries` they index."""

    entries: list[OfficeEntry]

    @cached_property
    def _entry_of(self) -> dict[Office, OfficeEntry]:
        return {e.office: e for e in reversed(self.entries)}  # the first entry wins

    @cached_property
    def _position(self) -> dict[int, int]:
        return {id(e): i for i, e in enumerate(self.entries)}

    @cached_property
    def _by_name(self) -> dict[str, list[OfficeEntry]]:
        return _grouped((name, e) for e in self.entries for name in dict.fromkeys(e.names)
                        if name)

    @cached_property
    def _by_core(self) -> dict[str, list[OfficeEntry]]:
        return _grouped((e.core, e) for e in self.entries if e.core)

    @cached_property
    def _by_alias(self) -> dict[str, dict[str, list[OfficeEntry]]]:
        return {attribute: _grouped((a, e) for e in self.entries
                                    for a in dict.fromkeys(getattr(e, attribute)) if a)
                for attribute in ("chain", "context")}

    @cached_property
    def _name_index(self) -> NameIndex:
        return NameIndex(self._by_name)

    @cached_property
    def _core_index(self) -> NameIndex:
        return NameIndex(self._by_core)

    @cached_property
    def _alias_index(self) -> dict[str, NameIndex]:
        return {attribute: NameIndex(by) for attribute, by in self._by_alias.items()}

    @cached_property
    def _known_index(self) -> NameIndex:
        """`_known` of two characters or more: the names a place may sit in or hold."""
        return NameIndex(k for k in self._known if len(k) >= 2)

    @cached_property
    def _known(self) -> frozenset[str]:
        return frozenset(a for e in self.entries for a in (*e.names, e.core, *e.chain,
                                                           *e.context) if a)

    def known_names(self) -> set[str]:
        return {a for e in self.entries for a in (*e.names, e.core, *e.chain) if a}

    @cached_property
    def _known_names(self) -> NameIndex:
        """`known_names()` as a NameIndex (what unindexed_office looks names up in)."""
        return NameIndex(self.known_names())


def _grouped(pairs: Iterable[tuple[str, OfficeEntry]]) -> dict[str, list[OfficeEntry]]:
    """key -> the entries having it, in the directory's order."""
    grouped: dict[str, list[OfficeEntry]] = {}
    for key, entry in pairs:
        grouped.setdefault(key, []).append(entry)
    return grouped
