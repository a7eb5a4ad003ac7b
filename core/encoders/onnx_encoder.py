"""Sentence vectors from an exported ONNX model, run with ONNX Runtime on the CPU.

Neither torch nor transformers is imported: the tokenizer is the `tokenizers` object
sentence-transformers itself used (saved by the export), truncated and padded the way
sentence-transformers does (longest first to the model's max_seq_length; right padding
to the longest text of a batch), and pooling and normalisation are inside the graph.

Runs are small and single-threaded, `threads` of them at once: on two cores two runs
of 4 texts, one thread each, encode 1.2-1.3x as many texts per second as one run of 32
texts on two intra-op threads (docs/BENCHMARKS.md, "encoder runs"): a small matrix
product splits badly across threads, and with the texts sorted by length a batch of 4
carries almost no padding. A run holds at most `RUN_TEXTS` texts (fewer if
`batch_size` is smaller) and at most `token_budget` padded tokens, so the encoder's
memory stays small whatever the texts.
"""

from __future__ import annotations

from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np

from core.encoders.export import INT8_FILE, MODEL_FILE, TOKENIZER_FILE, Manifest

TOKEN_BUDGET = 8 * 512  # padded tokens per run
RUN_TEXTS = 4  # texts per run at most (see the module's docstring)
RUN_FILL = 0.9  # a text shares a run only with texts at most ~10% longer


class OnnxEncoder:
    """Encodes texts with an exported folder (see core.encoders.export)."""

    def __init__(self, folder: Path, manifest: Manifest, *, int8: bool = False,
                 threads: int = 2, batch_size: int = 32, token_budget: int = TOKEN_BUDGET):
        import onnxruntime as ort
        from tokenizers import Tokenizer

        self.manifest = manifest
        self.batch_size = max(1, min(batch_size, RUN_TEXTS))
        self.token_budget = token_budget
        self.threads = max(1, threads)
        self.tokenizer = Tokenizer.from_file(str(folder / TOKENIZER_FILE))
        self.tokenizer.enable_truncation(max_length=manifest.max_seq_length,
                                         strategy="longest_first")
        self.tokenizer.no_padding()  # padded per batch below, to that batch's longest
        options = ort.SessionOptions()
        # Each run on its caller's thread alone: parallelism comes from several runs at
        # once (`encode`), and a query from one user does not take every core.
        options.intra_op_num_threads = 1
        options.inter_op_num_threads = 1
        options.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
        # Idle pool threads sleep instead of spinning: with several app processes or
        # users on two cores, spinning threads burn the CPU the others need.
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        self.session = ort.InferenceSession(str(folder / (INT8_FILE if int8 else MODEL_FILE)),
                                            options, providers=["CPUExecutionProvider"])
        # Kept for the encoder's life: a run on a thread new to ONNX Runtime pays for its
        # per-thread set-up (per-report calls on fresh threads took 2.7x as long).
        self._pool = (ThreadPoolExecutor(self.threads, thread_name_prefix="onnx-run")
                      if self.threads > 1 else None)

    @property
    def dimension(self) -> int:
        return self.manifest.dimension

    def token_ids(self, texts: Sequence[str]) -> list[list[int]]:
        """Unpadded token ids of each text (for checking against the torch tokenizer)."""
        return [e.ids for e in self.tokenizer.encode_batch(list(texts))]

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Unit vectors, one row per text, in the order given. Texts are batched longest
        first (in tokens) so a batch carries little padding; `threads` batches run at
        once (ONNX Runtime releases the GIL while it runs)."""
        vectors = np.zeros((len(texts), self.dimension), dtype=np.float32)
        encodings = self.tokenizer.encode_batch(list(texts))
        order = sorted(range(len(texts)), key=lambda i: -len(encodings[i].ids))
        batches = [[order[i] for i in picked] for picked in token_batches(
            [len(encodings[i].ids) for i in order], self.batch_size, self.token_budget,
            RUN_FILL)]

        def run(chosen: list[int]) -> None:
            vectors[chosen] = self._run([encodings[i] for i in chosen])

        if self._pool is None or len(batches) == 1:
            for chosen in batches:
                run(chosen)
        else:
            for _ in self._pool.map(run, batches):  # re-raises a run's error here
                pass
        return vectors

    def _run(self, encodings: list) -> np.ndarray:
        width = max(len(e.ids) for e in encodings)
        shape = (len(encodings), width)
        columns = {"input_ids": np.full(shape, self.manifest.pad_token_id, dtype=np.int64),
                   "attention_mask": np.zeros(shape, dtype=np.int64),
                   "token_type_ids": np.zeros(shape, dtype=np.int64)}
        for row, e in enumerate(encodings):  # right padding, as sentence-transformers pads
            columns["input_ids"][row, :len(e.ids)] = e.ids
            columns["attention_mask"][row, :len(e.ids)] = e.attention_mask
            columns["token_type_ids"][row, :len(e.ids)] = e.type_ids
        feed = {name: columns[name] for name in self.manifest.inputs}
        return self.session.run(["sentence_embedding"], feed)[0]


def token_batches(lengths: Sequence[int], batch_size: int, token_budget: int,
                  fill: float = 0.0) -> list[range]:
    """Consecutive batches of positions of `lengths` (sorted longest first): each at
    most `batch_size` long and, padded to its first (longest) text, at most
    `token_budget` tokens — one text at least, however long. With `fill`, a text joins
    a batch only if it is at least `fill` times as long as the batch's first, so no
    text is padded much: a few texts of one report vary widely in length, and padding
    a 34-token text to 361 tokens costs what encoding it ten times would."""
    batches, start = [], 0
    while start < len(lengths):
        longest = max(lengths[start], 1)
        size = max(1, min(batch_size, token_budget // longest, len(lengths) - start))
        while size > 1 and lengths[start + size - 1] < fill * longest:
            size -= 1
        batches.append(range(start, start + size))
        start += size
    return batches
