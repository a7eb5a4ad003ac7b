"""Word-level text tools both sides share: one jieba (with one lock), one stop-word
list, one Traditional -> Simplified converter.

`core.normalise` is the character-level normaliser with an offset map (what indexing
and quoting need); this module is for matching words: tokens for BM25 and for scoring
quotes, place-name tagging, Simplified forms of names.
"""

from __future__ import annotations

import re
import threading
from functools import lru_cache

import jieba
import jieba.posseg
import opencc

# jieba's lazy initialisation and its tagger are not thread-safe: every use holds this.
_jieba_lock = threading.Lock()
_quiet = False

# Function words and question words: they match everywhere and rank nothing.
STOP_WORDS = frozenset(
    "的 了 和 与 及 或 在 是 有 为 对 将 把 被 从 向 等 之 其 中 也 都 并 就 还 又 这 那 个 些 "
    "吗 呢 吧 啊 么 多少 几 哪些 哪个 什么 怎么 怎样 如何 是否 有没有 请问 一下 分别 "
    "我 我们 你 他 她 它 年 年度".split())
# Words every report uses: they say nothing about which passage a question is after.
GENERIC_WORDS = frozenset({"信息", "公开", "政府", "工作", "情况", "街道", "报告", "政府信息",
                           "信息公开", "单位", "方面", "内容", "哪些", "有", "什么", "做", "开展",
                           "主要", "进行", "取得"})
_WORD = re.compile(r"\w", re.UNICODE)


def quiet_jieba() -> None:
    """Silence jieba's loading messages, once (setting a log level clears the caches
    of every logger: not something to do per question)."""
    global _quiet
    if not _quiet:
        jieba.setLogLevel(60)
        _quiet = True


def tokenize(text: str) -> list[str]:
    """Search-mode jieba tokens (long words also give their sub-words), lower-cased,
    without punctuation and stop words."""
    return list(_tokens(text))


@lru_cache(maxsize=8192)
def _tokens(text: str) -> tuple[str, ...]:
    # Cached: answering one question tokenizes the same passages and quotes ~25 times
    # (3 ms of a question at 10,000 reports); jieba's result for a text never changes.
    quiet_jieba()
    with _jieba_lock:
        raw = jieba.lcut_for_search(text)
    tokens = []
    for token in raw:
        token = token.strip().lower()
        if token and _WORD.search(token) and token not in STOP_WORDS:
            tokens.append(token)
    return tuple(tokens)


def content_tokens(text: str) -> list[str]:
    """Tokens that say what is asked: `tokenize` without the generic report words."""
    return [t for t in tokenize(text) if t not in GENERIC_WORDS]


def tagged_words(text: str, hmm: bool = True) -> list[tuple[str, str]]:
    """(word, part-of-speech flag) pairs from jieba's tagger (`ns` = place name); `hmm`
    lets jieba guess words its dictionary lacks."""
    quiet_jieba()
    with _jieba_lock:
        return [(pair.word, pair.flag) for pair in jieba.posseg.cut(text, HMM=hmm)]


@lru_cache(maxsize=1)
def _converter() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


_convert_lock = threading.Lock()


@lru_cache(maxsize=16384)
def simplified(text: str) -> str:
    """The Simplified form of a short text (a name, a label, a quote)."""
    with _convert_lock:  # the pure-Python converter keeps state while converting
        return _converter().convert(text)


def t2s_converter() -> opencc.OpenCC:
    """The one OpenCC t2s converter (core.normalise maps its output character by
    character)."""
    return _converter()
