"""Retrieval quality: recall@5 and MRR for BM25 only, dense only and hybrid (RRF).

    python benchmarks/retrieval_quality.py --index-dir DIR [QA.jsonl ...]
    python benchmarks/retrieval_quality.py --index-dir DIR --realdev ../shared/realdev/qa.jsonl

Question sets default to shared/eval/seeds_qa.jsonl and eval/dev_qa.jsonl; only
questions with an evidence string and named reports count (figure and passage kinds).
A paragraph is relevant when its text holds the evidence (compared normalised, so
evidence written in Simplified matches a Traditional report). All three retrievers get
the filters the assistant uses (the offices and years the question names) and return
paragraphs, not chunks. recall@5 = share of questions with a relevant paragraph in the
top 5; MRR = mean of 1/rank of the first relevant paragraph (0 when none in the top 20).

`--realdev` measures plain dense retrieval, restricted to nothing (the whole index, no
office or year filter: the encoder alone), on the realdev questions with one evidence
string (figure and passage kinds; `report_files` name the reports). An evidence string
that spans several paragraphs (a table row saved one cell a line) makes each paragraph
inside it relevant. The encoder is the configured one (GOVQA_ENCODER).
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

from core.offline import offline_environment
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
        return f"{self.hits / self.count:.3f} | {self.reciprocal / self.count:.3f}"


def relevant_paragraphs(store: Store, sources: list[str], evidence: str,
                        spanning: bool = False) -> set[str]:
    """Paragraphs of the named reports holding the evidence; with `spanning`, when none
    holds it whole, the paragraphs (of 2+ characters) that lie inside it."""
    wanted = _n(evidence)
    found: set[str] = set()
    for source in sources:
        report = store.report_by_source(Path(source).name)
        if not report:
            continue
        paragraphs = [(p.paragraph_id, _n(p.text)) for p in store.report_paragraphs(report.id)]
        holding = {pid for pid, text in paragraphs if wanted in text}
        if not holding and spanning:
            holding = {pid for pid, text in paragraphs if len(text) >= 2 and text in wanted}
        found |= holding
    return found


def measure_plain_dense(store: Store, path: Path) -> tuple[Score, int]:
    """Plain dense retrieval over the whole index (see the module note); returns the
    score and how many questions had no relevant paragraph in the index (skipped)."""
    score, skipped = Score(), 0
    for item in load_items(path):
        evidence = item.get("evidence")
        if item.get("kind") not in ("figure", "passage") or not isinstance(evidence, str):
            continue
        relevant = relevant_paragraphs(store, item.get("report_files") or item.get("reports", []),
                                       evidence, spanning=True)
        if not relevant:
            skipped += 1
            continue
        query = normalise(item["question"]).text
        score.add([p.paragraph_id for p in store.dense_search(query, DEPTH)], relevant)
    return score, skipped


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
            view.catalogue, query, DEPTH, report_ids)]
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
    parser.add_argument("--realdev", type=Path, default=None,
                        help="realdev qa.jsonl: plain dense retrieval over the whole index")
    args = parser.parse_args(argv)
    offline_environment()
    # The environment is read (GOVQA_ENCODER picks the encoder); no .env file.
    settings = Settings(index_dir=args.index_dir, _env_file=None)
    store = Store.open(settings)
    if args.realdev:
        score, skipped = measure_plain_dense(store, args.realdev)
        print("| question set | encoder | questions | dense recall@5 | dense MRR | skipped |")
        print("|---|---|---|---|---|---|")
        print(f"| {args.realdev.name} | {settings.encoder} | {score.count} | {score.row()} "
              f"| {skipped} |")
        return 0
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
