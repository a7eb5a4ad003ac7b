"""BM25 over jieba tokens of the stored chunks: postings over the catalogue's slots.

Scoring uses an inverted index with the per-posting BM25 weight precomputed, so a query
costs one vector addition per query token (a few ms for hundreds of thousands of chunks).

Kept current incrementally (`changed`), never rebuilt for a report added or removed:
- exact: term frequencies, document frequencies and so idf (the live corpus' N and df
  after every change), the set of live chunks;
- approximated: the length normalisation. A posting's weight divides its chunk's length
  by the average chunk length `avgdl` the weights were computed with; added chunks are
  weighed with that same `avgdl`, not the new average. When the live average has moved
  more than `AVGDL_DRIFT` from it (or dead postings of removed reports pass
  `DEAD_SHARE`), every weight is computed again in memory from the kept term
  frequencies (`reweighed`), which is exactly a full rebuild's. The ranking difference
  this allows is measured by tests/assistant/retrieval/test_incremental.py and
  benchmarks/bench_scale.py (docs/BENCHMARKS.md, "scale (issue 14)").
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from functools import cached_property

import numpy as np

from assistant.retrieval.catalogue import Catalogue, group_by_report
from core.store_records import ChunkRecord
from core.text import tokenize

AVGDL_DRIFT = 0.05  # relative change of the average chunk length before reweighing
DEAD_SHARE = 0.25  # share of dead slots before the postings are compacted


@dataclass(frozen=True)
class BM25Hit:
    chunk_id: str
    paragraph_id: str
    report_id: str
    score: float


class IdfTable(dict):
    """idf per token, with what a word no report has weighs (open figures score a
    question's words with it): the median word's weight, worked out once per table —
    sorting the vocabulary for every figure scored cost ~2 ms a question at 10,000
    reports."""

    @cached_property
    def median(self) -> float:
        values = sorted(self.values())
        return values[len(values) // 2] if values else 1.0


@dataclass(frozen=True)
class Posting:
    slots: np.ndarray  # int32, ascending
    tf: np.ndarray  # float32 term frequency, kept so that weights can be computed again
    weight: np.ndarray  # float32 tf*(k1+1)/(tf+norm): the BM25 weight without idf


def chunk_tokens(record: ChunkRecord) -> Counter[str]:
    # The full section path counts as text: items under “三、存在问题及整改措施” are
    # about 整改措施 even when their own sub-heading is lost.
    section = str(record.metadata.get("section", ""))
    return Counter(tokenize(f"{section}\n{record.text}"))


@dataclass(frozen=True)
class BM25Index:
    """BM25 postings over the slots of `catalogue`. Never changes: `changed` returns
    the next index, sharing the postings of tokens the change did not touch."""

    catalogue: Catalogue
    postings: dict[str, Posting]
    df: dict[str, int]  # live chunks holding the token
    idf: dict[str, float]
    lengths: np.ndarray  # float32 tokens per slot
    avgdl: float  # the average length the weights were computed with
    k1: float = 1.5
    b: float = 0.75

    @classmethod
    def build(cls, records: Iterable[ChunkRecord], k1: float = 1.5, b: float = 0.75,
              places: Mapping[str, list[str]] | None = None,
              versions: Mapping[str, float] | None = None) -> "BM25Index":
        empty = cls(Catalogue.empty(), {}, {}, {}, np.zeros(0, np.float32), 1.0, k1, b)
        return empty.changed(group_by_report(records), (), places, versions, exact=True)

    def __len__(self) -> int:
        return len(self.catalogue)

    @property
    def live_avgdl(self) -> float:
        live = self.catalogue.alive
        return float(self.lengths[live].mean()) if live.any() else 1.0

    def _norm(self, lengths: np.ndarray, avgdl: float) -> np.ndarray:
        return self.k1 * (1.0 - self.b + self.b * lengths / max(avgdl, 1e-9))

    def changed(self, added: Mapping[str, Sequence[ChunkRecord]], removed: Iterable[str],
                places: Mapping[str, list[str]] | None = None,
                versions: Mapping[str, float] | None = None,
                exact: bool = False) -> "BM25Index":
        """The index after `removed` reports left and `added` ones (records grouped by
        report) came; `exact` computes every weight with the new average length."""
        old = self.catalogue
        gone = (set(removed) | set(added)) & set(old.report_slots)
        catalogue = old.changed(added, gone, places, versions)
        df = dict(self.df)
        bounds = np.array(sorted(b for rid in gone for b in old.report_slots[rid]), np.int64)
        if len(bounds):
            # Slots ascend in every posting and a report's slots are one range: the
            # postings a removed report had are counted with two binary searches.
            for token, posting in self.postings.items():
                ends = np.searchsorted(posting.slots, bounds)
                inside = int((ends[1::2] - ends[0::2]).sum())
                if inside:
                    df[token] -= inside
        counts = [chunk_tokens(r) for records in added.values() for r in records]
        new_lengths = np.array([sum(c.values()) for c in counts], dtype=np.float32)
        lengths = np.concatenate([self.lengths, new_lengths])
        live = catalogue.alive
        live_avg = float(lengths[live].mean()) if live.any() else 1.0
        avgdl = live_avg if (exact or not old.size) else self.avgdl
        first = old.size
        by_token: dict[str, tuple[list[int], list[float]]] = {}
        for offset, counter in enumerate(counts):
            for token, tf in counter.items():
                slots, tfs = by_token.setdefault(token, ([], []))
                slots.append(first + offset)
                tfs.append(float(tf))
        postings = dict(self.postings)
        for token, (slots, tfs) in by_token.items():
            index = np.array(slots, dtype=np.int32)
            tf = np.array(tfs, dtype=np.float32)
            weight = (tf * (self.k1 + 1.0) / (tf + self._norm(lengths[index], avgdl))
                      ).astype(np.float32)
            before = postings.get(token)
            if before is not None:
                index = np.concatenate([before.slots, index])
                tf = np.concatenate([before.tf, tf])
                weight = np.concatenate([before.weight, weight])
            postings[token] = Posting(index, tf, weight)
            df[token] = df.get(token, 0) + len(slots)
        index = replace(self, catalogue=catalogue, postings=postings, df=df, idf={},
                        lengths=lengths, avgdl=avgdl)
        drifted = abs(live_avg / max(avgdl, 1e-9) - 1.0) > AVGDL_DRIFT
        if catalogue.dead > DEAD_SHARE * max(catalogue.size, 1):
            return index.reweighed()
        if (exact and old.size) or drifted:
            return index.reweighed()
        return index.with_idf()

    def with_idf(self) -> "BM25Index":
        n = len(self.catalogue)
        tokens = [t for t, count in self.df.items() if count > 0]
        counts = np.array([self.df[t] for t in tokens], dtype=np.float64)
        values = np.log(1.0 + (n - counts + 0.5) / (counts + 0.5))
        return replace(self, idf=IdfTable(zip(tokens, values.tolist())))

    def reweighed(self) -> "BM25Index":
        """Dead slots dropped and every weight computed with the live average length:
        what a full rebuild over the same chunks gives (up to slot order)."""
        catalogue, renumber = self.catalogue.compacted()
        lengths = self.lengths[self.catalogue.alive]
        avgdl = float(lengths.mean()) if len(lengths) else 1.0
        postings: dict[str, Posting] = {}
        for token, posting in self.postings.items():
            moved = renumber[posting.slots]
            keep = moved >= 0
            if not keep.any():
                continue
            slots = moved[keep].astype(np.int32)
            tf = posting.tf[keep]
            weight = (tf * (self.k1 + 1.0) / (tf + self._norm(lengths[slots], avgdl))
                      ).astype(np.float32)
            postings[token] = Posting(slots, tf, weight)
        df = {t: len(p.slots) for t, p in postings.items()}
        return replace(self, catalogue=catalogue, postings=postings, df=df,
                       lengths=lengths, avgdl=avgdl).with_idf()

    def search(self, query: str | Sequence[str], k: int,
               report_ids: Iterable[str] | None = None, section: str = "",
               headings: bool = False) -> list[BM25Hit]:
        """Best chunk per paragraph, best paragraphs first. `report_ids` and `section`
        (a substring of the top-level section) restrict the search; headings are left
        out unless asked for (they name a topic but say nothing about it)."""
        tokens = tokenize(query) if isinstance(query, str) else list(query)
        catalogue = self.catalogue
        if not len(catalogue) or not tokens:
            return []
        slots, scores = self._scores(list(dict.fromkeys(tokens)), report_ids)
        keep = catalogue.mask_of(slots, section)
        if not headings:
            keep &= ~catalogue.headings[slots]
        positive = np.flatnonzero((scores > 0) & keep)
        if positive.size == 0:
            return []
        order = slots[positive[np.argsort(-scores[positive], kind="stable")]]
        scores_of = dict(zip(slots[positive].tolist(), scores[positive].tolist()))
        hits: list[BM25Hit] = []
        seen: set[str] = set()
        for slot in order:
            paragraph = catalogue.paragraph_ids[slot]
            if paragraph in seen:
                continue
            seen.add(paragraph)
            hits.append(BM25Hit(catalogue.chunk_ids[slot], paragraph,
                                catalogue.report_of(slot), scores_of[int(slot)]))
            if len(hits) >= k:
                break
        return hits


    def _scores(self, tokens: list[str], report_ids: Iterable[str] | None
                ) -> tuple[np.ndarray, np.ndarray]:
        """(slots, their scores): every slot, or for a search within a few reports only
        theirs — each posting cut to their slot ranges by binary search, so a question
        about one office does not add up scores over every chunk of the corpus."""
        catalogue = self.catalogue
        ranges = [] if report_ids is None else sorted(
            catalogue.report_slots[rid] for rid in set(report_ids)
            if rid in catalogue.report_slots)
        if report_ids is None or sum(e - s for s, e in ranges) * 8 > catalogue.size:
            scores = np.zeros(catalogue.size, dtype=np.float32)
            for token in tokens:
                posting = self.postings.get(token)
                if posting is not None and token in self.idf:
                    scores[posting.slots] += self.idf[token] * posting.weight
            slots = np.arange(catalogue.size)
            if report_ids is not None:  # most of the corpus: mask the rest
                inside = catalogue.mask(report_ids)
                return slots[inside], scores[inside]
            return slots, scores
        slots = (np.concatenate([np.arange(s, e) for s, e in ranges]) if ranges
                 else np.zeros(0, dtype=np.int64))
        bases = np.cumsum([0] + [e - s for s, e in ranges])[:-1]
        scores = np.zeros(len(slots), dtype=np.float32)
        for token in tokens:
            posting = self.postings.get(token)
            if posting is None or token not in self.idf:
                continue
            idf = self.idf[token]
            for (start, end), base in zip(ranges, bases):
                i0, i1 = np.searchsorted(posting.slots, (start, end))
                if i1 > i0:
                    scores[base + posting.slots[i0:i1] - start] += idf * posting.weight[i0:i1]
        return slots, scores
