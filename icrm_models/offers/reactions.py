"""A customer's answer to an offer: accepted (into a basket) or declined.

Only offers shown in the same conversation can be answered, and an offer made to one customer
never by another: anything else looks exactly like an offer that does not exist. Accepting
needs a verified customer and puts the product into an order draft. The order statuses have no
"draft", so the draft is an order in status "pending" plus a ``basket_add`` behaviour event;
further acceptances in the same conversation go into the same draft while it is pending.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from enum import StrEnum

from sqlalchemy import select
from sqlalchemy.orm import Session

from icrm_models.db.event_types import BehaviourEventType
from icrm_models.db.schema import BehaviourEvent, Customer, Offer, Order, OrderItem
from icrm_models.db.statuses import OfferStatus, OrderStatus
from icrm_models.offers.records import (
    conversation_key,
    discounted,
    percent,
    record_event,
    record_reaction,
)
from icrm_models.search.products import ProductInfo, products_by_id
from icrm_models.settings import shop_currency

DRAFT_STATUS = OrderStatus.PENDING
# a later offer doesn't take the earlier buttons away
ANSWERABLE = (OfferStatus.SHOWN, OfferStatus.IGNORED)


class Outcome(StrEnum):
    ACCEPTED = "accepted"
    DECLINED = "declined"
    ALREADY_ACCEPTED = "already_accepted"
    SOLD_OUT = "sold_out"
    LOGIN_NEEDED = "login_needed"
    NOT_AVAILABLE = "not_available"


@dataclass(frozen=True)
class Reaction:
    """What happened, to which product, and (accepted) the draft order and the price."""

    outcome: Outcome
    product: ProductInfo | None = None
    order_id: int | None = None
    price: Decimal | None = None
    offer_ids: list[int] = field(default_factory=list)


def _own_offer(
    session: Session, offer_id: int, conversation_id: str, customer_id: int | None
) -> Offer | None:
    """The offer if it was shown in this conversation and not to another customer."""
    offer = session.get(Offer, offer_id)
    if offer is None or offer.conversation_id != conversation_key(conversation_id):
        return None
    if offer.customer_id is not None and customer_id not in (None, offer.customer_id):
        return None
    return offer


def _draft(session: Session, customer: Customer, conversation_id: str, now: datetime) -> Order:
    """The conversation's pending order draft, or a new one."""
    earlier = session.execute(
        select(BehaviourEvent.properties)
        .where(
            BehaviourEvent.conversation_id == conversation_key(conversation_id),
            BehaviourEvent.customer_id == customer.id,
            BehaviourEvent.event_type == BehaviourEventType.BASKET_ADD,
        )
        .order_by(BehaviourEvent.occurred_at.desc(), BehaviourEvent.id.desc())
        .limit(1)
    ).scalar_one_or_none()
    if earlier and isinstance(earlier.get("order_id"), int):
        order = session.get(Order, earlier["order_id"])
        if order is not None and order.customer_id == customer.id and order.status == DRAFT_STATUS:
            return order
    order = Order(
        customer_id=customer.id,
        status=DRAFT_STATUS,
        placed_at=now,
        total=Decimal("0.00"),
        currency=shop_currency(),  # the catalogue's prices are in it
        shipping_address=customer.address,
    )
    session.add(order)
    session.flush()
    return order


def accept_offer(
    session: Session,
    *,
    offer_id: int,
    conversation_id: str,
    customer_id: int | None,
    now: datetime,
) -> Reaction:
    """Put the offered product into the customer's order draft; commits."""
    offer = _own_offer(session, offer_id, conversation_id, customer_id)
    if offer is None:
        return Reaction(Outcome.NOT_AVAILABLE)
    product = products_by_id(session, [offer.product_id]).get(offer.product_id)
    if customer_id is None:
        return Reaction(Outcome.LOGIN_NEEDED, product=product, offer_ids=[offer.id])
    customer = session.get(Customer, customer_id)
    if customer is None or customer.deleted_at is not None or product is None:
        return Reaction(Outcome.NOT_AVAILABLE)
    if offer.status == OfferStatus.ACCEPTED:
        return Reaction(Outcome.ALREADY_ACCEPTED, product=product, offer_ids=[offer.id])
    if not product.available:
        return Reaction(Outcome.SOLD_OUT, product=product, offer_ids=[offer.id])
    price = discounted(product.price, offer.discount_pct)
    order = _draft(session, customer, conversation_id, now)
    session.add(
        OrderItem(order_id=order.id, product_id=product.product_id, quantity=1, unit_price=price)
    )
    order.total = Decimal(order.total) + price
    offer.customer_id = customer.id
    shared = {"offer_id": offer.id, "model_version": offer.model_version}
    record_reaction(
        session,
        offer,
        OfferStatus.ACCEPTED,
        conversation_id=conversation_id,
        now=now,
        properties={"discount_pct": percent(offer.discount_pct)},
    )
    record_event(
        session,
        event_type=BehaviourEventType.BASKET_ADD,
        customer_id=customer.id,
        conversation_id=conversation_id,
        now=now,
        product_id=product.product_id,
        properties={**shared, "order_id": order.id, "unit_price": str(price)},
    )
    session.commit()
    return Reaction(
        Outcome.ACCEPTED, product=product, order_id=order.id, price=price, offer_ids=[offer.id]
    )


def decline_offers(
    session: Session,
    *,
    offer_ids: Sequence[int],
    conversation_id: str,
    customer_id: int | None,
    now: datetime,
) -> Reaction:
    """Mark the conversation's unanswered offers among ``offer_ids`` declined; commits."""
    declined: list[Offer] = []
    for offer_id in dict.fromkeys(offer_ids):
        offer = _own_offer(session, offer_id, conversation_id, customer_id)
        if offer is None or offer.status not in ANSWERABLE:
            continue
        if offer.customer_id is not None and customer_id is None:
            continue  # a verified customer's offer: not answered without their identity
        record_reaction(
            session, offer, OfferStatus.DECLINED, conversation_id=conversation_id, now=now
        )
        declined.append(offer)
    if not declined:
        return Reaction(Outcome.NOT_AVAILABLE)
    session.commit()
    first = declined[0].product_id
    product = products_by_id(session, [first]).get(first)
    return Reaction(Outcome.DECLINED, product=product, offer_ids=[o.id for o in declined])
