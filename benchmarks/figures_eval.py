"""Precision and recall of the figure extractor against the hand-written golden lists
(tests/golden/figures_*.json), and its cost per paragraph.

    python benchmarks/figures_eval.py [--corpus DIR]

An extracted figure is correct when it matches a golden figure one for one: same
metric, value, qualifier, scope, period and unit; the golden label contained in its
label; its paragraph containing the golden paragraph text; its quote containing the
golden quote (which holds the number as the report wrote it). Precision = correct /
extracted; recall = golden matched / golden.

The cost is measured over the bundled corpus (and `--corpus DIR` of .txt files, e.g.
one written by benchmarks/generate_corpus.py) and set beside the embedding model's
rate of about 45 paragraphs per second (DESIGN.md): extraction must stay under 5% of it.
"""

from __future__ import annotations

if __package__ in (None, ""):  # run as a script: make the project importable
    import sys
    from pathlib import Path as _Path

    sys.path.insert(0, str(_Path(__file__).resolve().parent.parent))

import argparse
import json
import time
from dataclasses import dataclass, field
from pathlib import Path

from core.models import Figure, Office, Paragraph, Report, content_id
from index.figures import FigureResult, extract_figures
from index.figures.open_figures import OPEN_METRIC
from index.loaders import load_document
from core.normalise import normalise
from index.paragraphs import split_paragraphs

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = ROOT / "tests" / "golden"
CORPUS = ROOT / "corpus"
EMBED_PARAGRAPHS_PER_S = 45.0


def load_report(path: Path, office: str = "", year: int | None = None
                ) -> tuple[Report, list[Paragraph]]:
    """A report read with the real loader and paragraph splitter; office and year are
    given (so the golden lists do not depend on index.metadata)."""
    doc = load_document(path, 50 * 1024 * 1024)
    original = "\n".join(block.text for block in doc.blocks)
    report_id = content_id(original)
    paragraphs = split_paragraphs(report_id, doc.blocks)
    report = Report(id=report_id, source=doc.source, title="", office=Office(office, ""),
                    year=year, published=None, format="pre2019", text=original,
                    normalised=normalise(original).text, content_hash=doc.content_hash)
    return report, paragraphs


def matches(figure: Figure, paragraph_text: str, gold: dict) -> bool:
    return (figure.metric == gold["metric"] and abs(figure.value - gold["value"]) < 1e-9
            and figure.qualifier == gold["qualifier"] and figure.scope == gold["scope"]
            and figure.period == gold["period"] and figure.unit == gold["unit"]
            and gold["label"] in figure.label and gold["paragraph"] in paragraph_text
            and gold["quote"] in figure.quote)


@dataclass
class Score:
    extracted: int = 0
    golden: int = 0
    correct: int = 0
    wrong: list[Figure] = field(default_factory=list)  # extracted, matching no golden
    missed: list[dict] = field(default_factory=list)  # golden, not extracted

    @property
    def precision(self) -> float:
        return self.correct / self.extracted if self.extracted else 1.0

    @property
    def recall(self) -> float:
        return self.correct / self.golden if self.golden else 1.0

    def add(self, other: Score) -> None:
        self.extracted += other.extracted
        self.golden += other.golden
        self.correct += other.correct
        self.wrong += other.wrong
        self.missed += other.missed


def score(figures: list[Figure], paragraphs: list[Paragraph], golden: list[dict]) -> Score:
    """One-to-one matching of extracted figures to golden ones."""
    text_of = {p.id: p.text for p in paragraphs}
    unmatched = list(figures)
    result = Score(extracted=len(figures), golden=len(golden))
    for gold in golden:
        hit = next((f for f in unmatched if matches(f, text_of[f.paragraph_id], gold)), None)
        if hit is None:
            result.missed.append(gold)
        else:
            unmatched.remove(hit)
            result.correct += 1
    result.wrong = unmatched
    return result


def vocabulary_only(result: FigureResult) -> FigureResult:
    """The result without open figures (metric `open`): the golden lists hold vocabulary
    figures only; benchmarks/open_figures_recall.py measures the open ones."""
    return FigureResult([f for f in result.figures if f.metric != OPEN_METRIC],
                        result.warnings)


def golden_files() -> list[Path]:
    return sorted(GOLDEN.glob("figures_*.json"))


def evaluate() -> tuple[Score, dict[str, Score]]:
    total, per_report = Score(), {}
    for path in golden_files():
        gold = json.loads(path.read_text(encoding="utf-8"))
        report, paragraphs = load_report(CORPUS / gold["source"], gold["office"], gold["year"])
        figures = vocabulary_only(extract_figures(report, paragraphs)).figures
        result = score(figures, paragraphs, gold["figures"])
        per_report[gold["source"]] = result
        total.add(result)
    return total, per_report


def timing(paths: list[Path], rounds: int = 3) -> tuple[int, float]:
    """(paragraphs, best seconds per paragraph) of extraction alone."""
    loaded = [load_report(p, "", 2020) for p in paths]
    count = sum(len(ps) for _, ps in loaded)
    best = float("inf")
    for _ in range(rounds):
        start = time.perf_counter()
        for report, paragraphs in loaded:
            extract_figures(report, paragraphs)
        best = min(best, time.perf_counter() - start)
    return count, best / max(count, 1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, help="a folder of .txt reports to time on")
    parser.add_argument("--embed", action="store_true",
                        help="also time the embedding model on the bundled paragraphs, "
                             "instead of assuming 45 paragraphs/s")
    args = parser.parse_args()
    total, per_report = evaluate()
    for source, result in per_report.items():
        print(f"{source}: golden {result.golden}, extracted {result.extracted}, "
              f"correct {result.correct}")
        for figure in result.wrong:
            print(f"   extra  {figure.metric} {figure.value:g} {figure.qualifier} "
                  f"{figure.period} {figure.label!r} | {figure.quote}")
        for gold in result.missed:
            print(f"   missed {gold['metric']} {gold['value']} {gold['qualifier']} "
                  f"{gold['period']} {gold['label']!r} | {gold['quote']}")
    print(f"precision {total.precision:.3f} ({total.correct}/{total.extracted}), "
          f"recall {total.recall:.3f} ({total.correct}/{total.golden})")
    paths = sorted(CORPUS.glob("*.txt"))
    if args.corpus:
        paths += sorted(args.corpus.glob("*.txt"))
    rate = embedding_rate() if args.embed else EMBED_PARAGRAPHS_PER_S
    count, per_paragraph = timing(paths)
    print(f"extraction: {per_paragraph * 1000:.3f} ms per paragraph over {count} paragraphs "
          f"= {per_paragraph * rate:.1%} of embedding time at {rate:.1f} paragraphs/s")


def embedding_rate() -> float:
    """Paragraphs per second the configured default model encodes, measured here."""
    from core.embedding import SentenceTransformerEmbedder

    from index.chunks import make_chunks

    paragraphs = [p for path in sorted(CORPUS.glob("*.txt")) for p in load_report(path)[1]]
    texts = [chunk.text for chunk in make_chunks(paragraphs, 400, 60)]  # as indexing does
    embedder = SentenceTransformerEmbedder()
    embedder(texts[:8])  # load the model outside the timing
    start = time.perf_counter()
    embedder(texts)
    return len(paragraphs) / (time.perf_counter() - start)


if __name__ == "__main__":
    main()
