"""Reciprocal rank fusion: merge several best-first rankings into one.

A pure function (Cormack et al. 2009): score(d) = sum over rankings of w / (k + rank),
ranks counted from 1. Only ranks matter, so scores of different scales (cosine
similarity, BM25) never need to be calibrated against each other.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Fused:
    key: str
    score: float
    ranks: dict[str, int] = field(default_factory=dict)  # {"dense": 1, "bm25": 3}


def reciprocal_rank_fusion(rankings: Mapping[str, Sequence[str]], k: int = 60,
                           weights: Mapping[str, float] | None = None) -> list[Fused]:
    """Fuse named rankings of keys (best first). Ties keep the order in which keys were
    first seen, rankings taken in the order given, so the result is deterministic."""
    if k < 0:
        raise ValueError("k must be >= 0")
    scores: dict[str, float] = {}
    ranks: dict[str, dict[str, int]] = {}
    for name, ranking in rankings.items():
        weight = 1.0 if weights is None else float(weights.get(name, 1.0))
        seen: set[str] = set()
        for position, key in enumerate(ranking, start=1):
            if key in seen:  # a key counts once per ranking, at its best rank
                continue
            seen.add(key)
            scores[key] = scores.get(key, 0.0) + weight / (k + position)
            ranks.setdefault(key, {})[name] = position
    order = {key: i for i, key in enumerate(scores)}
    best = sorted(scores, key=lambda key: (-scores[key], order[key]))
    return [Fused(key, scores[key], ranks[key]) for key in best]
