"""What kind of office a name is, at which level it sits, and the other names people
call it (abbreviations, former names). Shared: the write side stores kind and level
with each report; the read side matches the aliases in questions.

The abbreviation table is field vocabulary (how Chinese government offices are commonly
shortened), not a list of offices: it applies to any place.
"""

from __future__ import annotations

import re

from core import gazetteer

KIND_GOVERNMENT = "人民政府"
KIND_GENERAL_OFFICE = "办公厅(室)"
KIND_DEPARTMENT = "部门"
KIND_SUBDISTRICT = "街道办事处"
KIND_TOWNSHIP = "乡镇"
KIND_ZONE = "园区"
KIND_MINISTRY = "部委"
LEVEL_MINISTRY, LEVEL_TOWN = "部委", "乡镇街道"
LEVELS = (LEVEL_MINISTRY, gazetteer.PROVINCE, gazetteer.PREFECTURE, gazetteer.COUNTY, LEVEL_TOWN)

_TOWN_END = re.compile(r"(?:镇|乡)(?:人民政府|政府)?$")
_SUBDISTRICT_END = re.compile(r"(?:街道办事处|街道|办事处)$")
_ZONE_WORDS = re.compile(r"(?:工业|经济|技术|高新|产业)+$")
_ZONE_END = re.compile(r"(?:园区|开发区|实验区|新区|新城|管委会|管理委员会)$")
_GENERAL_OFFICE_END = re.compile(r"(?:人民政府|政府)办公(?:厅|室)$")
_GOVERNMENT_END = re.compile(r"(?:人民政府|政府)$")
_DEPARTMENT_END = re.compile(r"(?:局|厅|委员会|委|办公室|办|中心|署|处|所|站|院|部)$")
_MINISTRY = re.compile(r"^(?:中华人民共和国|国家|国务院)|(?:部|总署)(?:[(（][^)）]*[)）])?$")
_PLACE_ONLY = re.compile(r"(?:省|自治区|市|区|县|旗|盟|州)$")

# Department names and their short forms (and former names, which people still use:
# 环保局 for today's 生态环境局). Each row: the forms that name the same department.
_DEPARTMENT_FORMS: tuple[tuple[str, ...], ...] = (
    ("生态环境局", "环境保护局", "环保局"),
    ("生态环境厅", "环境保护厅", "环保厅"),
    ("发展和改革委员会", "发展改革委员会", "发改委"),
    ("发展和改革局", "发展改革局", "发改局"),
    ("科学技术委员会", "科委"),
    ("科学技术局", "科技局"),
    ("商务局", "商务委员会", "商务委"),
    ("商务厅",),
    ("自然资源局", "自然资源和规划局", "国土资源局", "国土局"),
    ("机关事务管理局", "机关事务局"),
    ("行政审批服务管理办公室", "审批服务管理办公室", "审管办"),
    ("行政审批局", "审批局"),
    ("人力资源和社会保障局", "人社局"),
    ("住房和城乡建设局", "住建局"),
    ("市场监督管理局", "市场监管局"),
    ("水务局", "水利局"),
    ("审计局",),
    ("教育局",),
    ("财政局",),
    ("统计局",),
    ("民政局",),
)
_GENERAL_OFFICE_FORMS = ("人民政府办公室", "人民政府办公厅", "政府办公室", "政府办公厅", "政府办", "府办")


def office_kind(name: str, has_place: bool) -> str:
    """人民政府 / 办公厅(室) / 部门 / 街道办事处 / 乡镇 / 园区 / 部委, '' when unclear."""
    name = re.sub(r"[(（][^)）]*[)）]$", "", name)  # 海关总署(本级机关)
    if _GENERAL_OFFICE_END.search(name):
        return KIND_GENERAL_OFFICE
    if _SUBDISTRICT_END.search(name):
        return KIND_SUBDISTRICT
    if _TOWN_END.search(name):
        return KIND_TOWNSHIP
    if _ZONE_END.search(name):
        return KIND_ZONE
    if _GOVERNMENT_END.search(name) or (_PLACE_ONLY.search(name) and has_place):
        return KIND_GOVERNMENT
    if not has_place and _MINISTRY.search(name):
        return KIND_MINISTRY
    if _DEPARTMENT_END.search(name):
        return KIND_DEPARTMENT
    return ""


def office_level(kind: str, region: tuple[str, ...]) -> str:
    """部委 / 省级 / 地市级 / 区县 / 乡镇街道 from the kind and the region chain."""
    if kind == KIND_MINISTRY:
        return LEVEL_MINISTRY
    if kind in (KIND_TOWNSHIP, KIND_SUBDISTRICT):
        return LEVEL_TOWN
    # The lowest unit of the chain the gazetteer knows sets the level; a unit below it
    # (a 园区 under 赤壁市) sits one level lower.
    for depth in range(len(region) - 1, -1, -1):
        level = gazetteer.unit_level(region[depth], tuple(region[:depth]))
        if level:
            below = len(region) - 1 - depth
            if kind == KIND_ZONE and below == 0:
                below = 1
            index = LEVELS.index(level) + below
            return LEVELS[min(index, len(LEVELS) - 1)]
        if re.search(r"(?:镇|乡|街道)$", region[depth]):
            return LEVEL_TOWN
    return ""


def department_forms(name: str) -> tuple[str, ...]:
    """The department words a name ends with and their other forms: 泰安市环境保护局 ->
    (环境保护局, 生态环境局, 环保局)."""
    for forms in _DEPARTMENT_FORMS:
        for form in forms:
            if name.endswith(form):
                return (form,) + tuple(f for f in forms if f != form)
    return ()


def aliases(name: str, region: tuple[str, ...], kind: str) -> tuple[str, ...]:
    """Other names of an office, each meaning this office and not its government or its
    departments: 孝感市人民政府办公室 -> 孝感市府办, 孝感府办, 孝感市政府办公室, 市府办 ...;
    泰安市商务局 -> 泰安商务局, 商务局; 清远市环境保护局 -> 清远市生态环境局, 清远环保局 ..."""
    places: list[str] = []
    for unit in region[-2:] if kind != KIND_DEPARTMENT else region[-1:]:
        places += [unit, gazetteer.short_name(unit)]
    last = region[-1] if region else ""
    # The unit word of the government an office belongs to: 市 of 孝感市 (市府办, 区府办).
    unit_word = next((s for s in ("自治区", "省", "市", "区", "县", "旗") if last.endswith(s)), "")
    out: list[str] = []
    if kind == KIND_GENERAL_OFFICE:
        for form in _GENERAL_OFFICE_FORMS:
            out += [p + form for p in places]
            out += [p + unit_word + form for p in places if not p.endswith(unit_word)]
            if unit_word:
                out.append(unit_word + form)  # 市府办 / 区府办: loose, the question's place narrows
    elif kind == KIND_DEPARTMENT and (forms := department_forms(name)):
        for form in forms:
            out += [p + form for p in places] + [form]
            out += [p + unit_word + form for p in places if unit_word and not p.endswith(unit_word)]
    elif kind == KIND_ZONE and (core := _ZONE_WORDS.sub("", _ZONE_END.sub("", name))):
        # 赤壁市蒲纺工业园区 -> 蒲纺园区, 蒲纺工业园区, 蒲纺: the zone's own name
        place = next((p for p in places if core.startswith(p)), "")
        core = core[len(place):] or core
        if len(core) >= 2:
            out += [core + "园区", core + "工业园区", core + "工业园", core + "开发区", core]
    elif kind == KIND_GOVERNMENT and last:
        out += [last + "人民政府", last + "政府", gazetteer.short_name(last) + "政府"]
    return tuple(a for a in dict.fromkeys(out) if a and a != name)
