"""What went wrong, in the user's words: the one translation of an exception, used at the
edges only (the web app's handlers, the CLI). Library code raises with precise, often
English, messages for logs and tests; none of those reach a user as they are."""

from __future__ import annotations

import re

from core.errors import AnswerRejected, AssistantError, LoadError, ModelNotFoundError, StoreError

_CJK = re.compile(r"[\u4e00-\u9fff]")
# Two English words in a row: a message written for developers (a quote inside it may
# still hold Chinese: number 12 is in no cited quote '共12件').
_ENGLISH = re.compile(r"[A-Za-z]{2,}[\s:,'\"-]+[A-Za-z]{2,}")

REJECTED = ("回答未通过引文核对（回答中的数字或引文与报告原文对不上），为免误导没有给出。"
            "请换个问法，或在“报告库”中查看该报告的数字。")
INTERNAL = "程序内部出错（已记入日志），请稍后再试或换个问法。"


def is_chinese(message: str) -> bool:
    """Whether a message was written for a Chinese-reading user."""
    return bool(_CJK.search(message)) and not _ENGLISH.search(message)


def user_message(exc: BaseException, doing: str = "回答") -> str:
    """无法{doing}：… — what could not be done and, when it can be said, why."""
    if isinstance(exc, AnswerRejected):
        return f"无法{doing}：{REJECTED}"
    if isinstance(exc, LoadError):
        reason = exc.reason if is_chinese(exc.reason) else "文件无法读取"
        return f"无法{doing}：{exc.source}：{reason}"
    if isinstance(exc, AssistantError) and is_chinese(str(exc)):
        return f"无法{doing}：{exc}"
    if isinstance(exc, ModelNotFoundError):
        return f"无法{doing}：找不到本地的向量模型，请按 README 安装。"
    if isinstance(exc, StoreError):
        return f"无法{doing}：报告库暂时无法读写，请稍后再试。"
    return f"无法{doing}：{INTERNAL}"
