"""Sentence vectors from an exported ONNX model, run with ONNX Runtime on the CPU.

Neither torch nor transformers is imported: the tokenizer is the `tokenizers` object
sentence-transformers itself used (saved by the export), truncated and padded the way
sentence-transformers does (longest first to the model's max_seq_length; right padding
to the longest text of a batch), and pooling and normalisation are inside the graph.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np

from core.encoders.export import INT8_FILE, MODEL_FILE, TOKENIZER_FILE, Manifest


class OnnxEncoder:
    """Encodes texts with an exported folder (see core.encoders.export)."""

    def __init__(self, folder: Path, manifest: Manifest, *, int8: bool = False,
                 threads: int = 2, batch_size: int = 32):
        import onnxruntime as ort
        from tokenizers import Tokenizer

        self.manifest = manifest
        self.batch_size = batch_size
        self.tokenizer = Tokenizer.from_file(str(folder / TOKENIZER_FILE))
        self.tokenizer.enable_truncation(max_length=manifest.max_seq_length,
                                         strategy="longest_first")
        self.tokenizer.enable_padding(pad_id=manifest.pad_token_id, pad_token=manifest.pad_token,
                                      direction="right")
        options = ort.SessionOptions()
        # intra-op threads do the matrix work; inter-op parallelism does not help a
        # single sequential graph and only adds threads that compete for two cores.
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        options.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
        options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        self.session = ort.InferenceSession(str(folder / (INT8_FILE if int8 else MODEL_FILE)),
                                            options, providers=["CPUExecutionProvider"])

    @property
    def dimension(self) -> int:
        return self.manifest.dimension

    def token_ids(self, texts: Sequence[str]) -> list[list[int]]:
        """Unpadded token ids of each text (for checking against the torch tokenizer)."""
        self.tokenizer.no_padding()
        try:
            return [e.ids for e in self.tokenizer.encode_batch(list(texts))]
        finally:
            self.tokenizer.enable_padding(pad_id=self.manifest.pad_token_id,
                                          pad_token=self.manifest.pad_token, direction="right")

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Unit vectors, one row per text, in the order given. Texts are batched longest
        first (as sentence-transformers does) so a batch carries little padding."""
        vectors = np.zeros((len(texts), self.dimension), dtype=np.float32)
        order = sorted(range(len(texts)), key=lambda i: -len(texts[i]))
        for start in range(0, len(order), self.batch_size):
            picked = order[start:start + self.batch_size]
            vectors[picked] = self._run([texts[i] for i in picked])
        return vectors

    def _run(self, batch: list[str]) -> np.ndarray:
        encodings = self.tokenizer.encode_batch(batch)
        columns = {"input_ids": [e.ids for e in encodings],
                   "attention_mask": [e.attention_mask for e in encodings],
                   "token_type_ids": [e.type_ids for e in encodings]}
        feed = {name: np.asarray(columns[name], dtype=np.int64) for name in self.manifest.inputs}
        return self.session.run(["sentence_embedding"], feed)[0]
