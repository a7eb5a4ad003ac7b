"""Recognising the labels of the official tables in noisy text: row labels, header cells,
section markers, and which form (2019 trial / 2021) a table 二 header belongs to.

Patterns match whitespace-free normalised text (Simplified, half-width), so spaced-out
headers (`自 然 人`), Traditional characters and pinyin annotations are already gone.
They look for the words that survive cutting and typos (`行政事业型收费`, `本年增\\减`,
`现行有效件`), not for the whole official wording.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

T2_COLUMN_PATTERNS = (
    ("issued", r"本年制发"), ("repealed", r"本年废止"), ("in_force", r"现行有效"),
    ("made", r"新制作"), ("published", r"新公开"),
    ("public_total", r"对外公开总数"), ("prev_items", r"上一年项目"),
    ("change", r"本年增[/\\／]?减"), ("decisions", r"(?:本年)?处理决定数量"),
    ("amount", r"(?:本年)?收费金额"), ("proc_items", r"采购项目数量"),
    ("proc_amount", r"采购总金额"),
)
T2_ROW_PATTERNS = (
    ("rules", r"^规章$"), ("normative", r"^(?:行政)?规范性文件$"), ("licensing", r"^行政许可$"),
    ("other_services", r"其他对外管理服务事项"), ("penalty", r"^行政处罚$"),
    ("enforcement", r"^行政强制$"), ("fees", r"^行政事业.?收费$"), ("procurement", r"^政府集中采购$"),
)
# Order matters: the first pattern found in the (group-prefixed) row label wins.
T3_ROW_PATTERNS = (
    ("new", r"本年新收"), ("carried_out", r"结转下年"), ("carried_in", r"上年结转"),
    ("refused.state_secret", r"国家秘密"), ("refused.prohibited", r"禁止公开"),
    ("refused.security", r"三安全一稳定"), ("refused.third_party", r"第三方"),
    ("refused.internal", r"内部事务"), ("refused.process", r"过程性"),
    ("refused.enforcement_file", r"执法案卷"), ("refused.inquiry", r"查询事项"),
    ("unable.not_held", r"不掌握"), ("unable.needs_creation", r"另行制作"),
    ("unable.unclear", r"仍不明确"), ("not_handled.petition", r"信访|举报投诉"),
    ("not_handled.duplicate", r"重复申请"), ("not_handled.publication", r"公开出版物"),
    ("not_handled.excessive", r"大量反复"), ("not_handled.confirm", r"确认或重新出具"),
    ("other.no_correction", r"不补正"), ("other.no_fee", r"缴纳费用"),
    ("other.other", r"其他处理.*(?:3|三)[.、．]?其他"), ("other", r"其他处理"),
    ("partial", r"部分公开"), ("disclosed", r"予以公开"), ("total", r"七[)）、.]?总计"),
)
T3_COLUMN_NAMES = {"自然人": "natural", "商业企业": "business", "科研机构": "research",
                   "社会公益组织": "nonprofit", "法律服务机构": "legal", "其他": "other_org",
                   "总计": "total"}
T3_HEADER_WORDS = ("自然人", "申请人情况", "法人或其他组织", "商业企业", "科研机构",
                   "社会公益组织", "法律服务机构", "勾稽关系")
T4_RESULT_NAMES = {"结果维持": "upheld", "结果纠正": "corrected", "其他结果": "other",
                   "尚未审结": "pending", "总计": "total"}
T2_SECTION = re.compile(r"第二十条第[(（]?([一二三四五六七八九十]+)[)）]?项")
_T2_2019 = re.compile(r"新制作|新公开|对外公开总|上一年|增[/\\／]?减|采购项目|采购总金额")
_T2_2021 = re.compile(r"制发|废止|现行有效|收费金额|本年处理决定")
_NUMBERED = re.compile(r"^\d+[.、．]")
_SPACE = re.compile(r"\s+")


def clean(text: str) -> str:
    return _SPACE.sub("", text)


def first_match(patterns, text: str) -> str | None:
    for key, pattern in patterns:
        if re.search(pattern, text):
            return key
    return None


def t3_row(label: str, group: str = "") -> str | None:
    """The table 三 row key of a label; a numbered item (`1.属于国家秘密`) is read with
    the group above it (`（三）不予公开`)."""
    text = f"{group}{label}" if _NUMBERED.match(label) else label
    return first_match(T3_ROW_PATTERNS, text)


_GROUP_THEN_ITEM = re.compile(r"^([(（][一二三四五六七八九十]+[)）]\D*?)\s*\d+[.、．]")


def t3_group(label: str) -> str:
    """The group part of an unnumbered label, for the numbered items below it. PDF text
    prints a group on its first item's line (`（四）无法提供 1.本机关不掌握相关政府信息`):
    only `（四）无法提供` is the group, else the next item would read as 不掌握 too."""
    m = _GROUP_THEN_ITEM.match(label)
    return m.group(1) if m else label


def t2_row(label: str) -> str | None:
    return first_match(T2_ROW_PATTERNS, label) if len(label) <= 20 else None


def t2_form(header: str) -> str | None:
    """The form a table 二 block's header text belongs to, or None when it says neither
    (lost, cut, or only 信息内容)."""
    old, new = bool(_T2_2019.search(header)), bool(_T2_2021.search(header))
    if old and not new:
        return "2019"
    if new and not old:
        return "2021"
    return None


def is_t3_header(label: str) -> bool:
    return any(word in label for word in T3_HEADER_WORDS)


def is_t4_header(label: str) -> bool:
    return "行政复议" in label and len(label) <= 20 and "申请" not in label


def classify(texts: Sequence[str]) -> str | None:
    """Which official table the cell texts of a grid are: "t2", "t3", "t4" or None."""
    joined = "|".join(clean(t) for t in texts)
    rows3 = sum(word in joined for word in ("本年新收", "上年结转", "予以公开", "结转下年"))
    if ("自然人" in joined and rows3) or rows3 >= 2:  # the header may be placeholders
        return "t3"
    if "行政复议" in joined and ("结果维持" in joined or "尚未审结" in joined):
        return "t4"
    cells = [clean(t) for t in texts]
    if any(re.search(p, joined) for _, p in T2_COLUMN_PATTERNS) \
            and any(t2_row(c) for c in cells):
        return "t2"
    return None
