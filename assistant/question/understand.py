"""Question understanding: text -> Question (offices, years, metrics, kind).

Nothing here knows the bundled reports: offices come from the indexed reports (names,
short names, region chains, places their text names), metrics from the figure
vocabulary (`core.vocabulary.METRICS`), kinds from cue words.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from assistant.question.cues import asked_role, group_levels, question_core, ranking_order
from assistant.question.metrics import asked_unit, colloquial, find_metrics, metric_segments
from assistant.question.offices import OfficeDirectory, Resolution
from core.models import IndexedReport, Office, Question
from core.normalise import normalise
from core.text import content_tokens, tokenize

_CN_DIGITS = {"〇": "0", "零": "0", "○": "0", "一": "1", "二": "2", "三": "3", "四": "4",
              "五": "5", "六": "6", "七": "7", "八": "8", "九": "9"}
_CN_YEAR = re.compile(r"([〇零○一二三四五六七八九]{4})(?=年)")
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)")
_YEAR_RANGE = re.compile(r"(?<!\d)((?:19|20)\d{2})\s*(?:年)?\s*(?:-|－|—|–|~|～|到|至)\s*"
                         r"((?:19|20)\d{2})(?!\d)")

# Any measure word after 几 asks a number (几期公报, 几台电脑, 几部分), as does an ordinal
# (第几年, 排第几): open figures hold every number a report states, in whatever unit.
# (几年 alone is left out: 这几年, 近几年 name a span, not a count.)
FIGURE_CUES = re.compile(
    r"多少|几[条件个次起份项人名家篇场位期台户所类块张本册套座辆间幅集组支轮首种倍周天批例处]|"
    r"几部分|几小时|几季度|第几|数量|数目|总数|总量|件数|条数|"
    r"占比|百分比|比例|比重|百分之|金额|多少钱|有几|几成|覆盖率")
CONTACT_CUES = re.compile(r"电话|号码|传真|邮箱|电子邮件|邮件地址|通讯地址|办公地址|地址是|网址|邮编|联系方式")
COUNT_ASKED = re.compile(r"(?:几|多少)[个条件次起份项人名场篇通]")
YES_NO_CUES = re.compile(r"是否|有没有|有无|吗|了没")
PASSAGE_CUES = re.compile(
    r"问题|不足|困难|差距|措施|举措|做法|经验|计划|打算|安排|下一步|明年|改进|整改|完善|"
    r"怎么|怎样|如何|为什么|原因|渠道|途径|方式|形式|平台|载体|要求|机制|制度|内容|"
    r"做了什么|做了哪些|什么|哪些|哪几|情况|介绍|说说|讲讲|概括|总结|时限")
COLLECTIVE_CUES = re.compile(
    r"各(?:个)?(?:单位|街道|部门|区|县|乡镇|乡|镇|机关|政府|办事处|地)|所有(?:的)?(?:单位|街道|部门)|"
    r"这几个|这些单位|几个单位|哪个|哪些(?:单位|街道|部门|区|县|乡镇|机关|政府)|哪家|谁|排名|排序|"
    r"前[二三四五六七八九十\d]+|每个单位|全部单位")
RANKING_CUES = re.compile(r"最多|最少|最高|最低|最大|最小|更多|更少|更高|更低|排名|排序|前[二三四五六七八九十\d]+|哪个|谁")
ANY_CUES = re.compile(r"发生过|有过|出现过|有没有|是否有|存在")
TOTAL_CUES = re.compile(r"合计|总共|一共|总计|加起来|共计|总和")
EACH_CUES = re.compile(r"分别|各自|每个|各(?:个)?(?:单位|街道|部门|区|县|乡镇|镇|乡)")
TREND_CUES = re.compile(r"变化|历年|逐年|趋势|增长|下降|增加了|减少了|同比|比上年|较上年|几年来|这几年")
VERSUS_CUES = re.compile(r"比较|对比|相比|比起|和.+比|与.+比|哪个|谁|差别|差异|区别")
# Asking which of the named offices (or years) has more, or to order them: a comparison
# whatever number it is about (微信公众号发得多, 公告哪年多), vocabulary or not.
WHICH_MORE_CUES = re.compile(
    r"(?:谁|哪(?:个|家|年|一[个年]?)?)[^。？?]{0,12}?(?:多|少|高|低)|"
    r"排(?:个|一下)?序|排一下|排名|从多到少|从少到多|由多到少|"
    r"一样|相同|相等|比较|对比|相比")
LISTING_CUES = re.compile(r"哪些报告|哪些年报|列出|列举|收录|都有哪些单位|有哪些单位的|报告清单|报告列表")
CUMULATIVE_CUES = re.compile(r"累计|截至|截止|总共累计|历年累计|以来")
ANNUAL_CUES = re.compile(r"全年|本年|当年|年度|一年")
# Section titles of the official format; a question naming one restricts the search.
SECTIONS = ("总体情况", "主动公开政府信息情况", "收到和处理政府信息公开申请情况",
            "政府信息公开行政复议、行政诉讼情况", "存在的主要问题及改进情况", "其他需要报告的事项")
_QUOTED = re.compile(r"[“\"「『]([^”\"」』]{1,12})[”\"」』]")
_LABEL_STOP = set("的年了在是有中里和与及或各每该其这那哪")


def normalise_question(text: str) -> str:
    text = _CN_YEAR.sub(lambda m: "".join(_CN_DIGITS[c] for c in m.group(1)), text)
    return normalise(text.strip()).text


# A year that is where requests were carried to (结转到2025年办理) or from (从2019年结转过来)
# is not the year reported on: that is the year before, or after.
_CARRIED = re.compile(r"结转(?:到|至|入)\s*((?:19|20)\d{2})\s*年|从\s*((?:19|20)\d{2})\s*年\s*结转")


def find_years(text: str) -> tuple[int, ...]:
    years: list[int] = []
    for to, since in _CARRIED.findall(text):
        years.append(int(to) - 1 if to else int(since) + 1)
    text = _CARRIED.sub(" ", text)
    for start, end in _YEAR_RANGE.findall(text):
        years.extend((int(start), int(end)))
    years.extend(int(y) for y in _YEAR.findall(text))
    return tuple(sorted(set(years)))


def find_label(text: str, phrases: Sequence[str] = ()) -> str:
    """A category the question names: a quoted term (“通知公告”) or the words before
    类 (政策法规类信息 -> 政策法规)."""
    quoted = _QUOTED.search(text)
    if quoted:
        return quoted.group(1)
    for phrase in phrases:  # an office name is never the category
        text = text.replace(phrase, "的")
    at = text.find("类")
    while at > 0:
        start = at
        while start > 0 and "\u4e00" <= text[start - 1] <= "\u9fa5" \
                and text[start - 1] not in _LABEL_STOP:
            start -= 1
        if at - start >= 2:
            return text[start:at]
        at = text.find("类", at + 1)
    return ""


def find_section(text: str) -> str:
    return next((s for s in SECTIONS if s in text), "")


def find_scope(text: str) -> str:
    if CUMULATIVE_CUES.search(text) or _YEAR_RANGE.search(text):  # 2013到2017年一共…
        return "cumulative"
    if ANNUAL_CUES.search(text):
        return "annual"
    return ""


def classify(text: str, resolution: Resolution, metrics: Sequence[str],
             years: Sequence[int]) -> tuple[str, str]:
    """(kind, comparison mode)."""
    text = colloquial(text)
    figure_cue = bool(FIGURE_CUES.search(text)) or bool(metrics and YES_NO_CUES.search(text))
    if LISTING_CUES.search(text) and not metrics:
        return "listing", ""
    if resolution.unknown and not resolution.offices:
        return "absent", ""
    if CONTACT_CUES.search(text) and not COUNT_ASKED.search(text):
        return "passage", ""  # 咨询电话是多少: a contact is quoted, never a figure
    named = len(resolution.offices)
    collective = bool(COLLECTIVE_CUES.search(text)) or bool(resolution.region)
    countable = figure_cue or bool(metrics and (ANY_CUES.search(text) or RANKING_CUES.search(text)))
    if lists_offices(text, resolution, years):
        # 四川商务厅、泰安商务局、渭南商务局，谁…最多: each listed office (or year) compared
        return "comparison", "ranking" if named >= 3 or ranking_order(text) else "versus"
    if countable and named >= 2 and not resolution.ambiguous:
        return "comparison", "each" if EACH_CUES.search(text) and not VERSUS_CUES.search(text) \
            else "versus"
    if countable and collective and (named != 1 or resolution.region):
        if TOTAL_CUES.search(text):
            return "comparison", "total"
        if ANY_CUES.search(text) and re.search(r"哪些|哪个|有没有|是否", text):
            return "comparison", "any"
        if RANKING_CUES.search(text):
            return "comparison", "ranking"
        return "comparison", "each"
    if countable and named <= 1 and (len(set(years)) >= 2 and not CUMULATIVE_CUES.search(text)
                                     or TREND_CUES.search(text)) and metrics:
        return "comparison", "trend"
    if figure_cue:
        return "figure", ""
    if metrics and not PASSAGE_CUES.search(text) and re.search(r"[?？]$", text):
        return "figure", ""
    return "passage", ""


def lists_offices(text: str, resolution: Resolution, years: Sequence[int]) -> bool:
    """Whether the question compares the offices (or one office's years) it names, one
    by one: 东宝区、硚口区府办、秦都区…按多少排序; 海关总署…2012年和2020年哪年多."""
    listed = len(resolution.phrases) >= 2 or (bool(resolution.offices) and len(set(years)) >= 2)
    return (listed and bool(resolution.offices) and not resolution.region
            and bool(WHICH_MORE_CUES.search(colloquial(text)))
            and not LISTING_CUES.search(text))


_LEVEL = re.compile(r"(?:各|所有|哪些|哪个|每个)(?:的)?(街道|乡镇|镇|乡|区县|区|县|部门)")
_LEVEL_KINDS = {"街道": {"街道"}, "乡镇": {"镇", "乡"}, "镇": {"镇"}, "乡": {"乡"},
                "区县": {"区", "县"}, "区": {"区"}, "县": {"县"}, "部门": {""}}


def _collective_scope(text: str, resolution: Resolution,
                      directory: OfficeDirectory) -> Resolution:
    """Which offices a ranking covers: those of a named region (铁岭市的各单位), of a
    level (各街道), or all (empty offices)."""
    region = resolution.region
    entries = None
    if region:
        entries = (directory.in_region(region) if not resolution.offices else
                   [e for e in directory.entries if e.office in resolution.offices])
    level = _LEVEL.search(text)
    if level:
        kinds = _LEVEL_KINDS[level.group(1)]
        entries = [e for e in (entries if entries is not None else directory.entries)
                   if e.kind in kinds]
        region = region or level.group(1)
    offices = tuple(e.office for e in entries) if entries is not None else ()
    return Resolution(offices, resolution.phrases, False, resolution.unknown, region,
                      resolution.type_word)


def understand(text: str, reports: Sequence[IndexedReport],
               directory: OfficeDirectory | None = None,
               places: Mapping[str, Sequence[str]] | None = None) -> Question:
    """What the question asks. `directory` (built once per set of reports) saves
    rebuilding the office index on every question; `places` (report id -> places the
    report text names) lets loose references resolve through report text."""
    directory = directory or OfficeDirectory.build(reports, places)
    norm = normalise_question(text)
    resolution = directory.resolve(norm)
    years = find_years(norm)
    metrics = find_metrics(norm)
    if (len(resolution.offices) == 1 and COLLECTIVE_CUES.search(norm) and resolution.phrases
            and any(e.office != resolution.offices[0]
                    for e in directory.in_region(resolution.phrases[0]))):
        # 铁岭市的各单位: the one office named is a region holding other offices.
        resolution = Resolution((), resolution.phrases, False, resolution.unknown,
                                resolution.phrases[0], resolution.type_word)
    kind, mode = classify(norm, resolution, metrics, years)
    if kind == "absent" and (government := governing(resolution.unknown, directory)):
        # 山西省政府办公厅 not indexed, 山西省人民政府 is: the general office writes and
        # is written about in its government's report, so what it did is read there (a
        # passage, said to come from that report); its numbers are never the government's.
        speaking = Resolution((government,), (), False, resolution.unknown, "",
                              resolution.type_word)
        if classify(norm, speaking, metrics, years) == ("passage", ""):
            resolution, kind, mode = speaking, "passage", ""
    if kind != "comparison" and resolution.region and len(resolution.offices) == 1:
        # 铁西区那个街道: a loose reference to the one office of that place.
        resolution = Resolution(resolution.offices, resolution.phrases, False, "", "",
                                resolution.type_word)
    if kind == "comparison" and mode in ("ranking", "each", "any", "total") \
            and not lists_offices(norm, resolution, years):  # a group, not a list
        resolution = _collective_scope(norm, resolution, directory)
    focus = _blank(norm, resolution.phrases, [o.name for o in resolution.offices])
    return Question(
        text=text, normalised=norm, kind=kind, offices=resolution.offices,
        office_phrases=resolution.phrases, unknown_office=resolution.unknown,
        ambiguous=resolution.ambiguous, years=years, metrics=metrics,
        label=find_label(norm, resolution.phrases), section=find_section(norm), scope=find_scope(norm),
        mode=mode, region=resolution.region,
        focus=focus, tokens=tuple(tokenize(norm)), terms=tuple(content_tokens(focus)),
        core=question_core(focus), unit=asked_unit(norm),
        metric_segments=tuple(tuple(seg) for seg in metric_segments(norm)),
        role=asked_role(text), order=ranking_order(norm),
        contact=bool(CONTACT_CUES.search(norm)) and not COUNT_ASKED.search(norm),
        levels=() if resolution.offices else group_levels(norm),
    )


# The general office of a government (办公厅 of a province, 办公室 of a city or county),
# as questions name it: 山西省政府办公厅, 孝感市府办, 某县政府办.
_GENERAL_OFFICE = re.compile(r"^(.{2,12}?[省市区县旗])(?:人民)?(?:政府办公厅|政府办公室|府办|政府办)$")


def governing(name: str, directory: OfficeDirectory) -> Office | None:
    """The one indexed government whose general office `name` is (山西省政府办公厅 ->
    山西省人民政府), when that office itself is not indexed; else None."""
    found = _GENERAL_OFFICE.match(name or "")
    if not found:
        return None
    place = found.group(1)
    wanted = {place + "人民政府", place + "政府"}
    governments = {e.office for e in directory.entries if wanted & set(e.names)}
    return next(iter(governments)) if len(governments) == 1 else None


def _blank(text: str, phrases: Sequence[str], names: Sequence[str] = ()) -> str:
    """The text with the phrases that named offices blanked out: once each (海关总署发布了
    几件海关总署令: the second is what is counted), with the rest of the office's name
    written right after the phrase (海关总署本级, 海关总署（本级机关）)."""
    flat = [name.replace("（", "(").replace("）", ")") for name in names]
    for phrase in phrases:
        at = text.find(phrase)
        if at < 0:
            continue
        end = at + len(phrase)
        after = text[end:].replace("（", "(").replace("）", ")")
        # the longest piece of the name (two characters at least: 公 of 公报 is no name)
        longest = max((k for k in range(2, len(after) + 1)
                       if any(after[:k] in name for name in flat)), default=0)
        text = text[:at] + " " + text[end + longest:]
    return text
