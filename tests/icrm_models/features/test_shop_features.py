"""Features from what the shop's own tables record: size and colour variants, and what the chat
writes back (searches, product questions, cancellations and returns, complaints, offers)."""

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pandas as pd
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from icrm_models.db.schema import (
    BehaviourEvent,
    Customer,
    Offer,
    Order,
    OrderItem,
    Product,
    SupportTicket,
)
from icrm_models.features.extract import extract_features

CUT = datetime(2026, 6, 1, tzinfo=UTC)
DAY = timedelta(days=1)


def _shop(session: Session) -> tuple[int, int]:
    """One customer with one order of a T-shirt in two sizes (one of each), 10 days before
    the cut."""
    customer = Customer(email="ann@example.com", name="Ann", created_at=CUT - 100 * DAY)
    shirt = Product(sku="TS-1", name="T-shirt", category="Tops", price=Decimal("10.00"))
    session.add_all([customer, shirt])
    session.flush()
    order = Order(customer_id=customer.id, status="delivered", placed_at=CUT - 10 * DAY, total=20)
    session.add(order)
    session.flush()
    for size in ("S", "M"):
        session.add(
            OrderItem(
                order_id=order.id,
                product_id=shirt.id,
                quantity=1,
                unit_price=Decimal("10.00"),
                size=size,
                color="blue",
            )
        )
    session.flush()
    return customer.id, shirt.id


def _event(customer_id: int, kind: str, days_before: float, **properties: str) -> BehaviourEvent:
    return BehaviourEvent(
        customer_id=customer_id,
        event_type=kind,
        occurred_at=CUT - days_before * DAY,
        properties=properties,
    )


def _features(engine: Engine) -> pd.Series:
    return extract_features(engine, CUT).frame.iloc[0]


def test_sizes_and_colours_of_one_product_are_separate_lines(engine: Engine) -> None:
    with Session(engine) as session:
        _shop(session)
        session.commit()
    features = extract_features(engine, CUT)
    assert features.frame.iloc[0]["monetary"] == 20.0
    assert dict(features.report.rows())["set aside: exact duplicate line"] == 0


def test_what_the_chat_writes_back_becomes_features(engine: Engine) -> None:
    with Session(engine) as session:
        customer, _ = _shop(session)
        session.add_all(
            [
                _event(customer, "product_search", 3),  # a search in the chat
                _event(customer, "search", 40),  # site search, outside 30 days
                _event(customer, "product_question", 2),
                _event(customer, "product_question", 45),  # outside 30 days
                _event(customer, "order_cancelled", 5),
                _event(customer, "return_requested", 4),
                _event(customer, "chat_intent", 6, intent="get_refund"),
                _event(customer, "chat_intent", 6, intent="greet"),
                _event(customer, "product_search", -1),  # after the cut: never seen
            ]
        )
        for category in ("damaged", "handoff", "order_change", "delivery"):
            session.add(
                SupportTicket(
                    customer_id=customer,
                    category=category,
                    priority="normal",
                    status="open",
                    summary="...",
                    created_at=CUT - 3 * DAY,
                )
            )
        session.commit()
    row = _features(engine)
    assert row["searches_last_30d"] == 1
    assert row["product_questions_last_30d"] == 1
    assert row["refund_intents"] == 3
    assert row["complaints"] == 2  # hand-offs and order changes are requests


def test_an_offer_answered_after_the_cut_was_not_yet_accepted(engine: Engine) -> None:
    with Session(engine) as session:
        customer, shirt = _shop(session)
        for responded in (CUT - 2 * DAY, CUT + 2 * DAY, None):
            session.add(
                Offer(
                    customer_id=customer,
                    product_id=shirt,
                    model_version="v1",
                    reason="because",
                    status="accepted",
                    shown_at=CUT - 3 * DAY,
                    responded_at=responded,
                )
            )
        session.commit()
    assert _features(engine)["offers_accepted_rate"] == 2 / 3


def test_an_order_cancelled_after_the_cut_was_a_purchase_at_the_cut(engine: Engine) -> None:
    """Snapshots of the past see what the shop saw then: a later cancellation is the future."""
    from icrm_models.propensity.labels import purchased_between
    from icrm_models.recommend.interactions import purchase_lines

    with Session(engine) as session:
        customer, shirt = _shop(session)
        for placed, cancelled in ((5, 2), (4, -3)):  # days before the cut
            order = Order(
                customer_id=customer,
                status="cancelled",
                placed_at=CUT - placed * DAY,
                cancelled_at=CUT - cancelled * DAY,
                total=10,
            )
            session.add(order)
            session.flush()
            session.add(
                OrderItem(
                    order_id=order.id, product_id=shirt, quantity=1, unit_price=Decimal("10.00")
                )
            )
        session.commit()
    features = extract_features(engine, CUT)
    assert features.frame.iloc[0]["frequency"] == 2  # the first order and the one still open
    report = dict(features.report.rows())
    assert report["set aside: cancelled order or credit note"] == 1
    assert report["kept as purchases"] == 3
    # (order, product) pairs for the recommender: the first order's two sizes are one.
    assert len(purchase_lines(engine, None, CUT)) == 2
    # Cancelled three days after the cut, the order was no purchase by then.
    assert len(purchase_lines(engine, None, CUT + 5 * DAY)) == 1
    assert purchased_between(engine, CUT - 4 * DAY, CUT).to_dict() == {customer: 1}
    assert purchased_between(engine, CUT - 4 * DAY, CUT + 5 * DAY).to_dict() == {}
    later = extract_features(engine, CUT + 5 * DAY).frame.iloc[0]
    assert later["frequency"] == 1
