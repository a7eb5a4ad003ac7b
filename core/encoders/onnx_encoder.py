"""Sentence vectors from an exported ONNX model, run with ONNX Runtime on the CPU.

Neither torch nor transformers is imported: the tokenizer is the `tokenizers` object
sentence-transformers itself used (saved by the export), truncated and padded the way
sentence-transformers does (longest first to the model's max_seq_length; right padding
to the longest text of a batch), and pooling and normalisation are inside the graph.

Batches are bounded by tokens as well as by count: attention's memory grows with the
batch times its longest text, so 32 texts of 512 tokens peaked at ~1.8 GB while 32
short ones need little. A batch holds at most `batch_size` texts and at most
`token_budget` padded tokens (default 8 × 512): long texts go 8 at a time, short ones
32 (docs/BENCHMARKS.md, "encoder batches by tokens").
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np

from core.encoders.export import INT8_FILE, MODEL_FILE, TOKENIZER_FILE, Manifest

TOKEN_BUDGET = 8 * 512  # padded tokens per batch


class OnnxEncoder:
    """Encodes texts with an exported folder (see core.encoders.export)."""

    def __init__(self, folder: Path, manifest: Manifest, *, int8: bool = False,
                 threads: int = 2, batch_size: int = 32, token_budget: int = TOKEN_BUDGET):
        import onnxruntime as ort
        from tokenizers import Tokenizer

        self.manifest = manifest
        self.batch_size = batch_size
        self.token_budget = token_budget
        self.tokenizer = Tokenizer.from_file(str(folder / TOKENIZER_FILE))
        self.tokenizer.enable_truncation(max_length=manifest.max_seq_length,
                                         strategy="longest_first")
        self.tokenizer.no_padding()  # padded per batch below, to that batch's longest
        options = ort.SessionOptions()
        # intra-op threads do the matrix work; inter-op parallelism does not help a
        # single sequential graph and only adds threads that compete for two cores.
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        options.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
        # Idle pool threads sleep instead of spinning: with several app processes or
        # users on two cores, spinning threads burn the CPU the others need.
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        self.session = ort.InferenceSession(str(folder / (INT8_FILE if int8 else MODEL_FILE)),
                                            options, providers=["CPUExecutionProvider"])

    @property
    def dimension(self) -> int:
        return self.manifest.dimension

    def token_ids(self, texts: Sequence[str]) -> list[list[int]]:
        """Unpadded token ids of each text (for checking against the torch tokenizer)."""
        return [e.ids for e in self.tokenizer.encode_batch(list(texts))]

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Unit vectors, one row per text, in the order given. Texts are batched longest
        first (in tokens) so a batch carries little padding."""
        vectors = np.zeros((len(texts), self.dimension), dtype=np.float32)
        encodings = self.tokenizer.encode_batch(list(texts))
        order = sorted(range(len(texts)), key=lambda i: -len(encodings[i].ids))
        for picked in token_batches([len(encodings[i].ids) for i in order],
                                    self.batch_size, self.token_budget):
            chosen = [order[i] for i in picked]
            vectors[chosen] = self._run([encodings[i] for i in chosen])
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


def token_batches(lengths: Sequence[int], batch_size: int, token_budget: int
                  ) -> list[range]:
    """Consecutive batches of positions of `lengths` (sorted longest first): each at
    most `batch_size` long and, padded to its first (longest) text, at most
    `token_budget` tokens — one text at least, however long."""
    batches, start = [], 0
    while start < len(lengths):
        longest = max(lengths[start], 1)
        size = max(1, min(batch_size, token_budget // longest, len(lengths) - start))
        batches.append(range(start, start + size))
        start += size
    return batches
