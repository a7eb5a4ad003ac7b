"""Reciprocal rank fusion: exact scores on small rankings."""

from __future__ import annotations

import pytest

from assistant.retrieval.fusion import reciprocal_rank_fusion


def test_scores_are_sums_of_reciprocal_ranks():
    fused = reciprocal_rank_fusion({"dense": ["a", "b", "c"], "bm25": ["b", "d"]}, k=60)
    scores = {f.key: f.score for f in fused}
    assert scores["b"] == pytest.approx(1 / 62 + 1 / 61)
    assert scores["a"] == pytest.approx(1 / 61)
    assert scores["c"] == pytest.approx(1 / 63)
    assert scores["d"] == pytest.approx(1 / 62)
    assert [f.key for f in fused] == ["b", "a", "d", "c"]


def test_ranks_are_recorded_per_ranking():
    fused = reciprocal_rank_fusion({"dense": ["x", "y"], "bm25": ["y"]}, k=1)
    by_key = {f.key: f for f in fused}
    assert by_key["y"].ranks == {"dense": 2, "bm25": 1}
    assert by_key["x"].ranks == {"dense": 1}


def test_ties_keep_first_seen_order():
    fused = reciprocal_rank_fusion({"dense": ["a", "b"], "bm25": ["b", "a"]}, k=60)
    assert [f.key for f in fused] == ["a", "b"]
    assert fused[0].score == pytest.approx(fused[1].score)


def test_a_key_counts_once_per_ranking_at_its_best_rank():
    fused = reciprocal_rank_fusion({"dense": ["a", "b", "a"]}, k=0)
    assert {f.key: f.score for f in fused} == {"a": pytest.approx(1.0), "b": pytest.approx(0.5)}


def test_weights_scale_a_ranking():
    fused = reciprocal_rank_fusion({"dense": ["a"], "bm25": ["b"]}, k=0,
                                   weights={"dense": 1.0, "bm25": 3.0})
    assert [f.key for f in fused] == ["b", "a"]
    assert fused[0].score == pytest.approx(3.0)


def test_empty_and_invalid():
    assert reciprocal_rank_fusion({}) == []
    assert reciprocal_rank_fusion({"dense": []}) == []
    with pytest.raises(ValueError):
        reciprocal_rank_fusion({"dense": ["a"]}, k=-1)
