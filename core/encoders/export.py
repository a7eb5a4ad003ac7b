"""Export a sentence-transformers model to ONNX from its installed weights, cached.

The exported folder holds `model.onnx` (the transformer with the model's own pooling
and L2 normalisation inside the graph, so its output is the sentence vector; exported
with eager attention so that ONNX Runtime's transformer optimizer can fuse each layer's
attention, LayerNorms and GELU into single kernels — the same vectors, ~1.1–1.2× faster
on two cores), optionally `model.int8.onnx` (dynamic int8 quantisation of it, weights
quantised per output channel), the tokenizer exactly
as sentence-transformers configured it (`tokenizer.json`) and `manifest.json`, which
records the hash of the weights the export came from and the export code version. A
cached folder is used only when both still match; otherwise it is exported again.

Only Transformer → Pooling (mean / cls / max) → optional Normalize pipelines export;
anything else (a Dense layer, a prompt-aware pooling, a slow tokenizer) raises
`ExportUnsupported` and the caller keeps torch.
"""

from __future__ import annotations

import hashlib
import json
import logging
import mmap
import os
import re
import shutil
import tempfile
import warnings
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

# Bump whenever the exported graph or the manifest would change: cached exports made by
# another version of this code are then replaced.
EXPORT_VERSION = 2  # 2: fused graph (eager attention export + transformer optimizer)
OPSET = 17
MODEL_FILE, INT8_FILE = "model.onnx", "model.int8.onnx"
TOKENIZER_FILE, MANIFEST_FILE = "tokenizer.json", "manifest.json"
POOLING_MODES = ("mean", "cls", "max")
# The files of a model folder that decide its vectors (README and the like do not).
_WEIGHT_SUFFIXES = (".bin", ".safetensors", ".json", ".txt", ".model")


class ExportUnsupported(Exception):
    """This model cannot be exported (or the export failed): use torch instead."""


@dataclass(frozen=True)
class Manifest:
    """What an exported folder was made from and how its inputs are prepared."""

    model: str
    weights_sha256: str
    export_version: int
    pooling: str
    normalize: bool
    max_seq_length: int
    dimension: int
    inputs: tuple[str, ...]
    pad_token_id: int
    pad_token: str

    @classmethod
    def read(cls, folder: Path) -> "Manifest | None":
        try:
            raw = json.loads((folder / MANIFEST_FILE).read_text(encoding="utf-8"))
            raw["inputs"] = tuple(raw["inputs"])
            return cls(**{k: raw[k] for k in cls.__dataclass_fields__})
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def write(self, folder: Path) -> None:
        (folder / MANIFEST_FILE).write_text(
            json.dumps(asdict(self), ensure_ascii=False, indent=2), encoding="utf-8")


def weights_hash(model_dir: Path) -> str:
    """sha256 over the names and bytes of the files that decide the model's vectors."""
    digest = hashlib.sha256()
    files = sorted(p for p in model_dir.rglob("*")
                   if p.is_file() and p.suffix in _WEIGHT_SUFFIXES and ".cache" not in p.parts)
    if not files:
        raise ExportUnsupported(f"no weight files in {model_dir}")
    for path in files:
        digest.update(str(path.relative_to(model_dir)).encode("utf-8") + b"\0")
        if path.stat().st_size == 0:
            continue
        # One update over the mapped file: hashlib releases the GIL for all of it, where
        # a loop of 1 MB reads waits for the GIL at every block when this runs on the
        # indexer's encoder thread beside a busy main thread (1.9 s instead of 0.1 s).
        with path.open("rb") as handle, mmap.mmap(handle.fileno(), 0,
                                                  access=mmap.ACCESS_READ) as mapped:
            digest.update(mapped)
    return digest.hexdigest()


def model_folder(name: str, path: str) -> Path:
    """The local folder of a model: the path itself, or the hub cache's snapshot of an
    id (never downloaded)."""
    if Path(path).is_dir():
        return Path(path)
    try:
        from huggingface_hub import snapshot_download

        return Path(snapshot_download(path, local_files_only=True))
    except Exception as exc:  # noqa: BLE001 - any lookup failure means "cannot export"
        raise ExportUnsupported(f"{name!r} has no local folder to export from: {exc}") from exc


def export_folder(cache_dir: Path, name: str, digest: str) -> Path:
    slug = re.sub(r"[^A-Za-z0-9._-]+", "_", name).strip("_")[-60:] or "model"
    return cache_dir / f"{slug}-{digest[:16]}-e{EXPORT_VERSION}"


def ensure_export(name: str, path: str, cache_dir: Path, *, int8: bool) -> tuple[Path, Manifest]:
    """The cached export of model `name` (found at `path`), made now when missing or stale;
    with the int8 file too when asked. Raises ExportUnsupported."""
    digest = weights_hash(model_folder(name, path))
    folder = export_folder(cache_dir, name, digest)
    manifest = Manifest.read(folder)
    fresh = (manifest is not None and manifest.weights_sha256 == digest
             and manifest.export_version == EXPORT_VERSION and (folder / MODEL_FILE).is_file())
    if not fresh:
        if folder.exists():
            log.warning("cached ONNX export %s does not match the weights: exporting again",
                        folder)
            shutil.rmtree(folder, ignore_errors=True)
        manifest = _export(name, path, digest, folder)
    assert manifest is not None
    if int8 and not (folder / INT8_FILE).is_file():
        _quantise(folder)
    return folder, manifest


def _export(name: str, path: str, digest: str, folder: Path) -> Manifest:
    """Export into a temporary sibling folder, then rename it into place, so a reader
    (or a second process exporting at the same time) never sees half a folder."""
    folder.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=folder.name + ".tmp-", dir=folder.parent))
    work.chmod(0o755)  # mkdtemp makes it private; the cache is shared like the index
    try:
        manifest = _export_into(name, path, digest, work)
        manifest.write(work)
        try:
            os.replace(work, folder)
        except OSError:  # another process got there first: keep theirs
            if Manifest.read(folder) != manifest:
                raise
        log.info("exported %s to ONNX in %s", name, folder)
        return manifest
    except ExportUnsupported:
        raise
    except Exception as exc:  # noqa: BLE001 - any failure of the exporter means "use torch"
        raise ExportUnsupported(f"ONNX export of {name!r} failed: "
                                f"{type(exc).__name__}: {exc}") from exc
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _export_into(name: str, path: str, digest: str, work: Path) -> Manifest:
    import torch
    from sentence_transformers import SentenceTransformer

    # Eager attention: the SDPA path exports as a pattern the optimizer cannot fuse.
    st = SentenceTransformer(path, device="cpu", local_files_only=True,
                             model_kwargs={"attn_implementation": "eager"})
    transformer, pooling, normalize = _pipeline(st)
    tokenizer = transformer.tokenizer
    backend = getattr(tokenizer, "backend_tokenizer", None)
    if backend is None:
        raise ExportUnsupported(f"{name!r} has no fast (tokenizers) tokenizer")
    backend.save(str(work / TOKENIZER_FILE))
    sample = tokenizer(["政府信息公开工作年度报告", "主动公开"], padding=True,
                       return_tensors="pt")
    inputs = tuple(k for k in ("input_ids", "attention_mask", "token_type_ids") if k in sample)
    graph = _sentence_graph(transformer.auto_model.eval(), inputs, pooling)
    axes = {k: {0: "batch", 1: "tokens"} for k in inputs}
    axes["sentence_embedding"] = {0: "batch"}
    raw = work / "model.raw.onnx"
    with torch.no_grad(), warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the TorchScript exporter's deprecation notes
        torch.onnx.export(graph, tuple(sample[k] for k in inputs), str(raw),
                          input_names=list(inputs), output_names=["sentence_embedding"],
                          dynamic_axes=axes, opset_version=OPSET, dynamo=False)
    _fuse(raw, work / MODEL_FILE, transformer.auto_model.config)
    return Manifest(
        model=name, weights_sha256=digest, export_version=EXPORT_VERSION, pooling=pooling,
        normalize=normalize, max_seq_length=int(st.max_seq_length),
        dimension=int(st.get_embedding_dimension()), inputs=inputs,
        pad_token_id=int(tokenizer.pad_token_id or 0), pad_token=str(tokenizer.pad_token),
    )


def _pipeline(st: Any) -> tuple[Any, str, bool]:
    """(transformer module, pooling mode, normalise) of a Transformer → Pooling →
    [Normalize] model; ExportUnsupported for anything else."""
    modules = [st[i] for i in range(len(st))]
    kinds = [type(m).__name__ for m in modules]
    if kinds[:2] != ["Transformer", "Pooling"] or kinds[2:] not in ([], ["Normalize"]):
        raise ExportUnsupported(f"modules {kinds} are not Transformer → Pooling [→ Normalize]")
    config = modules[1].get_config_dict()
    mode = config.get("pooling_mode")
    if mode not in POOLING_MODES or not config.get("include_prompt", True):
        raise ExportUnsupported(f"pooling {config} is not one of {POOLING_MODES}")
    return modules[0], str(mode), kinds[2:] == ["Normalize"]


def _sentence_graph(model: Any, inputs: tuple[str, ...], pooling: str) -> Any:
    """The transformer, then the model's pooling, then L2 normalisation: the same steps
    as sentence-transformers' encode(normalize_embeddings=True), so the ONNX output is
    the stored vector. Normalising is done whatever the model says because this project
    always stores normalised vectors (cosine space). Built here so that importing this
    module does not import torch."""
    import torch

    class SentenceGraph(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.model = model

        def forward(self, *args: Any) -> Any:
            named = dict(zip(inputs, args))
            tokens = self.model(**named).last_hidden_state
            mask = named["attention_mask"].unsqueeze(-1).to(tokens.dtype)
            if pooling == "cls":
                pooled = tokens[:, 0]
            elif pooling == "max":
                pooled = torch.where(mask > 0, tokens,
                                     torch.full_like(tokens, -1e9)).max(dim=1).values
            else:  # mean over real tokens, as sentence-transformers' Pooling does
                pooled = (tokens * mask).sum(dim=1) / mask.sum(dim=1).clamp(min=1e-9)
            return torch.nn.functional.normalize(pooled, p=2, dim=1)

    return SentenceGraph()


def _fuse(raw: Path, target: Path, config: Any) -> None:
    """The BERT fusions of ONNX Runtime's transformer optimizer (Attention,
    EmbedLayerNormalization, SkipLayerNormalization, BiasGelu) written to `target`; the
    raw graph is kept as it is when the model is not BERT-like or the optimizer fails
    (slower, the same vectors)."""
    heads = int(getattr(config, "num_attention_heads", 0) or 0)
    hidden = int(getattr(config, "hidden_size", 0) or 0)
    try:
        from onnxruntime.transformers.optimizer import optimize_model

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            fused = optimize_model(str(raw), model_type="bert", num_heads=heads,
                                   hidden_size=hidden, opt_level=1)
        counts = fused.get_fused_operator_statistics()
        log.info("fused ONNX graph: %s", {k: v for k, v in counts.items() if v})
        fused.save_model_to_file(str(target))
        raw.unlink()
    except Exception as exc:  # noqa: BLE001 - an unfused graph is still a right graph
        log.warning("ONNX graph not fused (%s: %s); using the exported graph as is",
                    type(exc).__name__, exc)
        os.replace(raw, target)


def _quantise(folder: Path) -> None:
    """Dynamic int8 quantisation of the exported model (weights int8 per output channel,
    activations quantised per batch at run time), written atomically beside it.
    Per-channel scales keep the vectors much closer to fp32 than one scale per tensor
    (mean cosine 0.997 against 0.989 on realdev chunks; docs/BENCHMARKS.md)."""
    try:
        import onnx
        from onnxruntime.quantization import QuantType, quantize_dynamic

        handle, tmp = tempfile.mkstemp(prefix=INT8_FILE + ".tmp-", suffix=".onnx", dir=folder)
        os.close(handle)
        try:
            # DefaultTensorType: the fused ops are of the com.microsoft domain, whose
            # outputs shape inference cannot type.
            quantize_dynamic(str(folder / MODEL_FILE), tmp, weight_type=QuantType.QInt8,
                             per_channel=True,
                             extra_options={"DefaultTensorType": onnx.TensorProto.FLOAT})
            os.chmod(tmp, 0o644)
            os.replace(tmp, folder / INT8_FILE)
        finally:
            Path(tmp).unlink(missing_ok=True)
    except Exception as exc:  # noqa: BLE001 - any failure means "no int8 model"
        raise ExportUnsupported(f"int8 quantisation failed: {type(exc).__name__}: {exc}") from exc
