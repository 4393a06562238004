"""Embeddings of product texts (name, category, description) for the content signal.

Encoding ten thousand product texts takes minutes on a CPU and a catalogue changes little
between nightly trainings, so vectors can be kept in a cache file per encoder: only new or
edited texts are encoded again.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Callable
from pathlib import Path

import numpy as np
from sqlalchemy import Engine, select

from icrm_models.db.schema import Product
from icrm_models.embeddings.encoder import load_encoder


def product_text(name: object, category: object, description: object) -> str:
    """The text a product is embedded by (recommender and search alike): name, category and
    description, cut to 512 characters (the encoder reads no more)."""
    return f"{name}. {category}. {description}"[:512]


def product_texts(engine: Engine, product_ids: np.ndarray) -> list[str]:
    """One text per product id, in the given order (see :func:`product_text`)."""
    with engine.connect() as conn:
        rows = conn.execute(
            select(Product.id, Product.name, Product.category, Product.description)
        ).all()
    text = {
        pid: product_text(name, category, description) for pid, name, category, description in rows
    }
    return [text.get(int(pid), "") for pid in product_ids]


def _key(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def _read_cache(path: Path) -> dict[str, np.ndarray]:
    try:
        with np.load(path) as stored:
            return dict(zip(stored["keys"].tolist(), stored["vectors"], strict=True))
    except (OSError, KeyError, ValueError):  # missing or damaged: encode again
        return {}


def _write_cache(path: Path, vectors: dict[str, np.ndarray]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temp = tempfile.mkstemp(dir=path.parent, suffix=".npz")
    with os.fdopen(handle, "wb") as out:
        np.savez(out, keys=np.array(list(vectors)), vectors=np.stack(list(vectors.values())))
    os.chmod(temp, 0o644)  # a cache, readable like the other data files
    os.replace(temp, path)  # readers never see half a file


def text_encoder(
    model_path: Path | None, *, batch_size: int = 128
) -> Callable[[list[str]], np.ndarray]:
    """Unit-length float32 embeddings of texts by the model at ``model_path`` (loaded now)."""
    encoder = load_encoder(model_path)

    def encode(texts: list[str]) -> np.ndarray:
        vectors = encoder.encode(
            texts, batch_size=batch_size, normalize_embeddings=True, show_progress_bar=False
        )
        return np.asarray(vectors, dtype=np.float32)

    return encode


def cache_file_for(cache_dir: Path, model_path: Path | None) -> Path:
    """Where vectors of ``model_path``'s encoder are kept (one file per encoder)."""
    return cache_dir / f"products-{_key(str(Path(model_path).resolve() if model_path else ''))}.npz"


def cached_encode(
    texts: list[str], encode: Callable[[list[str]], np.ndarray], cache_file: Path | None
) -> np.ndarray:
    """``encode(texts)``, reusing the vectors ``cache_file`` holds for texts seen before."""
    known = _read_cache(cache_file) if cache_file is not None else {}
    keys = [_key(t) for t in texts]
    missing = list(dict.fromkeys(k for k in keys if k not in known))
    if missing:
        by_key = dict(zip(keys, texts, strict=True))
        fresh = np.asarray(encode([by_key[k] for k in missing]), dtype=np.float32)
        known.update(zip(missing, fresh, strict=True))
        if cache_file is not None:
            _write_cache(cache_file, known)
    if not keys:
        return np.zeros((0, 384), dtype=np.float32)
    return np.stack([known[k] for k in keys]).astype(np.float32)


def embed_products(
    engine: Engine,
    product_ids: np.ndarray,
    model_path: Path | None,
    *,
    batch_size: int = 128,
    cache_dir: Path | None = None,
) -> np.ndarray:
    """Unit-length embeddings of the products' texts, one row per id.

    With ``cache_dir``, vectors are reused for texts this encoder has embedded before.
    """

    def encode(texts: list[str]) -> np.ndarray:  # the model loads only when texts are new
        return text_encoder(model_path, batch_size=batch_size)(texts)

    cache_file = cache_file_for(cache_dir, model_path) if cache_dir is not None else None
    return cached_encode(product_texts(engine, product_ids), encode, cache_file)
