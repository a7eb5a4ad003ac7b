"""Cue words of a question that later stages need as data: its core (the question
without its question words), the role a who-question asks about, the direction of a
ranking and the level of offices a group question covers. Read once, by `understand`.
"""

from __future__ import annotations

import re

_QUESTION_WORDS = re.compile(r"(?:19|20)\d{2}年?|(?:多少|几)[条件个次起份项名人元场篇]?|"
                             r"请问|是不是|是否|怎么样|怎么|怎样|如何|为什么|什么|哪些|哪个|哪几|"
                             r"有没有|吗|呢|吧|是|的|了|有|对|在|[？?。，,！!、\s]")

_WHO = re.compile(r"([\u4e00-\u9fff]{1,8}?)(?:是谁|由谁|为谁|是哪位|是什么人)")
_WHO_FIRST = re.compile(r"(?:谁是|谁担任|谁任)([\u4e00-\u9fff]{2,8})")


def question_core(text: str) -> str:
    """The question without its question words: 是怎么开展政务公开业务培训的 ->
    开展政务公开业务培训, to find where a passage says it in the same words."""
    return _QUESTION_WORDS.sub("", text)


def asked_role(question: str) -> str:
    """The role a who-question asks about (组长是谁 -> 组长, 负责人是谁 -> 负责人), or ""."""
    found = _WHO.search(question) or _WHO_FIRST.search(question)
    if not found:
        return ""
    role = found.group(1)
    for cut in ("的", "工作", "小组"):  # 领导小组的组长 -> 组长
        role = role.rsplit(cut, 1)[-1]
    return role if len(role) >= 2 else ""


# 怎么审核的, 如何整改: the act a how-question asks about (two characters at least: 怎么写的
# and 怎么做 name no act a passage would be told by).
_HOW = re.compile(r"(?:怎么|如何|怎样)(?:样|来)?([^\W\d的了地得呢吗]{2,4}?)(?=的|了|呢|吗|[？?，,。]|$)")
_NO_ACT = {"公开", "开展", "进行", "落实", "做好", "安排", "处理", "解决", "回事", "样的"}


def asked_action(question: str) -> str:
    """The act a how-question asks about (是怎么审核的 -> 审核), or ""."""
    found = _HOW.search(question)
    return found.group(1) if found and found.group(1) not in _NO_ACT else ""


_FEWEST = ("最少", "最低", "倒数", "最差")
_MOST = ("最多", "最高", "排名", "排序", "前三", "前五", "前十")


def ranking_order(text: str) -> str:
    """"fewest" (最少, 倒数), "most" (最多, 排名, 前三), "both" (谁最多谁最少: ranked from
    the most, both ends named), or "" when no order is asked."""
    fewest, most = any(w in text for w in _FEWEST), any(w in text for w in _MOST)
    if fewest and most:
        return "both"
    return "fewest" if fewest else "most" if most else ""


# A level named as a group: 各街道, 哪些乡镇, 所有区县 (only when no office is named).
_LEVEL = re.compile(r"(?:各|哪个|哪些|哪家|所有|全部|每个)(街道|乡镇|区县|镇|乡|区|县)")
LEVELS = {"街道": ("街道",), "乡镇": ("镇", "乡"), "镇": ("镇",), "乡": ("乡",),
          "区县": ("区", "县"), "区": ("区",), "县": ("县",)}


def group_levels(text: str) -> tuple[str, ...]:
    """Office types a group question restricts to (各街道 → 街道), () for any."""
    match = _LEVEL.search(text)
    return LEVELS[match.group(1)] if match else ()
