"""Shopping action tests: the seeded shop's clock, trained models, and the search index."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from actions.services import services
from icrm_models.embeddings.encoder import EmbeddingModelMissingError
from icrm_models.registry.bundle import ModelBundle
from icrm_models.registry.store import Registry
from icrm_models.search import serving as search_serving
from icrm_models.training.pipeline import train_models
from tests.helpers.shop import AS_OF, seeded_shop


@pytest.fixture(scope="session")
def trained(tmp_path_factory: pytest.TempPathFactory) -> tuple[ModelBundle, dict[str, Any]]:
    """Models trained on a shop seeded exactly like ``shop_db`` (same ids, same history)."""
    engine = seeded_shop(tmp_path_factory, 12)
    try:
        return train_models(engine, AS_OF)
    finally:
        engine.dispose()


@pytest.fixture(autouse=True)
def shop_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    """The actions see the seeded shop's "now"."""
    monkeypatch.setattr("icrm_models.clock.utc_now", lambda: AS_OF)


@pytest.fixture(autouse=True)
def no_encoder(monkeypatch: pytest.MonkeyPatch) -> None:
    """By default the sentence-transformers model "cannot load": keyword search (fast)."""

    def missing(*_args: object) -> None:
        raise EmbeddingModelMissingError("no model in this test")

    monkeypatch.setattr(search_serving, "build_semantic_index", missing)


@pytest.fixture
def promoted(shop_db: str, trained: tuple[ModelBundle, dict[str, Any]]) -> Iterator[str]:
    """The trained models promoted as version "v1" in the test shop's registry."""
    bundle, card = trained
    registry = Registry(services().settings.resolved_registry_dir)
    registry.save("v1", bundle, card)
    registry.promote("v1")
    yield "v1"
