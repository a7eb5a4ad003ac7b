"""Where an office is: the units of its name (四平市 > 铁西区 > 北沟街道), the parents its
report's body names (新碶街道's 宁波市北仑区), and the rest of the chain up to the province
from the gazetteer (core/gazetteer.py: 四平市 is in 吉林省).
"""

from __future__ import annotations

import re
from collections import Counter

from core import gazetteer
from core.text import tagged_words

SUFFIXES = "自治区|自治州|自治县|街道|地区|省|市|区|县|旗(?!镇|乡|街道)|盟|州(?![市区县])|乡|镇"
_UNIT = re.compile(rf"\s*(.{{2,}}?(?:{SUFFIXES}))")  # two characters before the suffix
_FIRST_UNIT = re.compile(rf"\s*(.+?(?:{SUFFIXES}))")  # 沙县: only the first may have one
_AUTHORITY_AFTER = ("人民政府", "政府", "党委", "委员会", "办公室", "政务公开", "关于", "区委",
                    "市委", "县委")
# Which units can contain which: the level a parent must be, nearest first.
_PARENT_LEVELS = {
    "街道": ("区", "县", "旗", "市"), "乡": ("区", "县", "旗", "市"), "镇": ("区", "县", "旗", "市"),
    "区": ("市", "州", "盟", "地区"), "县": ("市", "州", "盟", "地区"), "旗": ("盟", "市"),
    "市": ("省", "自治区", "州"), "州": ("省", "自治区"), "盟": ("自治区",), "地区": ("省", "自治区"),
}
_MIN_PARENT_MENTIONS = 2
_ANY_SUFFIX = re.compile(r"(?:自治区|自治州|自治县|地区|省|市|区|县|旗|盟|州)")


def split_units(name: str) -> list[str]:
    """四平市铁西区北沟街道 -> [四平市, 铁西区, 北沟街道]; stops at the first non-unit.
    Where a longer unit starting at the same place is a division the gazetteer knows,
    it is taken (金乡县 rather than 金乡, whose 乡 is part of the name)."""
    units, pos = [], 0
    while m := (_UNIT if units else _FIRST_UNIT).match(name, pos):
        unit, end = m.group(1), m.end()
        for longer in _ANY_SUFFIX.finditer(name, end - 1):
            piece = name[m.start(1):longer.end()]
            if len(piece) > 8:
                break
            if longer.end() > end and gazetteer.lookup(piece) and piece == gazetteer.lookup(piece)[0].name:
                unit, end = piece, longer.end()
        units.append(unit)
        pos = end
    return units


def unit_suffix(unit: str) -> str:
    return next(s for s in ("自治区", "自治州", "自治县", "街道", "地区") + tuple("省市区县旗盟州乡镇")
                if unit.endswith(s)).removeprefix("自治")




# A run of place names right before an authority word: at most a few names of a few
# characters each, so 16 characters before the word are enough context for the tagger.
_AUTHORITY_SENTENCE = re.compile(
    r"[^。；;！？!?，,、\n]{0,16}(?:省|市|区|县|旗|盟|州)(?:" + "|".join(_AUTHORITY_AFTER) + r")")


def _authority_sentences(text: str) -> str:
    return "\n".join(dict.fromkeys(m.group(0) for m in _AUTHORITY_SENTENCE.finditer(text)))


def _unit_after_place(tokens: list[tuple[str, str]], i: int) -> tuple[str, int] | None:
    """A unit of 3-5 characters made of tokens i, i+1, ... ending in a unit suffix, and
    the index of its last token."""
    joined = ""
    for j in range(i, min(i + 3, len(tokens))):
        joined += tokens[j][0]
        if len(joined) > 5:
            return None
        if len(joined) >= 3 and re.search(r"(?:区|县|市|旗|镇|乡|街道)$", joined):
            return joined, j
    return None


def _body_chains(text: str) -> list[tuple[str, ...]]:
    """Runs of adjacent place names in the body (宁波市北仑区 -> (宁波市, 北仑区)), each
    with whether an authority word follows it (…人民政府, …关于…, …政务公开…)."""
    tokens = tagged_words(text)
    chains: list[tuple[str, ...]] = []
    run: list[str] = []
    i = 0
    while i < len(tokens):
        word, flag = tokens[i]
        unit = None
        nxt = tokens[i + 1][0] if i + 1 < len(tokens) else ""
        if flag == "ns" and len(word) >= 2 and nxt in ("省", "市", "区", "县", "旗", "盟", "州"):
            unit, i = word + nxt, i + 1
        elif len(word) >= 3 and flag in ("ns", "n") and re.search(rf"(?:{SUFFIXES})$", word):
            unit = word
        elif run and (joined := _unit_after_place(tokens, i)):
            # Right after a place, trust the suffix over the tagger, which reads some
            # district names as personal names (沈阳市|于洪区/nr) or splits them (中|山区).
            unit, i = joined
        i += 1
        if unit:
            run.append(unit)
            continue
        if run:
            after = word + (tokens[i][0] if i < len(tokens) else "")
            chains.append(tuple(run) + (("*",) if after.startswith(_AUTHORITY_AFTER) else ()))
            run = []
    if run:
        chains.append(tuple(run))
    return chains


def parents_from_body(region: tuple[str, ...], body: str) -> tuple[str, ...]:
    """Add the parents the body names, one level at a time, conservatively: a parent is
    a place of the level just above the office's top unit (a 街道's 区, a 区's 市), named
    in the body at least twice, at least once as an authority (`北仑区人民政府`,
    `铁岭市…办公室`, `密云区关于…`), and the only such place at that level. Where the
    body names it in a chain (宁波市北仑区), the chain's upper units come along."""
    if not region:
        return region
    out = list(region)
    # Tagging the whole body with jieba.posseg costs ~0.4 s a report; only sentences
    # where a place name is directly followed by an authority word can qualify one.
    chains = _body_chains(_authority_sentences(body))
    while True:
        levels = _PARENT_LEVELS.get(unit_suffix(out[0]), ())
        found = None
        for level in levels:
            counts: Counter[str] = Counter()
            authority: set[str] = set()
            for chain in chains:
                for unit in chain:
                    if unit != "*" and unit not in out and unit_suffix(unit) == level:
                        counts[unit] = body.count(unit)
                        if chain[-1] == "*" and unit == chain[-2]:
                            authority.add(unit)
            named = [u for u, c in counts.items() if c >= _MIN_PARENT_MENTIONS and u in authority]
            if len(named) == 1:
                found = named[0]
                break
            if counts:
                break  # places at the nearest level, but none (or several) qualify: stop
        if not found:
            break
        upper = max((c[: c.index(found)] for c in chains if found in c), key=len)
        out = [u for u in upper if u not in out] + [found] + out
    return tuple(out)


def parents_from_gazetteer(region: tuple[str, ...]) -> tuple[str, ...]:
    """Complete the chain upwards from the gazetteer: the lowest unit it knows, checked
    against the units written above it (铁西区 under 四平市, not 沈阳市), gives its
    parents. Units it does not know (towns, 街道) are kept as written."""
    for depth in range(len(region) - 1, -1, -1):
        if not gazetteer.lookup(region[depth]):
            continue
        division = gazetteer.resolve_chain(list(region[: depth + 1]))
        if division is None:
            return region
        upper = [p for p in division.parents if p not in region]
        return tuple(upper) + region
    return region
