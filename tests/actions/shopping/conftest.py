"""Shopping action tests: the seeded shop's clock, trained models, and the search index."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from actions.services import services
from actions.shopping import state as state_module
from icrm_models.db.schema import Offer
from icrm_models.embeddings.encoder import EmbeddingModelMissingError
from icrm_models.registry.store import Registry
from icrm_models.training.pipeline import ModelBundle, train_models
from tests.conftest import AS_OF, seeded_shop

CONVERSATION = "conv-test"


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

    monkeypatch.setattr(state_module, "build_semantic_index", missing)


@pytest.fixture
def promoted(shop_db: str, trained: tuple[ModelBundle, dict[str, Any]]) -> Iterator[str]:
    """The trained models promoted as version "v1" in the test shop's registry."""
    bundle, card = trained
    registry = Registry(services().settings.resolved_registry_dir)
    registry.save("v1", bundle, card)
    registry.promote("v1")
    yield "v1"


def engine() -> Engine:
    return services().engine


def offers_of(conversation: str = CONVERSATION) -> list[Offer]:
    with Session(engine()) as session:
        return list(
            session.execute(
                select(Offer).where(Offer.conversation_id == conversation).order_by(Offer.id)
            ).scalars()
        )


async def run_action(
    action: Any, tracker: Tracker, *, widget: bool = False
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """(events, messages) of ``action`` on ``tracker``, sent from the card-showing widget."""
    if widget:
        tracker.latest_message["metadata"] = {
            **(tracker.latest_message.get("metadata") or {}),
            "supports_cards": True,
        }
    dispatcher = CollectingDispatcher()
    events = await action.run(dispatcher, tracker, {})
    return events, dispatcher.messages


def texts(messages: list[dict[str, Any]]) -> list[str]:
    return [m["text"] for m in messages if m.get("text")]


def cards(messages: list[dict[str, Any]]) -> list[dict[str, Any]]:
    payloads = [m["custom"] for m in messages if m.get("custom")]
    return [c for p in payloads for c in p["data"]["cards"]]
