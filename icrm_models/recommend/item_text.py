"""Embeddings of product texts (name, category, description) for the content signal."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from sqlalchemy import Engine, select

from icrm_models.db.schema import Product
from icrm_models.embeddings.encoder import load_encoder


def product_texts(engine: Engine, product_ids: np.ndarray) -> list[str]:
    """One text per product id, in the given order (name, category and description)."""
    with engine.connect() as conn:
        rows = conn.execute(
            select(Product.id, Product.name, Product.category, Product.description)
        ).all()
    text = {
        pid: f"{name}. {category}. {description}"[:512] for pid, name, category, description in rows
    }
    return [text.get(int(pid), "") for pid in product_ids]


def embed_products(
    engine: Engine, product_ids: np.ndarray, model_path: Path | None, *, batch_size: int = 128
) -> np.ndarray:
    """Unit-length embeddings of the products' texts, one row per id."""
    encoder = load_encoder(model_path)
    vectors = encoder.encode(
        product_texts(engine, product_ids),
        batch_size=batch_size,
        normalize_embeddings=True,
        show_progress_bar=False,
    )
    return np.asarray(vectors, dtype=np.float32)
