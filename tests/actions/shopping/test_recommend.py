import logging
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from actions.errors import UNAVAILABLE
from actions.services import services
from actions.shopping.messages import (
    RECOMMEND_DISCOUNT,
    RECOMMEND_GUEST,
    RECOMMEND_PERSONAL,
    RECOMMEND_PLAIN,
    RECOMMEND_POPULAR,
    YES_HINT,
)
from actions.shopping.recommend import ActionRecommend
from icrm_models.db.schema import BehaviourEvent
from icrm_models.offers.scoring import CustomerScores
from icrm_models.recommend.blend import BlendRecommender
from icrm_models.registry.bundle import ModelBundle
from icrm_models.registry.store import Registry
from tests.helpers.database import break_database
from tests.helpers.identity import token_for
from tests.helpers.shop import AS_OF
from tests.helpers.shopping import CONVERSATION, cards, engine, offers_of, run_action
from tests.helpers.trackers import build_tracker

RONI = 1  # Roni Cost: bought before, no marketing consent
VERONICA = 2  # bought a lot, consents to marketing
NEWCOMER = 11  # consents, never bought anything


def _ask(customer_id: int | None) -> Any:
    token = token_for(customer_id) if customer_id is not None else None
    return build_tracker("what would you suggest for me?", "ask_recommendation", token=token)


def _scores(monkeypatch: pytest.MonkeyPatch, customer_id: int, segment: str, p: float) -> None:
    """The promoted models score ``customer_id`` like this."""

    def fake(_engine: object, _bundle: object, now: object) -> CustomerScores:
        return CustomerScores(
            as_of=AS_OF, segments={customer_id: segment}, propensity={customer_id: p}
        )

    monkeypatch.setattr("actions.shopping.models.score_customers", fake)


def _impressions() -> list[BehaviourEvent]:
    with Session(engine()) as session:
        return list(
            session.execute(
                select(BehaviourEvent)
                .where(BehaviourEvent.event_type == "offer_impression")
                .order_by(BehaviourEvent.id)
            ).scalars()
        )


async def test_guests_get_popular_products(shop_db: str, promoted: str) -> None:
    events, messages = await run_action(ActionRecommend(), _ask(None), widget=True)
    assert messages[0]["text"] == RECOMMEND_GUEST + "\n" + YES_HINT  # the widget: then cards
    assert len(cards(messages)) == 3
    offers = offers_of()
    assert {(o.customer_id, o.model_version, o.reason, o.discount_pct) for o in offers} == {
        (None, "popularity", "popular right now", None)
    }
    assert [e.properties["offer_id"] for e in _impressions()] == [o.id for o in offers]
    assert {e["name"] for e in events} == {"last_offer_ids", "offer_pending"}


async def test_a_persuadable_consenting_customer_gets_a_discount_from_the_models(
    shop_db: str, promoted: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    _scores(monkeypatch, VERONICA, "Loyal customers", 0.4)
    _, messages = await run_action(ActionRecommend(), _ask(VERONICA), widget=True)
    assert messages[0]["text"].startswith(RECOMMEND_DISCOUNT.format(pct="10"))
    assert "%" in messages[0]["text"]
    offers = offers_of()
    assert offers and {(o.customer_id, o.model_version, o.discount_pct) for o in offers} == {
        (VERONICA, "v1", Decimal(10))
    }
    assert all(o.reason != "popular right now" for o in offers)
    assert [c["discount_pct"] for c in cards(messages)] == [10] * len(offers)
    assert {e.properties["model_version"] for e in _impressions()} == {"v1"}


async def test_no_discount_for_a_customer_who_buys_anyway(
    shop_db: str, promoted: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    _scores(monkeypatch, VERONICA, "Champions", 0.9)
    _, messages = await run_action(ActionRecommend(), _ask(VERONICA))
    assert messages[0]["text"].startswith(RECOMMEND_PERSONAL + "\n")
    assert {o.discount_pct for o in offers_of()} == {None}


async def test_an_opted_out_customer_gets_plain_suggestions_only(
    shop_db: str, promoted: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    _scores(monkeypatch, RONI, "At risk", 0.05)  # a win-back discount, were they opted in
    _, messages = await run_action(ActionRecommend(), _ask(RONI), widget=True)
    text = messages[0]["text"]
    assert text.startswith(RECOMMEND_PLAIN + "\n")
    assert "%" not in text and "instead of" not in text and "for you" not in text
    assert {c["discount_pct"] for c in cards(messages)} == {None}
    assert {(o.discount_pct, o.model_version) for o in offers_of()} == {(None, "v1")}


async def test_a_customer_the_models_never_saw_gets_popular_products_and_it_is_logged(
    shop_db: str, promoted: str, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.INFO):
        _, messages = await run_action(ActionRecommend(), _ask(NEWCOMER))
    assert messages[0]["text"].startswith(RECOMMEND_POPULAR + "\n")
    assert {(o.customer_id, o.model_version) for o in offers_of()} == {(NEWCOMER, "popularity")}
    assert f"conversation {CONVERSATION}: popularity fallback (cold start" in caplog.text


async def test_without_promoted_models_popular_products_stand_in(
    shop_db: str, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.INFO):
        _, messages = await run_action(ActionRecommend(), _ask(VERONICA), widget=True)
    assert len(cards(messages)) == 3
    assert {o.model_version for o in offers_of()} == {"popularity"}
    assert "popularity fallback (no promoted models)" in caplog.text


@pytest.mark.parametrize("artefact", ["not a bundle", "unfitted recommender"])
async def test_broken_model_artefacts_fall_back_to_popularity_and_are_logged(
    shop_db: str,
    trained: tuple[ModelBundle, dict[str, Any]],
    caplog: pytest.LogCaptureFixture,
    artefact: str,
) -> None:
    bundle, card = trained
    broken: Any = (
        {"models": 1}
        if artefact == "not a bundle"
        else ModelBundle(**{**bundle.__dict__, "recommender": BlendRecommender()})
    )
    registry = Registry(services().settings.resolved_registry_dir)
    registry.save("v9", broken, card)
    registry.promote("v9")
    with caplog.at_level(logging.INFO):
        _, messages = await run_action(ActionRecommend(), _ask(VERONICA), widget=True)
    assert len(cards(messages)) == 3
    assert {o.model_version for o in offers_of()} == {"popularity"}
    assert "popularity fallback (broken model artefacts" in caplog.text


async def test_a_database_failure_becomes_an_honest_message(
    shop_db: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    break_database(monkeypatch, "actions.shopping.recommend")
    events, messages = await run_action(ActionRecommend(), _ask(VERONICA))
    assert [m["text"] for m in messages] == [UNAVAILABLE] and events == []


async def test_a_guest_who_searched_gets_suggestions_from_that_category(
    shop_db: str, promoted: str
) -> None:
    from actions.shopping.search import ActionProductSearch
    from icrm_models.offers.popularity import INTEREST_REASON

    search = build_tracker(
        "i need a new bag", "product_search", [{"entity": "category", "value": "bags"}]
    )
    await run_action(ActionProductSearch(), search)
    _, messages = await run_action(ActionRecommend(), _ask(None))
    assert messages[0]["text"].startswith(RECOMMEND_GUEST)
    suggested = [o for o in offers_of() if o.model_version == "popularity"]
    assert suggested[0].reason == INTEREST_REASON.format(category="bags")
    assert "which you asked about" in messages[0]["text"]
