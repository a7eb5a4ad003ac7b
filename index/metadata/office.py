"""Which office wrote a report, from what its own text says, most explicit first:

1. the title (title.py);
2. the body's own words naming the report or its author: `现公布孝感市人民政府办公室2020年…
   报告`, `《昭通市2017年政府信息公开年度报告》`, `由大南街道编制`, `发布机构：参内乡`;
3. the closing signature (`亭子坝镇人民政府`);
4. the contact line (`请与泰安市商务局联系`), then the first sentence's subject (`2024年，
   城中区人民政府深入贯彻…`), then a `来源：市环保局` line;
5. a self-reference (`我镇`, `我乡`, `我部`) and the one unit of that kind the body names
   (`江坡镇` five times, no other 镇).

A name without a place (`市人民政府办公室`, `环境保护局`, `区人民政府办公室`) is completed
from a fuller form the body writes (`天门市人民政府办公室`, `清远市环保局`), else from the one
place of that level the body names (`硚口区`), checked in the gazetteer. Nothing found: ''
(the caller records "unknown" with a warning) — a name is never guessed.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from core import gazetteer
from core.models import Paragraph
from core.office_names import department_forms
from core.text import tagged_words

from .names import OFFICE_END, clean_office, simplified_name
from .region import split_units

_NAME = rf"([^\s，,。；;：:、《》“”()（）]{{1,30}}?{OFFICE_END})"
_YEAR = r"(?:(?:19|20)\d{2}\s*年|二[〇0○零][一二三四五六七八九〇0○零]{2}年)"
_EXPLICIT = (
    re.compile(rf"《{_NAME}\s*{_YEAR}[^》]{{0,30}}(?:报告|年报)》"),
    re.compile(rf"(?:公布|公开|发布|印发)《?{_NAME}\s*{_YEAR}"),
    re.compile(rf"由{_NAME}(?:[^，,。；;]{{0,10}})?编(?:制|写|印)"),
    re.compile(rf"发布机构[:：]\s*{_NAME}(?=\s|$|[，,。；;])"),
)
_CONTACT = re.compile(rf"(?:请与|请联系|联系单位[:：]?){_NAME}(?:联系|联络)")
_SUBJECT = re.compile(
    rf"^\s*(?:{_YEAR}度?(?:以来)?[,，]?\s*)?(?:[^，,。]{{0,12}}[@:：])?{_NAME}"
    r"(?=认真|深入|坚持|在|按照|围绕|高度|紧紧|全面|严格|以|进一步|积极|持续|始终|紧扣|着力|不断|扎实|切实)")
_SOURCE = re.compile(rf"来源[:：]\s*{_NAME}(?:网站|门户网站)?(?=\s|$)")
_SIGNATURE = re.compile(rf"^{_NAME}$")
_PLACELESS_GOVERNMENT = re.compile(r"^(?:省|市|区|县|镇|乡)(?:人民政府|政府)")
_GOVERNMENT_FORM = re.compile(r"([\u4e00-\u9fff]{2,6}?(?:镇人民政府|乡人民政府|街道办事处))")
_SELF = re.compile(r"(?:我|本)(镇|乡|街道|区|县|市|局|部|厅|委|办)")
_EARLY_PARAGRAPHS = 6
_NAME_FLAGS = ("ns", "nr", "nt", "nz", "n")




def find_office(title_name: str, header: Sequence[Paragraph],
                paragraphs: Sequence[Paragraph]) -> tuple[str, str]:
    """(name as written, how it was found); ('', '') when the text names no office."""
    body = [p for p in paragraphs if p not in header]
    early = " ".join(p.normalised for p in list(header) + body[:_EARLY_PARAGRAPHS])
    whole = "\n".join(p.normalised for p in paragraphs)
    originals = "\n".join(p.text for p in paragraphs)

    candidates: list[tuple[str, str]] = []
    if title_name:
        candidates.append((title_name, "标题"))
    for pattern in _EXPLICIT:
        candidates += [(name, "正文") for name in _matches(pattern, early)]
    signatures = [p for p in paragraphs[-3:] if p.section and _SIGNATURE.match(p.normalised.strip())]
    candidates += [(name, "落款") for p in signatures if (name := clean_office(p.text))]
    candidates += [(name, "联系方式") for name in _matches(_CONTACT, whole)]
    for p in body[:_EARLY_PARAGRAPHS]:
        candidates += [(name, "正文") for name in _matches(_SUBJECT, p.normalised)]
    for p in header:
        candidates += [(name, "来源") for name in _matches(_SOURCE, p.normalised)]
    if not candidates and (name := _self_referenced(whole) or _dominant_government(whole)):
        candidates.append((name, "正文"))
    if not candidates:
        return "", ""
    name, how = candidates[0]
    # The closing signature names the office more fully (新碶街道 -> 新碶街道办事处).
    plain = simplified_name(name)
    for p in signatures:
        line = simplified_name(p.text)
        if line.startswith(plain) and line != plain and (fuller := clean_office(p.text)):
            return fuller, how
    if not split_units(simplified_name(name)):
        fuller = _fuller(name, [c for c, _ in candidates[1:]], whole, originals)
        if fuller:
            return fuller, how
        if _PLACELESS_GOVERNMENT.match(simplified_name(name)):
            return "", ""  # 省政府办公厅 of which province? Not said: unknown, not a guess
    return name, how


def _matches(pattern: re.Pattern[str], text: str) -> list[str]:
    return [name for m in pattern.finditer(text) if (name := clean_office(m.group(1)))]


def _self_referenced(text: str) -> str:
    """我镇 + the only 镇 the body names (or the one it names far most often). Names are
    read with jieba, so a run of characters before 镇 (现将我乡) is not taken for one."""
    kinds = Counter(m.group(1) for m in _SELF.finditer(text))
    if not kinds:
        return ""
    tokens = tagged_words(text[:6000])
    for kind, _ in kinds.most_common():
        counts: Counter[str] = Counter()
        for i, (word, flag) in enumerate(tokens):
            following = tokens[i + 1][0] if i + 1 < len(tokens) else ""
            if word.endswith(kind) and len(word) >= len(kind) + 2 and flag[:2] in _NAME_FLAGS:
                candidate = word
            elif following == kind and len(word) >= 2 and flag[:2] in _NAME_FLAGS:
                candidate = word + kind
            else:
                continue
            if name := clean_office(candidate):
                counts[simplified_name(name)] += 1
        ranked = counts.most_common(2)
        # A department's text names other departments (县财政局) as often as itself:
        # only a name it repeats can be its own. A place-kind name is rarely another's.
        least = 1 if kind in ("镇", "乡", "街道", "区", "县", "市") else 3
        if ranked and ranked[0][1] >= least and (len(ranked) == 1 or ranked[0][1] >= 2 * ranked[1][1]):
            return ranked[0][0]
    return ""


def _dominant_government(text: str) -> str:
    """The one township / 街道 / county government the body names in full, repeatedly
    (`西柳镇人民政府` four times), when it never calls itself 我镇."""
    counts = Counter(name for m in _GOVERNMENT_FORM.finditer(text)
                     if (name := clean_office(m.group(1))))
    ranked = counts.most_common(2)
    if ranked and ranked[0][1] >= 2 and (len(ranked) == 1 or ranked[0][1] >= 2 * ranked[1][1]):
        return ranked[0][0]
    return ""


def _fuller(name: str, others: list[str], text: str, originals: str) -> str:
    """A placeless name with its place: a fuller form of the same office written
    elsewhere, else the one place of the name's level that the body names."""
    simple = simplified_name(name)
    forms = set(department_forms(simple)) | {simple.lstrip("省市区县")}
    for other in others:
        plain = simplified_name(other)
        units = split_units(plain)
        rest = plain[sum(len(u) for u in units):]
        if units and (rest in forms or rest.lstrip("省市区县") in forms):
            return units[-1] + simple.lstrip("省市区县") if simple[0] in "省市区县" else units[-1] + simple
    # 市人民政府办公室 -> the body's one 市; 区人民政府办公室 -> its one 区.
    word = simple[0] if simple[0] in "省市区县" else ""
    if not word:
        return ""
    counts: Counter[str] = Counter()
    for _, place in gazetteer.places_in(text):
        for division in gazetteer.lookup(place):
            if division.name.endswith(word) and (word != "市" or division.level != gazetteer.PROVINCE):
                counts[division.name] += 1
    ranked = counts.most_common(2)
    if ranked and ranked[0][1] >= 2 and (len(ranked) == 1 or ranked[0][1] > ranked[1][1]):
        return ranked[0][0] + simple[1:]
    return ""
