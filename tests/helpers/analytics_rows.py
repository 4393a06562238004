"""Rows written straight into the analytics, live-chat and offer tables, for metric tests.

The metrics read only these tables, so a test states the facts it needs (a conversation that
ended mid-form, a case answered after 90 s) instead of running the ingest over Rasa events.
Each builder keeps the conversation's counters consistent with the turns it writes.
"""

from __future__ import annotations

import hashlib
import itertools
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from decimal import Decimal

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from icrm_models.db.statuses import (
    CasePriority,
    CaseReason,
    CaseResolution,
    CaseStatus,
    OfferStatus,
    OrderStatus,
)
from icrm_models.db.tables.analytics import (
    AnalyticsConversation,
    AnalyticsFormStep,
    AnalyticsIngestRun,
    AnalyticsReject,
    AnalyticsTurn,
)
from icrm_models.db.tables.behaviour import Offer
from icrm_models.db.tables.catalogue import Product
from icrm_models.db.tables.customers import Customer
from icrm_models.db.tables.live import LiveCase
from icrm_models.db.tables.orders import Order, OrderItem

# A Monday noon: the day and hour tests assert volumes on.
DAY = datetime(2026, 11, 2, 12, 0, tzinfo=UTC)
_keys = itertools.count(1)


def key() -> str:
    """A fresh unique event key (a SHA-256 in hex, as the ingest writes)."""
    return hashlib.sha256(str(next(_keys)).encode()).hexdigest()


@dataclass
class Said:
    """One customer message of a conversation: its intent, confidence, and whether it fell back."""

    intent: str | None = "greet"
    confidence: float | None = 0.95
    fallback: bool = False


@dataclass
class AnalyticsRows:
    """Writes analytics rows on ``engine``; every method commits what it wrote."""

    engine: Engine
    _products: dict[int, int] = field(default_factory=dict)

    def conversation(
        self,
        started_at: datetime = DAY,
        said: list[Said] | None = None,
        *,
        conversation_id: str | None = None,
        customer_id: int | None = None,
        gap: timedelta = timedelta(minutes=1),
        handoff_reason: str | None = None,
        active_form: str | None = None,
        requested_slot: str | None = None,
        csat_score: int | None = None,
    ) -> AnalyticsConversation:
        """A conversation: per message a customer turn and a bot answer ``gap`` apart.

        ``handoff_reason`` hands it off after the last message; ``active_form`` leaves it
        with that form active at its last event.
        """
        said = [Said()] if said is None else said
        sender = conversation_id or f"sender-{next(_keys)}"
        with Session(self.engine, expire_on_commit=False) as session:
            conv = AnalyticsConversation(
                session_key=key(),
                conversation_id=sender,
                customer_id=customer_id,
                channel="socketio",
                started_at=started_at,
                last_event_at=started_at,
                customer_turns=0,
                bot_turns=0,
                agent_turns=0,
                fallbacks=0,
                handoff_reason=handoff_reason,
                active_form=active_form,
                requested_slot=requested_slot,
                csat_score=csat_score,
            )
            session.add(conv)
            session.flush()
            at = started_at
            for message in said:
                session.add(self._turn(conv, at, "customer", message))
                conv.customer_turns += 1
                conv.last_customer_at = at
                conv.last_intent = message.intent
                if message.fallback:
                    conv.fallbacks += 1
                    conv.last_fallback_at = at
                at += gap / 2
                session.add(self._turn(conv, at, "bot", None))
                conv.bot_turns += 1
                conv.last_event_at = at
                at += gap / 2
            if handoff_reason is not None:
                conv.handoff_at = conv.last_event_at
            session.commit()
            session.expunge(conv)
            return conv

    def _turn(
        self, conv: AnalyticsConversation, at: datetime, actor: str, said: Said | None
    ) -> AnalyticsTurn:
        return AnalyticsTurn(
            event_key=key(),
            conversation_pk=conv.id,
            conversation_id=conv.conversation_id,
            at=at,
            actor=actor,
            text="hello" if said else "Hi! How can I help?",
            intent=said.intent if said else None,
            confidence=said.confidence if said else None,
            entities=[],
            action=None if said else "utter_greet",
            form=conv.active_form,
            fallback=bool(said and said.fallback),
        )

    def form_steps(
        self, conv: AnalyticsConversation, form: str, steps: list[tuple[str, str | None]]
    ) -> None:
        """Form steps ``(step, slot)`` of ``conv``, a second apart from its start."""
        with Session(self.engine) as session:
            for n, (step, slot) in enumerate(steps):
                session.add(
                    AnalyticsFormStep(
                        event_key=key(),
                        conversation_pk=conv.id,
                        conversation_id=conv.conversation_id,
                        form=form,
                        step=step,
                        slot=slot,
                        at=conv.started_at + timedelta(seconds=n + 1),
                    )
                )
            session.commit()

    def case(
        self,
        conversation_id: str,
        queued_at: datetime,
        *,
        reply_after: timedelta | None = None,
        close_after: timedelta | None = None,
        csat: int | None = None,
        reason: CaseReason = CaseReason.ASKED,
        resolution: CaseResolution | None = None,
    ) -> None:
        """A handoff case queued at ``queued_at``, answered and closed after the given times."""
        closed = queued_at + close_after if close_after is not None else None
        with Session(self.engine) as session:
            session.add(
                LiveCase(
                    conversation_id=conversation_id,
                    status=CaseStatus.CLOSED if closed else CaseStatus.ASSIGNED,
                    reason=reason,
                    priority=CasePriority.NORMAL,
                    queued_at=queued_at,
                    assigned_at=queued_at + reply_after / 2 if reply_after else None,
                    first_agent_reply_at=queued_at + reply_after if reply_after else None,
                    closed_at=closed,
                    resolution=resolution or (CaseResolution.SOLVED if closed else None),
                    csat_score=csat,
                    csat_at=closed if csat else None,
                    updated_at=closed or queued_at,
                )
            )
            session.commit()

    def customer(self, name: str = "Ada") -> int:
        """A customer; returns its id."""
        with Session(self.engine) as session:
            found = Customer(
                email=f"{name.lower()}-{next(_keys)}@example.com",
                name=name,
                created_at=DAY - timedelta(days=400),
            )
            session.add(found)
            session.commit()
            return found.id

    def product(self, number: int = 1) -> int:
        """The product numbered ``number`` (created once); returns its id."""
        if number not in self._products:
            with Session(self.engine) as session:
                made = Product(
                    sku=f"SKU-{number}-{next(_keys)}",
                    name=f"Product {number}",
                    category="Women/Tops",
                    price=Decimal("20.00"),
                )
                session.add(made)
                session.commit()
                self._products[number] = made.id
        return self._products[number]

    def offer(
        self,
        customer_id: int | None,
        product_id: int,
        shown_at: datetime = DAY,
        *,
        status: OfferStatus = OfferStatus.SHOWN,
        model_version: str = "v1",
    ) -> None:
        """An offer of ``product_id`` shown to ``customer_id``."""
        with Session(self.engine) as session:
            session.add(
                Offer(
                    customer_id=customer_id,
                    product_id=product_id,
                    conversation_id="offer-chat",
                    model_version=model_version,
                    reason="often bought with",
                    status=status,
                    shown_at=shown_at,
                    responded_at=shown_at + timedelta(minutes=1) if status != "shown" else None,
                )
            )
            session.commit()

    def order(
        self,
        customer_id: int,
        product_id: int,
        placed_at: datetime,
        status: OrderStatus = OrderStatus.DELIVERED,
    ) -> None:
        """An order of one ``product_id`` by ``customer_id``."""
        with Session(self.engine) as session:
            order = Order(
                customer_id=customer_id, status=status, placed_at=placed_at, total=Decimal("20")
            )
            session.add(order)
            session.flush()
            session.add(
                OrderItem(
                    order_id=order.id, product_id=product_id, quantity=1, unit_price=Decimal("20")
                )
            )
            session.commit()

    def reject(self, at: datetime = DAY, reason: str = "unknown event type") -> None:
        """An event the ingest rejected."""
        with Session(self.engine) as session:
            session.add(
                AnalyticsReject(
                    event_key=key(),
                    source="tracker_store",
                    conversation_id="broken",
                    type_name="mystery",
                    reason=reason,
                    raw="{}",
                    at=at,
                )
            )
            session.commit()

    def ingest_run(self, at: datetime = DAY, read: int = 10, rejected: int = 1) -> None:
        """A finished ingest pass."""
        with Session(self.engine) as session:
            session.add(
                AnalyticsIngestRun(
                    source="tracker_store",
                    started_at=at,
                    finished_at=at + timedelta(seconds=2),
                    read=read,
                    stored=read - rejected,
                    rejected=rejected,
                )
            )
            session.commit()
