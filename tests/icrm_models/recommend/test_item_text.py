from pathlib import Path
from typing import Any

import numpy as np
import pytest
from sqlalchemy import Engine, update

from icrm_models.db.schema import Product
from icrm_models.recommend import item_text
from tests.helpers.shop import seeded_shop


class CountingEncoder:
    """Stands in for sentence-transformers: a deterministic vector per text, calls counted."""

    def __init__(self) -> None:
        self.encoded: list[str] = []

    def encode(self, texts: list[str], **_kwargs: Any) -> np.ndarray:
        self.encoded.extend(texts)
        vectors = np.array([[len(t), sum(map(ord, t)) % 97, 1.0] for t in texts], dtype=float)
        return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)


@pytest.fixture
def encoder(monkeypatch: pytest.MonkeyPatch) -> CountingEncoder:
    fake = CountingEncoder()
    monkeypatch.setattr(item_text, "load_encoder", lambda _path: fake)
    return fake


@pytest.fixture
def shop(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    return seeded_shop(tmp_path_factory, 5)


def test_cached_vectors_are_reused_and_only_changed_texts_encoded_again(
    shop: Engine, encoder: CountingEncoder, tmp_path: Path
) -> None:
    ids = np.array([3, 1, 2, 1])
    first = item_text.embed_products(shop, ids, None, cache_dir=tmp_path)
    assert first.shape == (4, 3) and len(encoder.encoded) == 3  # the repeated id once
    np.testing.assert_allclose(first[1], first[3])
    again = item_text.embed_products(shop, ids, None, cache_dir=tmp_path)
    np.testing.assert_allclose(again, first)
    assert len(encoder.encoded) == 3  # nothing new to encode
    with shop.begin() as conn:
        conn.execute(update(Product).where(Product.id == 2).values(name="Renamed Tee"))
    changed = item_text.embed_products(shop, ids, None, cache_dir=tmp_path)
    assert len(encoder.encoded) == 4 and encoder.encoded[-1].startswith("Renamed Tee")
    np.testing.assert_allclose(changed[[0, 1, 3]], first[[0, 1, 3]])


def test_a_damaged_cache_is_rebuilt_and_no_cache_works_too(
    shop: Engine, encoder: CountingEncoder, tmp_path: Path
) -> None:
    item_text.embed_products(shop, np.array([1, 2]), None, cache_dir=tmp_path)
    (cache_file,) = tmp_path.glob("products-*.npz")
    cache_file.write_bytes(b"not a numpy file")
    item_text.embed_products(shop, np.array([1, 2]), None, cache_dir=tmp_path)
    assert len(encoder.encoded) == 4
    item_text.embed_products(shop, np.array([1, 2]), None)
    assert len(encoder.encoded) == 6
