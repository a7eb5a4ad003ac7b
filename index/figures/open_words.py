"""The words around a prose number that open figures need: the rest of its unit, what
kind of number it is, and the words it counts.

All functions read normalised text (Simplified, half-width) with titles masked, and
positions index it. numbers.py reads the number itself; this module never parses one.
"""

from __future__ import annotations

import re

from .numbers import Number

# Units numbers.py does not know (it reads the units the vocabulary needs). A unit is
# taken only right after the number; `个` takes its longer forms (个工作日, 个百分点).
_MORE_UNITS = re.compile(
    r"(?:个工作日|工作日|个百分点|百分点|个部分|部分|个季度|个月|小时|分钟|天|台|户|所|位|类|块|张|本"
    r"|册|套|座|辆|间|幅|集|组|支|轮|首|种|万字|字|倍|周)")
# Divisions and bodies are counted without a measure word (11县区, 9乡镇); 一村一品 is a
# set phrase, so a bare 一 is never read this way.
_DIVISION = re.compile(r"(?:县市区|县区|县市|市县|乡镇|街道|社区|县|区|乡|镇|村|部门|单位)")
_AFTER_GE = re.compile(r"(?:工作日|百分点|部分|季度|月)")
_SUFFIX = re.compile(r"(?:余|多|左右|以上|以下|以内)")
_SUFFIX_QUALIFIER = {"余": "about", "多": "about", "左右": "about", "以上": "at_least",
                     "以下": "at_most", "以内": "at_most"}

MONEY = frozenset({"元", "万元", "亿元"})
DURATION = frozenset({"个工作日", "工作日", "天", "小时", "分钟", "个月", "个季度", "周"})
PERCENT = frozenset({"%", "个百分点", "百分点"})


def full_unit(text: str, number: Number) -> tuple[str, int, str]:
    """(unit, end of the expression, qualifier) once the units numbers.py leaves out are
    read: 15个工作日, 七部分, 一台, 100余户, 2.3个百分点."""
    unit, end, qualifier = number.unit, number.end, number.qualifier
    if unit == "" and number.written != "一" and _DIVISION.match(text, end):
        return "个", end, qualifier  # 11县区: a count of divisions, its measure word left out
    if unit == "":
        m = _MORE_UNITS.match(text, end)
    elif unit == "个" and text.endswith("个", number.start, end):
        m = _AFTER_GE.match(text, end)
        if m:
            unit, end = "个" + m.group(), m.end()
            m = None
    else:
        return unit, end, qualifier
    if m is not None:
        unit, end = m.group(), m.end()
    elif unit == number.unit:
        return unit, end, qualifier
    suffix = _SUFFIX.match(text, end)
    if suffix and suffix.group() not in ("余", "多"):  # 余/多 after a unit start a word
        qualifier, end = _SUFFIX_QUALIFIER[suffix.group()], suffix.end()
    return unit, end, qualifier


# --- what a number is not -------------------------------------------------------------
# 第N条 (an article of a statute), 第N部分 (a section) are places in a text, not figures.
_RANK_BEFORE = re.compile(r"(?:位列|位居|名列|排名|排在|排|居)第$")
_RANK_UNIT = re.compile(r"名|位")
_NTH_YEAR = re.compile("年(?!度|[0-9一二三四五六七八九十])")
# Set phrases with a numeral inside: 一件事一次办, 一次性告知, 一站式, 一揽子.
_IDIOM = re.compile(r"(?:一件事|一次办|一次性|一揽子|一条龙|一把手|一批批|一项项|一件件|一个个)")


def is_idiom(text: str, number: Number) -> bool:
    return number.written == "一" and _IDIOM.match(text, number.num_start) is not None


# --- kinds ----------------------------------------------------------------------------
_COMPARE = re.compile(r"比|较|同比|环比|相比")
_CHANGE_VERB = re.compile(
    r"(?:增长|增加|减少|下降|降低|回落|提高|上升|提升|增幅为?|降幅为?|增|减|降|多|少)了?$")
_SHARE = re.compile(r"(?:占比|占|比例|比重|百分比)[^，,；;。\d]{0,14}?(?:的|为|达|是)?$")


def kind_of(unit: str, before: str, sentence_before: str, rank: bool) -> str:
    """count / share / change / rate / amount / duration / rank / ordinal.

    `before` is the clause text before the number, `sentence_before` the sentence's.
    A change is a change verb right before the number after a comparison (比上年增长12%,
    较上一年度增加42件), or a bare 增长/下降 before a percentage; a share is 占/占比/比例
    before a percentage; any other percentage is a rate (办结率100%, 满意率98.28%).
    """
    if rank:
        return "rank"
    if unit == "年":
        return "ordinal"
    changed = _CHANGE_VERB.search(before)
    if changed and (unit in PERCENT or _COMPARE.search(sentence_before[:len(sentence_before)
                                                                     - len(changed.group())])):
        return "change"
    if unit in PERCENT:
        return "share" if _SHARE.search(before) else "rate"
    if unit in MONEY:
        return "amount"
    if unit in DURATION:
        return "duration"
    return "count"


def after_di(text: str, number: Number) -> tuple[str, int] | None:
    """A number written after 第: a rank (位列第4, 第4名) → ("名", end), the n-th year
    (实施的第二年) → ("年", end); None for every other 第N, a place in a text
    (第二十一条, 第三部分) and not a figure."""
    named = _RANK_UNIT.match(text, number.num_end)
    if number.unit in ("名", "位") or named or (
            number.unit == "" and _RANK_BEFORE.search(text[max(0, number.num_start - 3):
                                                            number.num_start])):
        return "名", (named.end() if named else number.end)
    year = _NTH_YEAR.match(text, number.num_end)
    if year and number.unit == "":
        return "年", year.end()
    return None


def after_di_word(text: str, number: Number) -> bool:
    return number.num_start > 0 and text[number.num_start - 1] == "第"


# --- the words counted -----------------------------------------------------------------
_LEAD = re.compile(r"^(?:[、和与，,：:;；（(）)\s“”]|其中|另外|此外|同时|以及|并且|全年|年度内|本年度?"
                   r"|今年|\d{4}年度?|共计|[一二三四五六七八九十]+是|\d{1,2}[.、．](?!\d)|[（(]\d{1,2}[）)])+")
_TAIL = re.compile(r"(?:共计|合计|总计|共|计|为|达到|达|有|约|累计|数|分别|[，,：:、\s（(“”])+$")
_CHANGE_TAIL = re.compile(r"(?:比|较|同比|环比|相比).*$")
_SHARE_TAIL = re.compile(r"(?:占比|占|比例|比重|百分比).*$")
_RANK_TAIL = re.compile(r"(?:位列|位居|名列|排名|排在|排|居)第$")
# What may follow a number without starting the thing it counts (办结24件，…; 19件已答复).
_NOT_A_NOUN = set(")）的已均都全共次内后前中以左之做在于被由为是了予办得到达占比较同增减下上其并起止和及与或等余多"
                  "0123456789")
_AFTER_STOP = re.compile(r"[、，,；;。：:（(“]|了|设立|设置|开展|进行|运行|完成|实现|参加|参与|做出|作出"
                         r"|已|均|予以|组成|位列|排名")
MAX_LABEL = 30


def _clean(text: str) -> str:
    text = text.replace("\u3000", "")[-MAX_LABEL:]
    previous = None
    while previous != text:
        previous = text
        text = _TAIL.sub("", _LEAD.sub("", text)).strip()
    return text


def counted_after(text: str, end: int, clause_end: int) -> str:
    """The noun phrase right after a number (发布了226条安全生产和消防相关信息, 配备了4名
    专兼职工作人员), or "" when the number ends its phrase (公开信息77条，)."""
    if end >= clause_end or text[end] in _NOT_A_NOUN or text[end] == "\u3000":
        return ""
    stop = _AFTER_STOP.search(text, end, clause_end)
    phrase = text[end:stop.start() if stop else clause_end]
    return _clean(phrase)


def counted_before(text: str, start: int, end: int, kind: str) -> str:
    """The words before a number that say what it counts, without the connectives and
    the words of its kind (比上年增长, 占, 位列第)."""
    words = text[start:end]
    if kind == "change":
        words = _CHANGE_VERB.sub("", _CHANGE_TAIL.sub("", words))
    elif kind == "share":
        words = _SHARE_TAIL.sub("", words)
    elif kind == "rank":
        words = _RANK_TAIL.sub("", words)
    # 合计122件: the connective is all that says what it counts, so it stays
    return _clean(words) or words.replace("\u3000", "").strip(" ,，、：:;；（()）")[-MAX_LABEL:]


def counted_fallback(text: str, end: int, clause_end: int) -> str:
    """The rest of the clause, for a number that starts it (19件已按时答复)."""
    return _clean(text[end:clause_end].lstrip("".join(_NOT_A_NOUN - set("0123456789"))))
