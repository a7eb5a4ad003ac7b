"""What may be an office name, and how a candidate is cleaned into one.

An office name ends with a word that names an authority or a place (…人民政府, …局,
…街道办事处, …镇, …区), holds no sentence, no year and no page word, and does not
start with a self-reference (我局, 本机关). Mirror pages prefix site junk (`puroview.com`,
`uedbet官网@:`): everything up to the last non-Chinese character is dropped.
"""

from __future__ import annotations

import re

from core.normalise import normalise

OFFICE_END = (
    r"(?:人民政府办公室|人民政府办公厅|政府办公室|政府办公厅|人民政府|政府|办公室|办公厅|"
    r"街道办事处|办事处|街道|管理委员会|管委会|委员会|园区|开发区|实验区|新区|新城|"
    r"总署|局|厅|委|办|部|署|中心|镇|乡|自治区|自治州|自治县|省|市|区|县|旗|盟|州)"
    r"(?:[(（](?:本级机关|本级|机关本级)[)）])?"
)
_OFFICE_END = re.compile(OFFICE_END + "$")
# Words that are never (part of) an office name.
_NOT_IN_NAME = ("信息公开", "政务公开", "报告", "年报", "条例", "根据", "依据", "按照", "关于",
                "通知", "网站", "门户", "正文", "首页", "当前位置", "位置", "栏目", "联系",
                "我们", "以下", "简称", "工作", "情况", "要求", "规定", "办法", "依托", "通过", "围绕",
                "利用", "加强", "推进", "开展")
_BAD_START = re.compile(r"^(?:我|本|该|各|全|其|此|每|所|其他|有关|相关|上级|下属|[一二三四五六七八九十]是)")
# Generic words that end like an office but name none.
_GENERIC = {"政府", "人民政府", "办公室", "办公厅", "街道", "市区", "地区", "社区", "城区", "辖区",
            "全区", "全市", "全县", "本局", "单位", "部门", "中心", "机关", "内部", "干部", "全部",
            "局部", "外部", "各部", "本部", "管委会", "委员会", "乡镇", "城镇", "村镇"}
_JUNK_PREFIX = re.compile(r"^.*[A-Za-z0-9@:：_¥$#&*|/\\.\-—]+\s*")
# Units inside an office that are not the office: a township's 党政办 or 办公室 answers
# its contact line (请与凤凰镇人民政府办公室联系), the 镇 is the office.
_INNER_UNIT = re.compile(r"(?<=(?:镇|乡)人民政府|街道办事处)(?:党政综合办公室|党政办公室|党政办|办公室|综合办)$")
_TRAILING_VERB = re.compile(r"(?:发布|公布|印发|编制|编印)$")


def clean_office(candidate: str) -> str:
    """The office name inside a candidate, as written (original characters), or ''
    when it is not one. Judged on the normalised text (Simplified, spaces folded)."""
    n = normalise(candidate)
    text = n.text
    start, end = 0, len(text)
    if re.search(r"[A-Za-z0-9@¥_]", text) and (junk := _JUNK_PREFIX.match(text)):
        start = junk.end()
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if verb := _TRAILING_VERB.search(text[start:end]):
        end = start + verb.start()
    if inner := _INNER_UNIT.search(text[start:end]):
        end = start + inner.start()
    name = re.sub(r"\s+", "", text[start:end])
    if not is_office_name(name):
        return ""
    return re.sub(r"\s+", "", n.original_text(start, end))


def simplified_name(name: str) -> str:
    return re.sub(r"\s+", "", normalise(name).text)


def is_office_name(name: str) -> bool:
    if not 2 <= len(name) <= 30 or name in _GENERIC:
        return False
    if re.search(r"[\d,，。；;：:！？!?、《》“”\"'\s]|[A-Za-z]", name):
        return False
    if _BAD_START.search(name) or any(word in name for word in _NOT_IN_NAME):
        return False
    return bool(_OFFICE_END.search(name))

