"""Splitting a crawled row whose cells ran together (`（一）予以公开7000007`) into cells.

A run of digits can be cut into n numbers in many ways. The official tables carry their
own check: a row of table 三 ends with its 总计 (= the six applicant columns), each case
of table 四 ends with its 总计 (= 维持+纠正+其他+尚未审结). A run is split only when
exactly one cut satisfies every such identity; otherwise it is not read at all (the
caller says why in a warning). A number never starts with 0 unless it is 0 itself.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

_MAX_DIGITS = 7  # a cell of these tables never needs more (counts, not money)
_MAX_RUN = 60


@dataclass(frozen=True)
class Group:
    """`size` consecutive cells; `summed` when the last is the sum of the others."""

    size: int
    summed: bool


def _numbers(digits: str, start: int, count: int) -> Iterator[tuple[list[int], int]]:
    """Every way to read `count` numbers from digits[start:], with where they end."""
    if count == 0:
        yield [], start
        return
    left = len(digits) - start
    if left < count:
        return
    longest = 1 if digits[start] == "0" else min(_MAX_DIGITS, left - count + 1)
    for length in range(1, longest + 1):
        head = int(digits[start:start + length])
        for rest, end in _numbers(digits, start + length, count - 1):
            yield [head, *rest], end


def _solve(digits: str, start: int, groups: Sequence[Group], limit: int) -> list[list[int]]:
    if not groups:
        return [[]] if start == len(digits) else []
    group, found = groups[0], []
    for numbers, end in _numbers(digits, start, group.size):
        if group.summed and sum(numbers[:-1]) != numbers[-1]:
            continue
        for rest in _solve(digits, end, groups[1:], limit - len(found)):
            found.append(numbers + rest)
            if len(found) >= limit:
                return found
    return found


def split_run(digits: str, groups: Sequence[Group]) -> tuple[list[int] | None, int]:
    """(the cells, 1) when exactly one cut fits; (None, how many fit: 0 or 2 meaning
    "two or more") otherwise."""
    if not digits.isdigit() or len(digits) > _MAX_RUN:
        return None, 0
    found = _solve(digits, 0, groups, 2)
    return (found[0], 1) if len(found) == 1 else (None, len(found))
