"""The five bundled reports turned into templates for the generated benchmark corpus.

Each template is the report's own text with the office names, the region names and the
figures we vary replaced by tokens (⟦NAME⟧). Everything else, sentences and quirks
included (pinyin annotations, GBK-shifted list markers, odd spacing), is kept, so the
real extractor has real text to read. Anchors are checked on load: if a bundled report
changes, generation fails loudly instead of producing reports whose truth is wrong.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

CORPUS = Path(__file__).resolve().parent.parent / "corpus"

TOKEN = re.compile(r"⟦([A-Z0-9_]+)⟧")
YEAR = re.compile(r"(?<!\d)(19[89]\d|20[0-4]\d)(?!\d)")
# 長安's category list: “機構設置”信息1 條,占總體百分比為1.8 % ...
T2_CATEGORY = re.compile(
    r"“([^”]+)”((?:信息)?\s*)(\d+)(\s*條,占總體百分比為\s*)(\d+(?:\.\s?\d+)?)(\s*%)")
PINYIN = re.compile(r"\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]+\)")


class TemplateError(ValueError):
    """A bundled report no longer contains an anchor a template relies on."""


@dataclass(frozen=True)
class Template:
    key: str  # street_pre2017 / street_2013 / street_trad / district / street_cumulative
    source: str  # the bundled report it was made from
    year: int  # the year that report is about: other years shift every year in the text
    levels: tuple[str, ...]  # office levels it can be used for: 街道, 镇, 区, 县
    traditional: bool
    text: str  # with ⟦TOKENS⟧
    categories: tuple[str, ...] = ()  # labels of the per-category counts, in order


def _replace(text: str, old: str, new: str, count: int | None = None) -> str:
    found = text.count(old)
    if found == 0 or (count is not None and found != count):
        raise TemplateError(f"anchor {old!r}: expected {count or 'some'}, found {found}")
    return text.replace(old, new)


def _read(name_start: str) -> tuple[str, str]:
    matches = sorted(CORPUS.glob(f"{name_start}_*.txt"))
    if len(matches) != 1:
        raise TemplateError(f"bundled report {name_start}_* not found in {CORPUS}")
    return matches[0].name, matches[0].read_text(encoding="utf-8")


def _street_pre2017() -> Template:
    """北沟: annual 14 (stated twice) and cumulative 58 over five years; zero reviews."""
    source, text = _read("000")
    for old, new, count in (
        ("四平市铁西区北沟街道办事处", "⟦FULL⟧", 1),
        ("北沟街道", "⟦SHORT⟧", 2),
        ("四平市人民政府办公室", "⟦CITY⟧人民政府办公室", 1),
        ("四政办函", "⟦CITY_ABBR⟧政办函", 1),
        ("共计上传14条", "共计上传⟦ACTIVE⟧条", 1),
        ("主动公开政府信息14条", "主动公开政府信息⟦ACTIVE⟧条", 1),
        ("累计公开政府信息共58条", "累计公开政府信息共⟦CUMULATIVE⟧条", 1),
        ("我街道办事处", "我⟦OFFICE_KIND⟧", 1),
        ("我街", "我⟦SELF_SHORT⟧", None),
    ):
        text = _replace(text, old, new, count)
    return Template("street_pre2017", source, 2017, ("街道", "镇"), False, text)


def _street_2013() -> Template:
    """新碶: 589 = 96 政策法规类 + 493 业务类; no application; zero reviews."""
    source, text = _read("001")
    for old, new, count in (
        ("新碶街道办事处", "⟦FULL_SIGNATURE⟧", 1),
        ("新碶街道", "⟦SHORT⟧", None),
        ("宁波市北仑区", "⟦CITY⟧⟦DISTRICT⟧", 6),
        ("宁波市", "⟦CITY⟧", 1),
        ("主动公开政府信息589条", "主动公开政府信息⟦ACTIVE⟧条", 1),
        ("法规公文信息）共96条", "法规公文信息）共⟦POLICY⟧条", 1),
        ("地区（行业）介绍等）共493条", "地区（行业）介绍等）共⟦BUSINESS⟧条", 1),
        ("截至目前，我街道未收到政府信息公开的申请。", "⟦APPLICATION_SENTENCE⟧", 1),
        ("我街道", "我⟦SELF⟧", None),
        ("街道", "⟦SELF⟧", None),
    ):
        text = _replace(text, old, new, count)
    return Template("street_2013", source, 2013, ("街道", "镇"), False, text,
                    ("政策法规类信息", "业务类信息"))


def _street_trad() -> Template:
    """長安 (Traditional): title 2019, body about 2018; 55 split over 13 categories."""
    source, text = _read("002")
    for old, new, count in (
        ("臨湘市人民政府長安街道辦事處", "⟦FULL⟧", 1),
        ("長安街道", "⟦SHORT⟧", None),
        ("臨湘市", "⟦CITY⟧", None),
        ("主動公開政府信息55條", "主動公開政府信息⟦ACTIVE⟧條", 1),
    ):
        text = _replace(text, old, new, count)
    labels: list[str] = []

    def tokenise(match: re.Match[str]) -> str:
        i = len(labels)
        labels.append(PINYIN.sub("", match.group(1)))
        pct = match.group(5)
        # keep the report's own spacing quirk (1. 8 %) as a flag on the token
        pct_token = f"⟦PCT{i}_SPACED⟧" if ". " in pct else f"⟦PCT{i}⟧"
        return (f"“{match.group(1)}”{match.group(2)}⟦CAT{i}⟧{match.group(4)}"
                f"{pct_token}{match.group(6)}")

    text = T2_CATEGORY.sub(tokenise, text)
    if len(labels) != 13:
        raise TemplateError(f"長安 categories: expected 13, found {len(labels)}")
    return Template("street_trad", source, 2019, ("街道",), True, text, tuple(labels))


def _district() -> Template:
    """银州区: 超3000 items; 5 reviews (4 upheld, 1 withdrawn), 10 suits (7 won, 3 pending);
    applications 零件. The title has no year; the report is on 2018, published 2019."""
    source, text = _read("003")
    for old, new, count in (
        ("投资银州", "投资⟦STEM⟧", 1),
        ("银州区", "⟦SHORT⟧", None),
        ("铁岭市", "⟦CITY⟧", None),
        ("铁政", "⟦CITY_ABBR⟧政", 2),
        ("超3000条(因动态管理不能明确具体条数)", "⟦ACTIVE_PHRASE⟧", 1),
        ("共受理行政复议案件5起,其中4件作出了维持的复议决定,1件当事人主动撤销复议申请;"
         "发生行政诉讼案件10件,其中7件胜诉,3件正在审理中",
         "共受理行政复议案件⟦REVIEW⟧起,其中⟦UPHELD⟧件作出了维持的复议决定,"
         "⟦WITHDRAWN⟧件当事人主动撤销复议申请;发生行政诉讼案件⟦LITIGATION⟧件,"
         "其中⟦WON⟧件胜诉,⟦PENDING⟧件正在审理中", 1),
        ("全区", "全⟦LV⟧", 2),
        ("区级", "⟦LV⟧级", 2),
        ("区委", "⟦LV⟧委", 1),
        ("区政", "⟦LV⟧政", None),
        ("区公", "⟦LV⟧公", 1),
    ):
        text = _replace(text, old, new, count)
    return Template("district", source, 2018, ("区", "县"), False, text)


def _street_cumulative() -> Template:
    """果园: only a cumulative count to the end of November (110 = 18 财务 + 92 业务)."""
    source, text = _read("004")
    for old, new, count in (
        ("果园街道", "⟦SHORT⟧", None),
        ("北京市密云区", "⟦CITY⟧⟦DISTRICT⟧", 2),
        ("密云区", "⟦DISTRICT⟧", 1),
        ("截至2017年11月底，通过北京市政府信息公开工作管理系统累计公开信息110条，"
         "财务公开18条，业务动态92条",
         "截至2017年⟦MONTH⟧月底，通过⟦CITY⟧政府信息公开工作管理系统累计公开信息⟦CUMULATIVE⟧条，"
         "财务公开⟦FINANCE⟧条，业务动态⟦BUSINESS⟧条", 1),
    ):
        text = _replace(text, old, new, count)
    return Template("street_cumulative", source, 2017, ("街道",), False, text,
                    ("财务公开", "业务动态"))


def load_templates() -> tuple[Template, ...]:
    return (_street_pre2017(), _street_2013(), _street_trad(), _district(),
            _street_cumulative())


def shift_years(text: str, delta: int) -> str:
    """Every year in the text moved by `delta`, so a report's dates stay coherent."""
    return YEAR.sub(lambda m: str(int(m.group(1)) + delta), text) if delta else text


def fill(text: str, values: dict[str, str]) -> str:
    def one(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in values:
            raise TemplateError(f"token ⟦{name}⟧ has no value")
        return values[name]

    return TOKEN.sub(one, text)
