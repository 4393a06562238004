"""Offers shown in a conversation and the behaviour events around them, as database rows.

Every product shown with an "Add to basket" button is an ``offers`` row (so its reaction can
be recorded and learned from) plus an ``offer_impression`` event naming the model version.
Offers nobody reacted to become "ignored" (with an ``offer_ignored`` event) when the
conversation shows the next ones, or when nobody answered them for a day
(:func:`expire_unanswered`, run before every training).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from icrm_models.db.event_types import BehaviourEventType, offer_outcome
from icrm_models.db.schema import BehaviourEvent, Offer
from icrm_models.db.statuses import OfferStatus
from icrm_models.db.widths import column_width
from icrm_models.search.products import ProductInfo, products_by_id

# the same key goes into offers and behaviour_events: the narrower column's width
CONVERSATION_ID_CHARS = min(
    column_width(Offer.conversation_id), column_width(BehaviourEvent.conversation_id)
)
REASON_CHARS = column_width(Offer.reason)
VERSION_CHARS = column_width(Offer.model_version)


def conversation_key(sender_id: str) -> str:
    """The conversation id as stored (cut to the width of the columns that hold it)."""
    return str(sender_id)[:CONVERSATION_ID_CHARS]


@dataclass(frozen=True)
class ShownOffer:
    """An offer as shown: its id, the product, why, and the discount (if any)."""

    offer_id: int
    product: ProductInfo
    reason: str
    discount_pct: Decimal | None
    model_version: str

    @property
    def price(self) -> Decimal:
        """The price after the discount."""
        return discounted(self.product.price, self.discount_pct)


def discounted(price: Decimal, discount_pct: Decimal | None) -> Decimal:
    """``price`` less ``discount_pct`` percent, to the cent."""
    if not discount_pct:
        return price
    return (price * (Decimal(100) - discount_pct) / Decimal(100)).quantize(Decimal("0.01"))


def percent(value: Decimal | None) -> str | None:
    """A discount as JSON text ("10", "12.5"), however the database scaled it."""
    return None if value is None else format(Decimal(value).normalize(), "f")


def record_event(
    session: Session,
    *,
    event_type: BehaviourEventType,
    customer_id: int | None,
    conversation_id: str,
    now: datetime,
    product_id: int | None = None,
    properties: dict[str, Any] | None = None,
) -> None:
    """Add a behaviour event to the session (the caller commits)."""
    session.add(
        BehaviourEvent(
            customer_id=customer_id,
            conversation_id=conversation_key(conversation_id),
            event_type=event_type,
            product_id=product_id,
            occurred_at=now,
            properties=properties or {},
        )
    )


def show_offers(
    session: Session,
    *,
    items: Sequence[tuple[int, str]],
    discount_pct: Decimal | None,
    customer_id: int | None,
    conversation_id: str,
    model_version: str,
    now: datetime,
) -> list[ShownOffer]:
    """Record ``items`` ((product id, reason), in display order) as shown; commits.

    Earlier offers of the conversation still "shown" become "ignored" first (unless nothing
    new is shown). Products that no longer exist are skipped.
    """
    key = conversation_key(conversation_id)
    if not items:
        session.commit()
        return []
    _mark_ignored(
        session,
        select(Offer).where(Offer.conversation_id == key, Offer.status == OfferStatus.SHOWN),
        now=now,
        why="newer offers shown",
    )
    products = products_by_id(session, [pid for pid, _ in items])
    version = model_version[:VERSION_CHARS]
    shown: list[ShownOffer] = []
    for product_id, reason in items:
        product = products.get(product_id)
        if product is None:
            continue
        offer = Offer(
            customer_id=customer_id,
            product_id=product_id,
            conversation_id=key,
            model_version=version,
            reason=reason[:REASON_CHARS],
            discount_pct=discount_pct,
            status=OfferStatus.SHOWN,
            shown_at=now,
        )
        session.add(offer)
        session.flush()
        record_event(
            session,
            event_type=BehaviourEventType.OFFER_IMPRESSION,
            customer_id=customer_id,
            conversation_id=conversation_id,
            now=now,
            product_id=product_id,
            properties={
                "offer_id": offer.id,
                "model_version": version,
                "reason": offer.reason,
                "discount_pct": percent(discount_pct),
            },
        )
        shown.append(ShownOffer(offer.id, product, offer.reason, discount_pct, version))
    session.commit()
    return shown


UNANSWERED_AFTER = timedelta(hours=24)


def record_reaction(
    session: Session,
    offer: Offer,
    status: OfferStatus,
    *,
    conversation_id: str,
    now: datetime,
    properties: dict[str, Any] | None = None,
) -> None:
    """Set ``offer``'s status (accepted, declined, ignored) and write its ``offer_<status>``
    event with the offer's model version (the caller commits)."""
    offer.status = status
    offer.responded_at = now
    record_event(
        session,
        event_type=offer_outcome(status),
        customer_id=offer.customer_id,
        conversation_id=conversation_id,
        now=now,
        product_id=offer.product_id,
        properties={
            "offer_id": offer.id,
            "model_version": offer.model_version,
            **(properties or {}),
        },
    )


def _mark_ignored(session: Session, offers: Any, *, now: datetime, why: str) -> int:
    """Mark the offers selected by ``offers`` ignored, each with an ``offer_ignored`` event."""
    count = 0
    for offer in session.execute(offers).scalars():
        record_reaction(
            session,
            offer,
            OfferStatus.IGNORED,
            conversation_id=offer.conversation_id or "",
            now=now,
            properties={"why": why},
        )
        count += 1
    return count


def expire_unanswered(
    session: Session, *, now: datetime, after: timedelta = UNANSWERED_AFTER
) -> int:
    """Offers shown more than ``after`` ago and never answered become "ignored"; commits."""
    count = _mark_ignored(
        session,
        select(Offer).where(Offer.status == OfferStatus.SHOWN, Offer.shown_at < now - after),
        now=now,
        why=f"no answer within {after}",
    )
    session.commit()
    return count


def offers_in_conversation(session: Session, conversation_id: str) -> int:
    """How many offers this conversation has shown so far."""
    return int(
        session.execute(
            select(func.count())
            .select_from(Offer)
            .where(Offer.conversation_id == conversation_key(conversation_id))
        ).scalar_one()
    )


def offered_products(session: Session, offer_ids: Sequence[int], conversation_id: str) -> list[int]:
    """The products of this conversation's offers among ``offer_ids``, in that order."""
    if not offer_ids:
        return []
    rows = session.execute(
        select(Offer.id, Offer.product_id).where(
            Offer.id.in_(list(offer_ids)),
            Offer.conversation_id == conversation_key(conversation_id),
        )
    ).all()
    product_of = {int(i): int(p) for i, p in rows}
    return [product_of[i] for i in offer_ids if i in product_of]
