"""Retrieval quality: recall@5 and MRR for BM25 only, dense only and hybrid (RRF).

    python benchmarks/retrieval_quality.py --index-dir DIR [QA.jsonl ...]

Question sets default to shared/eval/seeds_qa.jsonl and eval/dev_qa.jsonl; only
questions with an evidence string and named reports count (figure and passage kinds).
A paragraph is relevant when its text holds the evidence (compared normalised, so
evidence written in Simplified matches a Traditional report). All three retrievers get
the filters the assistant uses (the offices and years the question names) and return
paragraphs, not chunks. recall@5 = share of questions with a relevant paragraph in the
top 5; MRR = mean of 1/rank of the first relevant paragraph (0 when none in the top 20).
"""

from __future__ import annotations

if __package__ in (None, ""):  # run as a script: make the project importable
    import sys
    from pathlib import Path as _Path

    sys.path.insert(0, str(_Path(__file__).resolve().parent.parent))

import argparse
import re
from dataclasses import dataclass
from pathlib import Path

from core.embedding import offline_environment
from assistant.evaluate import load_items
from assistant.retrieval.hybrid import HybridRetriever
from core.settings import Settings
from core.store import Store
from core.normalise import normalise
from assistant.question.request import question_for

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SETS = [ROOT.parent / "shared" / "eval" / "seeds_qa.jsonl", ROOT / "eval" / "dev_qa.jsonl"]
DEPTH = 20


def _n(text: str) -> str:
    return re.sub(r"\s+", "", normalise(text).text)


@dataclass
class Score:
    hits: int = 0
    reciprocal: float = 0.0
    count: int = 0

    def add(self, ranking: list[str], relevant: set[str]) -> None:
        self.count += 1
        rank = next((i for i, pid in enumerate(ranking[:DEPTH], start=1) if pid in relevant), 0)
        self.hits += 1 if 0 < rank <= 5 else 0
        self.reciprocal += 1 / rank if rank else 0.0

    def row(self) -> str:
        return f"{self.hits / self.count:.2f} | {self.reciprocal / self.count:.2f}"


def relevant_paragraphs(store: Store, sources: list[str], evidence: str) -> set[str]:
    wanted = _n(evidence)
    found: set[str] = set()
    for source in sources:
        report = store.report_by_source(source)
        if report:
            found |= {p.paragraph_id for p in store.report_paragraphs(report.id)
                      if wanted in _n(p.text)}
    return found


def measure(retriever: HybridRetriever, store: Store, path: Path) -> dict[str, Score]:
    scores = {"BM25": Score(), "dense": Score(), "hybrid": Score()}
    view = retriever.view()
    for item in load_items(path):
        if item.get("kind") not in ("figure", "passage") or not item.get("evidence"):
            continue
        relevant = relevant_paragraphs(store, item.get("reports", []), item["evidence"])
        if not relevant:
            continue
        question = question_for(item["question"], retriever.view())
        report_ids = (view.report_ids(question.offices, question.years)
                      if question.offices or question.years else None)
        query = question.normalised
        for phrase in question.office_phrases:
            query = query.replace(phrase, " ")
        bm25 = [h.paragraph_id for h in view.bm25.search(query, DEPTH, report_ids)]
        dense = [p.paragraph_id for p in retriever.dense.search(
            view.bm25, {r.id for r in view.reports}, query, DEPTH, report_ids)]
        hybrid = [p.paragraph_id for p in retriever.retrieve(question, k=DEPTH)]
        scores["BM25"].add(bm25, relevant)
        scores["dense"].add(dense, relevant)
        scores["hybrid"].add(hybrid, relevant)
    return scores


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("sets", nargs="*", type=Path, help="question sets (default: seeds and dev)")
    parser.add_argument("--index-dir", type=Path, required=True,
                        help="an index holding the reports the questions name")
    args = parser.parse_args(argv)
    offline_environment()
    settings = Settings(index_dir=args.index_dir, _env_file=None)
    store = Store.open(settings)
    retriever = HybridRetriever.from_settings(settings, store)
    print("| question set | questions | BM25 recall@5 | BM25 MRR | dense recall@5 | dense MRR "
          "| hybrid recall@5 | hybrid MRR |")
    print("|---|---|---|---|---|---|---|---|")
    for path in args.sets or DEFAULT_SETS:
        scores = measure(retriever, store, path)
        count = scores["BM25"].count
        print(f"| {path.name} | {count} | {scores['BM25'].row()} | {scores['dense'].row()} "
              f"| {scores['hybrid'].row()} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
