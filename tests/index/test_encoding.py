"""Chunk texts encoded in the background (index/encoding.py)."""

from __future__ import annotations

import threading

import numpy as np
import pytest

from index.encoding import BackgroundEncoding


class CountingEmbed:
    """A stand-in for the embedder: a text's vector is (its length, its first char's
    code point); every call is recorded."""

    def __init__(self) -> None:
        self.calls: list[list[str]] = []

    def __call__(self, texts: list[str]) -> list[list[float]]:
        self.calls.append(list(texts))
        return [[float(len(t)), float(ord(t[0])) if t else 0.0] for t in texts]


def _vectors(encoded) -> dict[int, list[float]]:
    got = {}
    for positions, vectors in encoded.slices():
        for position, vector in zip(positions, vectors):
            got[position] = vector.tolist()
    return got


def test_vectors_come_back_at_the_positions_of_their_texts():
    texts = ["短", "很长很长的一段", "中等长度", "", "长一点的文字"]
    embed = CountingEmbed()
    with BackgroundEncoding(embed, slice_texts=2) as encoding:
        encoded = encoding.submit(texts)
        encoding.send()
        got = _vectors(encoded)
    assert got == {i: [float(len(t)), float(ord(t[0])) if t else 0.0]
                   for i, t in enumerate(texts)}
    assert embed.calls == [["短", "很长很长的一段"], ["中等长度", ""], ["长一点的文字"]]


def test_small_reports_share_a_slice_while_the_encoder_is_busy():
    """An idle encoder gets what there is at once; while it is busy, the texts of
    small reports fill a slice together; the pool's end sends the rest."""
    busy = threading.Event()
    embed = CountingEmbed()

    def slow(texts):
        busy.wait(5)
        return embed(texts)

    with BackgroundEncoding(slow, slice_texts=4) as encoding:
        first = encoding.submit(["甲", "乙"])  # the encoder is idle: sent at once
        second = encoding.submit(["丙", "丁"])
        third = encoding.submit(["戊", "己", "庚"])  # fills the second slice
        fourth = encoding.submit(["辛"])  # waits with 庚 for the third
        with pytest.raises(RuntimeError, match="never sent"):
            list(fourth.slices())
        busy.set()
        encoding.send()
        assert _vectors(first) and _vectors(second) and _vectors(third) and _vectors(fourth)
    assert embed.calls == [["甲", "乙"], ["丙", "丁", "戊", "己"], ["庚", "辛"]]


def test_a_text_repeated_in_a_pool_is_encoded_once():
    embed = CountingEmbed()
    with BackgroundEncoding(embed, slice_texts=8) as encoding:
        first = encoding.submit(["一、总体情况", "本年度共主动公开信息123条", "一、总体情况"])
        second = encoding.submit(["一、总体情况", "另一个办公室的段落"])
        encoding.send()
        assert _vectors(second) == {0: [6.0, float(ord("一"))], 1: [9.0, float(ord("另"))]}
        assert sorted(_vectors(first)) == [0, 1, 2]
        assert sum(len(c) for c in embed.calls) == 3 and encoding.handed_over == 3
        encoding.forget()  # the pool was written
        again = encoding.submit(["一、总体情况"])
        encoding.send()
        _vectors(again)
    assert sum(len(c) for c in embed.calls) == 4


def test_an_encoder_error_reaches_the_writer():
    def broken(texts):
        raise RuntimeError("encoder died")

    with BackgroundEncoding(broken, slice_texts=4) as encoding:
        encoded = encoding.submit(["甲", "乙"])
        encoding.send()
        with pytest.raises(RuntimeError, match="encoder died"):
            list(encoded.slices())


def test_leaving_the_run_drops_what_is_still_queued():
    release = threading.Event()
    embed = CountingEmbed()

    def slow(texts):
        release.wait(5)
        return embed(texts)

    with pytest.raises(KeyboardInterrupt):
        with BackgroundEncoding(slow, slice_texts=1) as encoding:
            encoding.submit(["甲", "乙", "丙", "丁"])  # four slices of one, all sent
            # the first slice runs until after the run has left: the others are queued
            threading.Timer(0.2, release.set).start()
            raise KeyboardInterrupt
    assert len(embed.calls) == 1  # the running slice finished, the queued ones were dropped


def test_vectors_are_float32_arrays():
    with BackgroundEncoding(lambda texts: [[1, 2]] * len(texts), slice_texts=4) as encoding:
        encoded = encoding.submit(["甲"])
        encoding.send()
        [(positions, vectors)] = list(encoded.slices())
    assert positions == [0] and vectors.dtype == np.float32 and vectors.shape == (1, 2)
