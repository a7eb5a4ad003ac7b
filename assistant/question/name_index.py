"""Which indexed names occur in a question, without a scan of every name.

Understanding a question asks, several times, "which of the directory's names (office
names, their cores, places of their region) occur in this text?" and "does any name
contain this phrase?". A loop over every name costs milliseconds per question at
thousands of offices; here the first is answered from the text's own substrings (a
question is short) and the second by one substring search in all names joined.
"""

from __future__ import annotations

from collections.abc import Iterable

SEPARATOR = "\n"  # in no name and in no phrase looked up (those are runs of Chinese)


class NameIndex:
    def __init__(self, names: Iterable[str]):
        self.names = frozenset(n for n in names if n)
        self.longest = max(map(len, self.names), default=0)
        self._joined = SEPARATOR + SEPARATOR.join(sorted(self.names)) + SEPARATOR

    def __contains__(self, name: str) -> bool:
        return name in self.names

    def occurring_in(self, text: str) -> list[str]:
        """The names that are substrings of `text`, each once, in order of first
        occurrence (the longer first where two start at one place)."""
        found: dict[str, None] = {}
        for start in range(len(text)):
            for end in range(min(len(text), start + self.longest), start, -1):
                piece = text[start:end]
                if piece in self.names:
                    found.setdefault(piece)
        return list(found)

    def prefixes_of(self, text: str) -> list[str]:
        """The names `text` starts with, longest first."""
        return [text[:end] for end in range(min(len(text), self.longest), 0, -1)
                if text[:end] in self.names]

    def any_containing(self, part: str) -> bool:
        """Whether some name holds `part` (`part` in that name)."""
        return bool(part) and SEPARATOR not in part and part in self._joined
