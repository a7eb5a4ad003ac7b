"""Which indexed offices a question means.

Offices are named in many ways: the full name (四平市铁西区北沟街道办事处), the short
name (北沟街道), the bare core (北沟), or loosely through a place the office lies in
(四平那个街道, 北仑那个街道). Resolution tries, in order:

1. full and short names, then cores of geographic offices (街道, 镇, 区 ...);
2. the region chain stored with the report (四平市 > 铁西区 > 北沟街道);
3. places the report's own text names often (宁波市北仑区 in a 新碶街道 report).

The first tier that matches wins; a type word in the question (街道, 镇, 区) and any
further places narrow the result. Everything is compared in Simplified Chinese.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from core.text import simplified, tagged_words
from core import gazetteer
from core.models import IndexedReport, Office
from core.office_names import KIND_DEPARTMENT, aliases

from .office_lookups import DirectoryLookups
from .office_levels import by_level, unindexed_office
from .office_lists import list_items

# Type suffixes, longest first; the first one a name ends with is its type.
OFFICE_TYPES = ("街道办事处", "办事处", "街道", "镇", "乡", "区", "县", "市", "省", "旗", "村", "社区")
GEOGRAPHIC = {"街道办事处": "街道", "办事处": "街道", "街道": "街道", "镇": "镇", "乡": "乡",
              "区": "区", "县": "县", "市": "市", "省": "省", "旗": "旗"}
# Generic words that end like a place but name none.
_NOT_A_PLACE_CHARS = set("各全本我该每这此其等和与及或在的了按照通过结合依托配合到达将为于对向从由个"
                         "道年心迁处辖社小城园镇乡村街那哪")
_PLACE_IN_TEXT = re.compile(r"[\u4e00-\u9fa5]{2}(?:省|市|区|县)")
_TYPE_WORDS = ("街道", "部门", "镇", "乡", "区", "县", "市")
_PLACE_SUFFIX = re.compile(r"(省|市|区|县|旗|街道|街道办事处|镇|乡)$")

def office_type(name: str) -> str:
    for suffix in OFFICE_TYPES:
        if name.endswith(suffix):
            return GEOGRAPHIC.get(suffix, suffix)
    return ""


def core_of(name: str) -> str:
    """北沟街道 -> 北沟, 银州区 -> 银州, 四平市 -> 四平; '' when nothing would be left."""
    for suffix in OFFICE_TYPES:
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            return name[: -len(suffix)]
    return ""


def places_in_text(texts: Iterable[str], min_count: int = 2) -> list[str]:
    """Places (X市, X区, X县, X省 with a two-character X) a report names at least
    `min_count` times, most frequent first. Used as a weak hint of where an office is."""
    counts: Counter[str] = Counter()
    for text in texts:
        for match in _PLACE_IN_TEXT.findall(simplified(text)):
            if not set(match[:2]) & _NOT_A_PLACE_CHARS:
                counts[match] += 1
    return [place for place, n in counts.most_common() if n >= min_count]


@dataclass(frozen=True)
class OfficeEntry:
    office: Office  # as stored
    report_ids: tuple[str, ...]
    years: tuple[int, ...]
    names: tuple[str, ...]  # simplified full and short names
    core: str  # 北沟 ('' for offices that are not places, e.g. 财政局)
    kind: str  # 街道 / 镇 / 区 / ... ('' when unknown)
    chain: tuple[str, ...]  # region chain and its cores, simplified
    context: tuple[str, ...]  # places the report text names, and their cores

    @property
    def label(self) -> str:
        return self.office.short or self.office.name


@dataclass(frozen=True)
class Resolution:
    offices: tuple[Office, ...] = ()
    phrases: tuple[str, ...] = ()
    ambiguous: bool = False
    unknown: str = ""
    region: str = ""  # a place named without naming an office in it (for rankings)
    type_word: str = ""  # 街道 / 镇 / 区 ... as the question said it


def _with_cores(places: Iterable[str]) -> tuple[str, ...]:
    out: list[str] = []
    for place in places:
        place = simplified(place)
        out.append(place)
        core = core_of(place)
        if core:
            out.append(core)
    return tuple(dict.fromkeys(out))


@dataclass
class OfficeDirectory(DirectoryLookups):
    entries: list[OfficeEntry] = field(default_factory=list)

    @classmethod
    def build(cls, reports: Sequence[IndexedReport],
              places: Mapping[str, Sequence[str]] | None = None) -> "OfficeDirectory":
        grouped: dict[Office, list[IndexedReport]] = {}
        for report in reports:
            grouped.setdefault(report.office, []).append(report)
        entries = []
        for office, items in grouped.items():
            names = tuple(dict.fromkeys(simplified(n) for n in (office.name, office.short) if n))
            # Abbreviations and former names (孝感市府办, 泰安商务局, 环保局), each naming
            # this office only, never its government or its departments.
            plain = re.sub(r"[(（][^)）]*[)）]$", "", simplified(office.name))  # 海关总署(本级机关)
            names += (plain,) if plain not in names and len(plain) >= 2 else ()
            names += tuple(a for a in aliases(simplified(office.name), tuple(
                simplified(u) for u in office.region), office.kind) if a not in names)
            short = simplified(office.short or office.name)
            # 蚌埠市某镇（名称未载）, 镇（名称未载）: a 镇 by the name before the note
            kind = office_type(short) or office_type(simplified(office.name)) \
                or office_type(plain)
            core = core_of(short) if kind in GEOGRAPHIC.values() else ""
            chain = tuple(p for p in _with_cores(office.region) if p not in names and p != core)
            # Only real places: 集中办公区 in a report's text is no place to find it by.
            text_places = [p for r in items for p in (places or {}).get(r.id, ())
                           if gazetteer.lookup(simplified(p)) or gazetteer.lookup(core_of(p))]
            context = tuple(p for p in _with_cores(text_places)
                            if p not in names and p != core and p not in chain)
            entries.append(OfficeEntry(
                office=office, report_ids=tuple(r.id for r in items),
                years=tuple(sorted({r.year for r in items if r.year})),
                names=names, core=core, kind=kind, chain=chain, context=context))
        entries.sort(key=lambda e: e.office.name)
        return cls(entries)

    def by_office(self, office: Office) -> OfficeEntry | None:
        return self._entry_of.get(office)

    def resolve(self, question: str) -> Resolution:
        """`question` in Simplified Chinese. A list of offices is resolved item by item,
        each item as a question about that office alone (office_lists), then joined."""
        whole = self._resolve_one(question)
        items = list_items(question)
        if whole.region or len(items) < 2:
            return whole
        listed = [r for r in map(self._resolve_one, items) if r.offices and not r.region]
        if len(listed) < 2:
            return whole  # one office (or none) named: no list
        offices = tuple(dict.fromkeys(o for r in (*listed, whole) for o in r.offices))
        phrases = [p for r in (*listed, whole) for p in r.phrases]
        phrases = [p for i, p in enumerate(phrases)
                   if p not in phrases[:i] and not any(p in q and p != q for q in phrases)]
        phrases.sort(key=question.find)
        return Resolution(offices, tuple(phrases),
                          whole.ambiguous or any(r.ambiguous for r in listed),
                          whole.unknown, "", whole.type_word)

    def _resolve_one(self, question: str) -> Resolution:
        named, phrases = self._named(question)
        places = [p for p in _place_mentions(question) if not _inside(p, phrases)]
        type_word = _type_word(question, phrases)
        if not named and (other := unindexed_office(question, self._known_names)):
            return Resolution(unknown=other, type_word=type_word)
        if named:
            qualified = self._placed_elsewhere(question, named, phrases, places)
            if qualified:  # 北京市商务局: a 商务局 is indexed, not Beijing's
                return Resolution(unknown=qualified, type_word=type_word)
            groups = [self._narrow(group, places) for group in named]
            offices = tuple(dict.fromkeys(e.office for g in groups for e in g))
            ambiguous = any(len({e.office for e in g}) > 1 for g in groups)
            unknown = self._unknown(places, question, phrases)
            return Resolution(offices, tuple(phrases), ambiguous, unknown, "", type_word)
        # Nothing named directly: a place the office lies in, with a type word.
        for attribute in ("chain", "context"):
            matched, used = self._by_place(question, attribute)
            if matched:
                if type_word:
                    matched = [e for e in matched if _is_type(e, type_word)] or matched
                if _is_loose_reference(question, used):
                    offices = tuple(e.office for e in matched)
                    return Resolution(offices, tuple(used), len(offices) > 1, "", "", type_word)
                # A place without 那个: a region to rank within (铁岭市的各单位).
                return Resolution(tuple(e.office for e in matched), tuple(used), False, "",
                                  used[0], type_word)
        unknown = self._unknown(places, question, []) or self._unknown_division(question)
        if not unknown and (level := by_level(question, self.entries)):
            offices, phrase = level
            return Resolution(offices, (phrase,), len(offices) > 1, "", "", type_word)
        return Resolution(unknown=unknown, type_word=type_word)

    # ---- tiers -----------------------------------------------------------------------

    def _named(self, question: str) -> tuple[list[list[OfficeEntry]], list[str]]:
        """Groups of entries, one group per distinct phrase naming offices."""
        hits: dict[str, list[OfficeEntry]] = {}
        for name in self._name_index.occurring_in(question):
            hits[name] = list(self._by_name[name])
        # A core inside a name matched (or an earlier core) adds nothing; of several
        # entries sharing a core, the first in the directory's order takes it.
        position = self._position
        for core in sorted(self._core_index.occurring_in(question),
                           key=lambda c: position[id(self._by_core[c][0])]):
            if not any(core in phrase for phrase in hits):
                hits[core] = [self._by_core[core][0]]
        # 上海市政府 inside 上海市政府办公厅 (not indexed) names another office: no hit.
        hits = {phrase: entries for phrase, entries in hits.items()
                if not _runs_into_other_office(question, phrase)
                and not _placeless_after_a_place(question, phrase)}
        # A phrase inside a longer matched phrase names the same thing: keep the longest.
        phrases = sorted(hits, key=len, reverse=True)
        kept: list[str] = []
        for phrase in phrases:
            if not any(phrase in longer for longer in kept):
                kept.append(phrase)
        kept.sort(key=question.find)
        groups: list[list[OfficeEntry]] = []
        seen: set[Office] = set()
        for phrase in kept:
            group = [e for e in hits[phrase] if e.office not in seen]
            if group:
                groups.append(group)
                seen.update(e.office for e in group)
        return groups, kept

    def _narrow(self, group: list[OfficeEntry], places: list[str]) -> list[OfficeEntry]:
        """Several offices share a name: places in the question pick among them."""
        if len(group) < 2 or not places:
            return group
        for attribute in ("chain", "context"):
            chosen = [e for e in group
                      if any(p in getattr(e, attribute) or core_of(p) in getattr(e, attribute)
                             for p in places)]
            if chosen:
                return chosen
        return group

    def _by_place(self, question: str, attribute: str) -> tuple[list[OfficeEntry], list[str]]:
        matched: list[OfficeEntry] | None = None
        used: list[str] = []
        found = self._alias_index[attribute].occurring_in(question)
        for alias in sorted(found, key=lambda a: (-len(a), question.find(a))):
            if any(alias in u for u in used):
                continue
            having = self._by_alias[attribute][alias]
            narrowed = having if matched is None else [e for e in matched if e in having]
            if narrowed:
                matched = narrowed
                used.append(alias)
        return matched or [], used

    def _unknown(self, places: list[str], question: str, phrases: list[str]) -> str:
        """The first place the question names that no indexed office is or lies in,
        with the places written right after it (上海市黄浦区). A place written just
        before a named office (北京市密云区果园街道) only qualifies it."""
        known = self._known
        for place in places:
            if place in known or core_of(place) in known:
                continue
            at = question.find(place) + len(place)
            nearby = re.match(r"[\u4e00-\u9fff]{0,8}", question[at:]).group()
            if any(phrase in nearby for phrase in phrases):
                continue
            name = place
            for following in places[places.index(place) + 1:]:
                if question[at:].startswith(following):
                    name += following
                    at += len(following)
            return name
        return ""

    @staticmethod
    def _placed_elsewhere(question: str, named: list[list[OfficeEntry]], phrases: list[str],
                          places: list[str]) -> str:
        """A place written right before a name (北京市 + 商务局) that none of the offices
        of that name is in: the question names an office that is not indexed."""
        for group, phrase in zip(named, phrases):
            if any(e.core and e.core in phrase for e in group):
                continue  # a name of its own (北沟街道): the place before it only qualifies it
            at = question.find(phrase)
            for place in places:
                if not question[:at].endswith(place):
                    continue
                core = core_of(place) or place
                if not any(place in e.chain or core in e.chain or place in e.context
                           or core in e.context or any(core in n for n in e.names)
                           for e in group):
                    return place + phrase
        return ""

    def _unknown_division(self, question: str) -> str:
        """A division of the gazetteer the question names (万源12345热线, 江苏省2009年) that
        no indexed office is or lies in: the question is about an office not indexed,
        never one to answer from whatever is."""
        known = self._known_index
        for at, name in gazetteer.places_in(question):
            full = any(d.name == name for d in gazetteer.lookup(name))
            after = question[at + len(name):at + len(name) + 1]
            if not full and after and "\u4e00" <= after <= "\u9fff" and after not in "的那这和与及":
                continue  # a short name inside a longer word is not a place named
            if known.any_containing(name) or known.occurring_in(name):
                continue
            return name
        return ""

    def in_region(self, place: str) -> list[OfficeEntry]:
        """Offices whose region chain (or, failing that, report text) names `place`."""
        place = simplified(place)
        for attribute in ("chain", "context"):
            having = self._by_alias[attribute]
            chosen = {id(e) for key in (place, core_of(place)) for e in having.get(key, ())}
            if chosen:
                return [e for e in self.entries if id(e) in chosen]
        return []


# What may follow a government's name to make it another office's: its 办公厅, a 局 …
_OTHER_OFFICE_AFTER = re.compile(
    r"^(?:人民政府|政府)?(?:办公厅|办公室|府办|政府办|[\u4e00-\u9fff]{0,5}?(?:局|委员会|委|厅|办公室))")


def _runs_into_other_office(question: str, phrase: str) -> bool:
    """Whether every place the phrase occurs it runs on into a longer office name the
    phrase does not cover (上海市政府 in 上海市政府办公厅)."""
    at = question.find(phrase)
    while at >= 0:
        after = question[at + len(phrase):]
        m = _OTHER_OFFICE_AFTER.match(after)
        # (在参评部委, 中的单位: a preposition or particle starts no office's name)
        if not m or re.search(r"[那这的年个和与及、在中里对向于从被把将为是]", m.group()):
            return False
        at = question.find(phrase, at + 1)
    return True


def _placeless_after_a_place(question: str, phrase: str) -> bool:
    """市府办 / 区政府办公室 written right after a place (溧阳市府办): that place's office,
    not any indexed 市府办."""
    if phrase[:1] not in "省市区县":
        return False
    at = question.find(phrase)
    return at > 0 and "\u4e00" <= question[at - 1] <= "\u9fff"


def _is_type(entry: OfficeEntry, type_word: str) -> bool:
    if type_word == "部门":
        return entry.office.kind == KIND_DEPARTMENT
    return entry.kind == type_word


def _inside(place: str, covered: list[str]) -> bool:
    return any(place in phrase or phrase in place for phrase in covered)


def _type_word(question: str, covered: list[str]) -> str:
    rest = question
    for phrase in covered:
        rest = rest.replace(phrase, " ")
    positions = [(rest.find(w), w) for w in _TYPE_WORDS if w in rest]
    return min(positions)[1] if positions else ""


def _is_loose_reference(question: str, used: list[str]) -> bool:
    """北仑那个街道 / 四平的那个 name one office through its place; 铁岭市的各单位 names
    a region."""
    for alias in used:
        after = question[question.find(alias) + len(alias):]
        if re.match(r"(?:市|区|县)?(?:的)?(?:那个|那家|这个|那|这)", after):
            return True
        if re.match(r"(?:市|区|县)?(?:的)?(?:街道|镇|乡)", after):
            return True
    return not re.search(r"各|哪|所有|全部|排名|排序|最|分别|哪些", question)


def _place_mentions(question: str) -> list[str]:
    """Place names the question uses (jieba tags them ns), merged with a following
    type word: 上海市, 黄浦区, 望京街道."""
    words = tagged_words(question, hmm=False)
    found: list[str] = []
    for i, (word, flag) in enumerate(words):
        if flag != "ns" or len(word) < 2:
            continue
        following = words[i + 1][0] if i + 1 < len(words) else ""
        if not _PLACE_SUFFIX.search(word) and following in (
                "街道", "镇", "乡", "街道办事处", "区", "县", "市", "旗"):
            word += following  # 密云 + 区, 望京 + 街道
        if _PLACE_SUFFIX.search(word):
            found.append(word)
    return found
