from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from actions.errors import UNAVAILABLE
from actions.shopping.messages import (
    ACCEPTED,
    ALREADY_ACCEPTED,
    DECLINED_ALL,
    DECLINED_ONE,
    LOGIN_NEEDED,
    NO_WITHOUT_OFFER,
    NOT_AVAILABLE,
    YES_WITHOUT_OFFER,
)
from actions.shopping.respond import ActionAcceptOffer, ActionDeclineOffer
from icrm_models.db.schema import BehaviourEvent, Offer, Order, OrderItem, Product
from icrm_models.offers.records import show_offers
from tests.helpers.database import break_database
from tests.helpers.identity import token_for
from tests.helpers.shop import AS_OF
from tests.helpers.shopping import CONVERSATION, engine, offers_of, run_action, texts
from tests.helpers.trackers import T0, build_tracker, user_event

RESET = [
    {"event": "slot", "timestamp": None, "name": "offer_pending", "value": False},
    {"event": "slot", "timestamp": None, "name": "last_offer_ids", "value": None},
    {"event": "slot", "timestamp": None, "name": "offer_id", "value": None},
]
HOODIE, TEE = 1, 36  # Chaz Kangeroo Hoodie (EUR 52.00), Strike Endurance Tee


def _show(
    customer_id: int | None,
    products: list[int],
    *,
    conversation: str = CONVERSATION,
    discount: Decimal | None = None,
) -> list[int]:
    with Session(engine()) as session:
        shown = show_offers(
            session,
            items=[(p, "popular right now") for p in products],
            discount_pct=discount,
            customer_id=customer_id,
            conversation_id=conversation,
            model_version="v1",
            now=AS_OF,
        )
    return [o.offer_id for o in shown]


def _button(intent: str, offer_id: object, customer_id: int | None) -> Any:
    token = token_for(customer_id) if customer_id is not None else None
    text = f'/{intent}{{"offer_id":"{offer_id}"}}'
    return build_tracker(
        text, intent, [{"entity": "offer_id", "value": str(offer_id)}], token=token
    )


def _typed(
    text: str, intent: str, customer_id: int, offer_ids: list[int], *, right_after: bool
) -> Any:
    """A typed yes/no, directly after an offer (or after something else)."""
    earlier = [
        user_event("any hoodies?", "product_search", timestamp=T0 + 1),
        {"event": "action", "name": "action_product_search", "timestamp": T0 + 2},
        {"event": "action", "name": "action_listen", "timestamp": T0 + 3},
    ]
    if not right_after:
        earlier += [
            user_event("thanks", "thank", timestamp=T0 + 4),
            {"event": "action", "name": "utter_you_are_welcome", "timestamp": T0 + 5},
            {"event": "action", "name": "action_listen", "timestamp": T0 + 6},
        ]
    return build_tracker(
        text,
        intent,
        token=token_for(customer_id),
        earlier=earlier,
        slots={"last_offer_ids": [str(i) for i in offer_ids], "offer_pending": True},
    )


def _orders_of(customer_id: int) -> list[Order]:
    with Session(engine()) as session:
        return list(
            session.execute(
                select(Order).where(Order.customer_id == customer_id, Order.status == "pending")
            ).scalars()
        )


def _events(kind: str) -> list[BehaviourEvent]:
    with Session(engine()) as session:
        return list(
            session.execute(
                select(BehaviourEvent).where(BehaviourEvent.event_type == kind)
            ).scalars()
        )


def _count(table: Any) -> int:
    with Session(engine()) as session:
        return int(session.execute(select(func.count()).select_from(table)).scalar_one())


async def test_the_button_puts_the_product_into_an_order_draft(shop_db: str) -> None:
    (offer_id,) = _show(1, [HOODIE], discount=Decimal(10))
    events, messages = await run_action(ActionAcceptOffer(), _button("accept_offer", offer_id, 1))

    (draft,) = _orders_of(1)
    assert texts(messages) == [
        ACCEPTED.format(name="Chaz Kangeroo Hoodie", price="€46.80", order_id=draft.id)
    ]
    assert events == RESET
    assert draft.total == Decimal("46.80") and draft.shipping_address
    with Session(engine()) as session:
        (item,) = session.execute(select(OrderItem).where(OrderItem.order_id == draft.id)).scalars()
        assert (item.product_id, item.quantity, item.unit_price) == (HOODIE, 1, Decimal("46.80"))
        offer = session.get(Offer, offer_id)
        assert offer is not None and offer.status == "accepted" and offer.responded_at is not None
    (accepted,) = _events("offer_accepted")
    assert accepted.properties == {
        "offer_id": offer_id,
        "model_version": "v1",
        "discount_pct": "10",
    }
    (added,) = _events("basket_add")
    assert added.properties["order_id"] == draft.id and added.customer_id == 1


async def test_a_second_product_goes_into_the_same_draft_and_twice_is_once(shop_db: str) -> None:
    first, second = _show(1, [HOODIE, TEE])
    await run_action(ActionAcceptOffer(), _button("accept_offer", first, 1))
    await run_action(ActionAcceptOffer(), _button("accept_offer", second, 1))
    _, again = await run_action(ActionAcceptOffer(), _button("accept_offer", first, 1))
    (draft,) = _orders_of(1)
    with Session(engine()) as session:
        items = session.execute(select(OrderItem).where(OrderItem.order_id == draft.id)).scalars()
        assert sorted(i.product_id for i in items) == [HOODIE, TEE]
    assert texts(again) == [ALREADY_ACCEPTED.format(name="Chaz Kangeroo Hoodie")]


async def test_only_the_conversations_own_offers_can_be_accepted(shop_db: str) -> None:
    (elsewhere,) = _show(1, [HOODIE], conversation="another-conversation")
    (someone_elses,) = _show(2, [TEE])  # this conversation, but offered to customer 2
    orders = _count(Order)
    answers = []
    for offer_id in (elsewhere, someone_elses, 99_999, "17' OR 1=1 --", "x" * 10_000, "🙂"):
        events, messages = await run_action(
            ActionAcceptOffer(), _button("accept_offer", offer_id, 1)
        )
        answers.append(texts(messages))
        assert events == RESET
    assert answers == [[NOT_AVAILABLE]] * 6
    assert _count(Order) == orders
    assert {o.status for o in offers_of()} == {"shown"}
    assert _events("offer_accepted") == []


async def test_a_guest_is_asked_to_log_in(shop_db: str) -> None:
    (offer_id,) = _show(None, [HOODIE])
    orders = _count(Order)
    _, messages = await run_action(ActionAcceptOffer(), _button("accept_offer", offer_id, None))
    assert texts(messages) == [LOGIN_NEEDED]
    assert _count(Order) == orders
    assert {o.status for o in offers_of()} == {"shown"}


async def test_a_sold_out_product_is_not_added(shop_db: str) -> None:
    (offer_id,) = _show(1, [HOODIE])
    with Session(engine()) as session:
        product = session.get(Product, HOODIE)
        assert product is not None
        product.stock = 0
        session.commit()
    _, messages = await run_action(ActionAcceptOffer(), _button("accept_offer", offer_id, 1))
    assert texts(messages)[0].startswith("Sorry, the Chaz Kangeroo Hoodie has just sold out")
    assert _orders_of(1) == []


async def test_a_typed_yes_right_after_offers_accepts_the_first(shop_db: str) -> None:
    ids = _show(1, [TEE, HOODIE])
    _, messages = await run_action(
        ActionAcceptOffer(), _typed("yes please", "affirm", 1, ids, right_after=True)
    )
    assert texts(messages)[0].startswith("Done — the Strike Endurance Tee")
    assert [o.status for o in offers_of()] == ["accepted", "shown"]


async def test_a_yes_long_after_the_offers_buys_nothing(shop_db: str) -> None:
    ids = _show(1, [TEE, HOODIE])
    events, messages = await run_action(
        ActionAcceptOffer(), _typed("yes", "affirm", 1, ids, right_after=False)
    )
    assert texts(messages) == [YES_WITHOUT_OFFER] and events == RESET
    assert _orders_of(1) == [] and {o.status for o in offers_of()} == {"shown"}


async def test_a_typed_no_declines_everything_just_shown(shop_db: str) -> None:
    ids = _show(1, [TEE, HOODIE])
    events, messages = await run_action(
        ActionDeclineOffer(), _typed("no thanks", "deny", 1, ids, right_after=True)
    )
    assert texts(messages) == [DECLINED_ALL] and events == RESET
    assert [o.status for o in offers_of()] == ["declined", "declined"]
    assert {e.properties["model_version"] for e in _events("offer_declined")} == {"v1"}
    assert len(_events("offer_declined")) == 2


async def test_a_no_out_of_context_declines_nothing(shop_db: str) -> None:
    ids = _show(1, [TEE])
    _, messages = await run_action(
        ActionDeclineOffer(), _typed("no", "deny", 1, ids, right_after=False)
    )
    assert texts(messages) == [NO_WITHOUT_OFFER]
    assert {o.status for o in offers_of()} == {"shown"}


async def test_the_decline_button_declines_one_offer(shop_db: str) -> None:
    first, _ = _show(1, [HOODIE, TEE])
    _, messages = await run_action(ActionDeclineOffer(), _button("decline_offer", first, 1))
    assert texts(messages) == [DECLINED_ONE.format(name="Chaz Kangeroo Hoodie")]
    assert [o.status for o in offers_of()] == ["declined", "shown"]
    (other,) = _show(2, [HOODIE], conversation="another-conversation")
    _, messages = await run_action(ActionDeclineOffer(), _button("decline_offer", other, 1))
    assert texts(messages) == [NOT_AVAILABLE]


@pytest.mark.parametrize("action", [ActionAcceptOffer, ActionDeclineOffer])
async def test_a_database_failure_becomes_an_honest_message(
    shop_db: str, monkeypatch: pytest.MonkeyPatch, action: type
) -> None:
    break_database(monkeypatch, "actions.shopping.respond")
    intent = "accept_offer" if action is ActionAcceptOffer else "decline_offer"
    events, messages = await run_action(action(), _button(intent, 1, 1))
    assert texts(messages) == [UNAVAILABLE] and events == []
