"""Errors reach a user in Chinese (issue 15, item 4): the developer's English of an
AnswerRejected or any other exception is never shown as it is."""

from __future__ import annotations

import re

import pytest

from assistant.user_errors import INTERNAL, is_chinese, user_message
from core.errors import AnswerRejected, AssistantError, LoadError, StoreError

LATIN_WORDS = re.compile(r"[A-Za-z]{2,}\s+[A-Za-z]{2,}")


@pytest.mark.parametrize("exc", [
    AnswerRejected("number 12 is in no cited quote: 共收到申请12件"),
    AnswerRejected("quote is not verbatim text of paragraph r1-0003: '主动公开'"),
    KeyError("office"),
    RuntimeError("database is locked"),
    StoreError("Could not connect to tenant default_tenant"),
    AssistantError("give either a question or --batch FILE.jsonl"),
    LoadError("x.txt", "cannot decode as utf-8 or gb18030"),
])
def test_no_english_reaches_the_user(exc):
    message = user_message(exc)
    assert message.startswith("无法回答：")
    assert not LATIN_WORDS.search(message), message
    assert type(exc).__name__ not in message


def test_a_rejected_answer_says_what_could_not_be_answered():
    message = user_message(AnswerRejected("number 12 is in no cited quote"))
    assert "引文核对" in message and "12" not in message


def test_chinese_messages_are_kept_with_what_could_not_be_done():
    assert user_message(AssistantError("没有名为“某局”的已索引单位"), "比较") == \
        "无法比较：没有名为“某局”的已索引单位"
    assert user_message(LoadError("年报.txt", "文件为空")) == "无法回答：年报.txt：文件为空"


def test_an_unexpected_error_is_internal():
    assert user_message(ZeroDivisionError("division by zero")).endswith(INTERNAL)
    assert not is_chinese("number 12 is in no cited quote: 共12件")
    assert is_chinese("问题为空")
