"""Export the sentence encoder to ONNX for the Rasa runtime, and prove it embeds the same.

The Rasa 3.6 environment must not carry torch, so the NLU pipeline's dense featurizer
(``bot/components/minilm_featurizer.py``) runs this export with onnxruntime. The export keeps the
transformer's token outputs (pooling happens in the featurizer, which needs per-token vectors for
entities) and is checked against sentence-transformers before it is written: an export that
drifts is an error, not a silently worse bot.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from icrm_models.embeddings.encoder import load_encoder

# Sentences the export is checked on: short, long, typos, digits, emoji, non-Latin script.
CHECK_SENTENCES = (
    "where is my order 10023?",
    "hi",
    "I want to return the jacket I bought last week, it's too small and the zipper broke",
    "wheres my parcel?? been waiting 2 weeks!!!",
    "any deals for me 🙂",
    "Привет, где мой заказ",
)
MAX_ABS_DIFF = 1e-4
MANIFEST = "manifest.json"


@dataclass(frozen=True)
class ExportReport:
    """What was exported where, and how close it is to sentence-transformers."""

    folder: Path
    source: Path
    max_abs_diff: float
    dimension: int
    reused: bool


def source_fingerprint(model_path: Path) -> str:
    """A hash of the source model's weights and tokenizer: the export is redone when they change."""
    digest = hashlib.sha256()
    for name in ("config.json", "tokenizer.json", "model.safetensors", "pytorch_model.bin"):
        file = model_path / name
        if file.exists():
            digest.update(name.encode())
            digest.update(hashlib.sha256(file.read_bytes()).digest())
    return digest.hexdigest()[:16]


def export_encoder(model_path: Path, folder: Path, *, force: bool = False) -> ExportReport:
    """Write ``model.onnx``, ``tokenizer.json`` and a manifest to ``folder`` (idempotent)."""
    fingerprint = source_fingerprint(model_path)
    manifest_file = folder / MANIFEST
    if manifest_file.exists() and not force:
        manifest = json.loads(manifest_file.read_text())
        if manifest.get("source_fingerprint") == fingerprint and (folder / "model.onnx").exists():
            return ExportReport(
                folder, model_path, manifest["max_abs_diff"], manifest["dimension"], True
            )
    encoder = load_encoder(model_path)
    folder.parent.mkdir(parents=True, exist_ok=True)
    # Export into a scratch folder and swap it in at the end: a half-written export never counts.
    with tempfile.TemporaryDirectory(dir=folder.parent, prefix=".export-") as scratch_name:
        scratch = Path(scratch_name)
        _export_transformer(encoder, scratch / "model.onnx")
        encoder.tokenizer.backend_tokenizer.save(str(scratch / "tokenizer.json"))
        diff, dimension = _check_export(encoder, scratch)
        if diff > MAX_ABS_DIFF:
            raise RuntimeError(
                f"ONNX export differs from sentence-transformers by {diff:.2e} "
                f"(allowed {MAX_ABS_DIFF:.0e}); not writing it"
            )
        manifest = {
            "source": str(model_path),
            "source_fingerprint": fingerprint,
            "max_abs_diff": diff,
            "dimension": dimension,
            "pooling": "mean over attention mask, L2-normalised (done by the featurizer)",
            "outputs": "last_hidden_state (batch, word pieces, dimension)",
        }
        (scratch / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n")
        if folder.exists():
            shutil.rmtree(folder)
        os.replace(scratch, folder)
        scratch.mkdir()  # TemporaryDirectory cleans up the (now empty) name it created
    return ExportReport(folder, model_path, diff, dimension, False)


def _export_transformer(encoder: Any, target: Path) -> None:
    import warnings

    import torch

    transformer = encoder[0].auto_model.eval()

    class KeywordForward(torch.nn.Module):
        """transformers 5 wants keyword arguments; the ONNX tracer passes positional ones."""

        def __init__(self) -> None:
            super().__init__()
            self.inner = transformer

        def forward(self, input_ids: Any, attention_mask: Any, token_type_ids: Any) -> Any:
            out = self.inner(
                input_ids=input_ids,
                attention_mask=attention_mask,
                token_type_ids=token_type_ids,
            )
            return out.last_hidden_state

    sample = encoder.tokenizer(
        ["a short sample", "and another one"], padding=True, return_tensors="pt"
    )
    axes = {0: "batch", 1: "pieces"}
    with torch.no_grad(), warnings.catch_warnings():
        # Tracing warns about shape-dependent Python branches in the attention code; the
        # export is verified numerically on varied inputs instead.
        warnings.simplefilter("ignore")
        torch.onnx.export(
            KeywordForward(),
            (sample["input_ids"], sample["attention_mask"], sample["token_type_ids"]),
            str(target),
            input_names=["input_ids", "attention_mask", "token_type_ids"],
            output_names=["last_hidden_state"],
            dynamic_axes={
                "input_ids": axes,
                "attention_mask": axes,
                "token_type_ids": axes,
                "last_hidden_state": axes,
            },
            opset_version=17,
            dynamo=False,
        )


def onnx_sentence_embeddings(folder: Path, sentences: list[str]) -> np.ndarray:
    """Embeddings from the export, pooled as the Rasa featurizer pools them."""
    import onnxruntime
    from tokenizers import Tokenizer

    tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
    tokenizer.enable_truncation(max_length=128)
    tokenizer.enable_padding()
    session = onnxruntime.InferenceSession(
        str(folder / "model.onnx"), providers=["CPUExecutionProvider"]
    )
    encodings = tokenizer.encode_batch(sentences)
    ids = np.array([e.ids for e in encodings], dtype=np.int64)
    mask = np.array([e.attention_mask for e in encodings], dtype=np.int64)
    hidden = session.run(
        None, {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)}
    )[0]
    pooled = (hidden * mask[..., None]).sum(axis=1) / mask.sum(axis=1, keepdims=True)
    norms = np.linalg.norm(pooled, axis=1, keepdims=True)
    return np.asarray(pooled / np.maximum(norms, 1e-12))


def _check_export(encoder: Any, folder: Path) -> tuple[float, int]:
    sentences = list(CHECK_SENTENCES)
    reference = encoder.encode(sentences, normalize_embeddings=True, convert_to_numpy=True)
    ours = onnx_sentence_embeddings(folder, sentences)
    return float(np.abs(reference - ours).max()), int(reference.shape[1])
