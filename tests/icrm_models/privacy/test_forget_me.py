"""Forget-me forgets: after an account deletion no table names the person, only the books keep
their id, and other customers' data is untouched."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from icrm_models.accounts.deletion import delete_account
from icrm_models.accounts.password_reset import request_password_reset
from icrm_models.db.schema import (
    BehaviourEvent,
    Customer,
    Invoice,
    Offer,
    Order,
    OrderItem,
    OutboxMessage,
    Payment,
    Product,
    Refund,
    Return,
    Shipment,
    SupportTicket,
    SyntheticTruth,
    TrackingEvent,
)
from icrm_models.mail.sending import mark_sent, queued_message_ids, render_for_sending
from icrm_models.privacy.conversations import remember_conversation
from tests.helpers.cells import as_text, columns_mentioning, every_value
from tests.helpers.rasa_events import (
    RASA_EVENTS,
    bot,
    said,
    session_start,
    slot,
    store_conversation,
)
from tests.helpers.shop import AS_OF

PERSON = 987654321
EMAIL = "Quirinus.Flederwisch@example.org"
NAME = "Quirinus Flederwisch"
STREET = "Zebrastrasse 77"
ADDRESS = f"{STREET}, 12345 Kleinwulkow"
OTHER = 555000111  # another customer, whose data must stay
OTHER_EMAIL = "ottilie.normal@example.org"
# where the person's id may stay: the books and the consent evidence, keyed by id
BOOKS = {
    ("customers", "id"),
    ("orders", "customer_id"),
    ("invoices", "customer_id"),
    ("returns", "customer_id"),
    ("consent_changes", "customer_id"),
}


def _customers(session: Session) -> None:
    for cid, email, name in ((PERSON, EMAIL, NAME), (OTHER, OTHER_EMAIL, "Ottilie Normal")):
        session.add(
            Customer(
                id=cid,
                email=email,
                name=name,
                address=ADDRESS if cid == PERSON else "Hauptweg 1, 99999 Anderswo",
                city="Kleinwulkow" if cid == PERSON else "Anderswo",
                country="Germany",
                external_ref=f"EXT-{cid}",
                created_at=AS_OF - timedelta(days=400),
                marketing_consent=True,
                source="shop",
            )
        )
    session.flush()


def _books(session: Session, product_id: int) -> None:
    placed = AS_OF - timedelta(days=20)
    session.add(
        Order(
            id=910001,
            customer_id=PERSON,
            status="delivered",
            placed_at=placed,
            total=Decimal("59.00"),
            shipping_address=f"{NAME}, {ADDRESS}",
        )
    )
    session.flush()
    item = OrderItem(order_id=910001, product_id=product_id, quantity=1, unit_price=Decimal(59))
    shipment = Shipment(
        order_id=910001, carrier="DHL", tracking_number="JJD000390007", status="delivered",
        shipped_at=placed, eta=None, delivered_at=placed + timedelta(days=2),
    )  # fmt: skip
    session.add_all([item, shipment])
    session.flush()
    session.add_all(
        [
            TrackingEvent(
                shipment_id=shipment.id, occurred_at=placed, status="delivered",
                location="Depot Kassel", description="Delivered",
            ),
            Invoice(
                number="INV-910001", order_id=910001, customer_id=PERSON, issued_at=placed,
                amount=Decimal(59), status="paid",
            ),
            Payment(
                order_id=910001, method="card", status="captured", amount=Decimal(59),
                created_at=placed,
            ),
        ]
    )  # fmt: skip
    returned = Return(
        order_id=910001, customer_id=PERSON, order_item_id=item.id, quantity=1,
        reason=f"too small, says {NAME}", status="refunded", requested_at=AS_OF, received_at=AS_OF,
    )  # fmt: skip
    session.add(returned)
    session.flush()
    session.add(
        Refund(
            order_id=910001, return_id=returned.id, amount=Decimal(59), status="paid",
            method="card", created_at=AS_OF, paid_at=AS_OF,
        )
    )  # fmt: skip
    session.add(
        SyntheticTruth(
            customer_id=PERSON, favourite_categories=["Women/Tops"], price_sensitivity=0.5,
            orders_per_year=2.0, churn_tendency=0.1, churned_at=None, persona="loyal",
            next_order_at=None,
        )
    )  # fmt: skip


def _traces(session: Session, product_id: int) -> None:
    """Everything a person leaves while chatting, in their own and in guest conversations."""
    text = f"I am {NAME}, {EMAIL}, living at {ADDRESS}"

    def ticket(customer_id: int | None, conversation: str, summary: str) -> SupportTicket:
        return SupportTicket(
            customer_id=customer_id, order_id=None, category="complaint", priority="normal",
            status="open", summary=summary, conversation_id=conversation, created_at=AS_OF,
        )  # fmt: skip

    def event(customer_id: int | None, conversation: str, **properties: object) -> BehaviourEvent:
        return BehaviourEvent(
            customer_id=customer_id, conversation_id=conversation, event_type="review",
            occurred_at=AS_OF, properties=properties,
        )  # fmt: skip

    def offer(customer_id: int | None, conversation: str) -> Offer:
        return Offer(
            customer_id=customer_id, product_id=product_id, conversation_id=conversation,
            model_version="v1", reason="you liked tops", discount_pct=None, status="shown",
            shown_at=AS_OF,
        )  # fmt: skip

    session.add_all(
        [
            ticket(PERSON, "conv-own", f"Complaint.\nCustomer: {text}"),
            ticket(None, "conv-guest", f"Guest, not verified.\nCustomer: {text}"),
            ticket(None, "conv-typed", f"Guest wrote: my e-mail is {EMAIL.lower()}"),
            ticket(OTHER, "conv-other", f"Ottilie: please also write to {EMAIL}"),
            ticket(OTHER, "conv-other", "Ottilie's parcel is late"),
            event(PERSON, "conv-own", text=f"Lovely, {NAME}", rating=5),
            event(None, "conv-guest", text="a guest's words in the person's chat"),
            event(None, "conv-elsewhere", text=f"reach me at {EMAIL.upper()}"),
            event(OTHER, "conv-other", text="Ottilie's review"),
            offer(PERSON, "conv-own"),
            offer(None, "conv-guest"),
            offer(OTHER, "conv-other"),
            OutboxMessage(
                channel="email", recipient=EMAIL, template="invoice_copy", subject="Your invoice",
                body=f"Dear {NAME}, here is INV-910001 for {ADDRESS}", payload={"name": NAME},
                customer_id=PERSON, conversation_id="conv-own", status="sent", created_at=AS_OF,
                sent_at=AS_OF,
            ),
            OutboxMessage(
                channel="email", recipient=OTHER_EMAIL, template="invoice_copy",
                subject="Your invoice", body="Dear Ottilie", payload={}, customer_id=OTHER,
                conversation_id="conv-other", status="queued", created_at=AS_OF,
            ),
        ]
    )  # fmt: skip
    session.commit()
    request_password_reset(session, email=EMAIL, now=AS_OF, conversation_id="conv-reset")
    for message_id in queued_message_ids(session):  # the person's reset link goes out
        if render_for_sending(session, message_id=message_id, now=AS_OF) is not None:
            mark_sent(session, message_id=message_id, now=AS_OF)
    remember_conversation(session, customer_id=PERSON, conversation_id="conv-guest", now=AS_OF)
    remember_conversation(session, customer_id=PERSON, conversation_id="conv-own", now=AS_OF)


def _conversations(session: Session) -> None:
    """Rasa's stored conversations: theirs (two sessions), one where only their e-mail was
    typed, the one asking for the deletion, and another customer's."""
    proof = f"{PERSON}:1763900000"
    store_conversation(
        session,
        "conv-own",
        [
            session_start(100.0),
            said(f"hi, I'm {NAME}", 101.0, identity_token=f"tok-{PERSON}"),
            slot("verified_customer_id", proof, 102.0),
            session_start(200.0, customer=str(PERSON)),
            said(f"ship to {ADDRESS}", 201.0),
            bot(f"Sure, {NAME}.", 202.0),
        ],
    )
    store_conversation(session, "conv-guest", [said(f"my e-mail is {EMAIL}", 50.0)])
    store_conversation(session, "conv-typed", [said(EMAIL.lower(), 60.0)])
    store_conversation(
        session,
        "conv-delete",
        [
            session_start(300.0),
            slot("verified_customer_id", proof, 301.0),
            said("delete my account", 302.0, "delete_account"),
        ],
    )
    store_conversation(
        session, "conv-other", [session_start(10.0), said(f"hello, I'm {OTHER_EMAIL}", 11.0)]
    )


def _a_person_with_everything(session: Session) -> None:
    product_id = session.scalar(select(func.min(Product.id)))
    assert product_id is not None
    _customers(session)
    _books(session, product_id)
    session.commit()
    _traces(session, product_id)
    _conversations(session)


def _identifying(engine: Engine) -> dict[str, set[tuple[str, str]]]:
    needles = [EMAIL, NAME, "Flederwisch", STREET, "Kleinwulkow", f"EXT-{PERSON}"]
    return {n: columns_mentioning(engine, n) for n in needles if columns_mentioning(engine, n)}


def _send_the_confirmation(session: Session) -> None:
    [confirmation] = queued_message_ids(session)[-1:]
    mail = render_for_sending(session, message_id=confirmation, now=AS_OF)
    assert mail is not None and mail.recipient == EMAIL and NAME in mail.body
    mark_sent(session, message_id=confirmation, now=AS_OF)


def test_no_table_names_the_person_after_the_deletion(session: Session, engine: Engine) -> None:
    _a_person_with_everything(session)
    assert _identifying(engine)  # the search does find them before
    assert delete_account(session, customer_id=PERSON, now=AS_OF, conversation_id="conv-delete")
    # until it is sent, the confirmation is the one row that still knows whom to write to
    assert _identifying(engine) == {
        EMAIL: {("outbox", "recipient")},
        NAME: {("outbox", "body"), ("outbox", "payload")},
        "Flederwisch": {("outbox", "recipient"), ("outbox", "body"), ("outbox", "payload")},
    }
    _send_the_confirmation(session)
    assert _identifying(engine) == {}
    id_text = {
        (table, column)
        for table, column, value in every_value(engine)
        if isinstance(value, str | dict | list) and str(PERSON) in as_text(value)
    }
    assert id_text == {("customers", "email")}  # the tombstone's deleted-<id>@deleted.invalid
    id_columns = {
        (table, column)
        for table, column, value in every_value(engine)
        if column in ("customer_id", "id") and value == PERSON
    }
    assert id_columns <= BOOKS


def test_the_books_stay_without_names(session: Session) -> None:
    _a_person_with_everything(session)
    delete_account(session, customer_id=PERSON, now=AS_OF, conversation_id="conv-delete")
    session.expire_all()
    order = session.get(Order, 910001)
    assert order is not None and order.customer_id == PERSON and order.shipping_address is None
    assert session.scalar(select(Invoice.number).where(Invoice.customer_id == PERSON))
    assert session.scalar(select(func.count()).select_from(Refund)) >= 1
    [reason] = session.scalars(select(Return.reason).where(Return.customer_id == PERSON))
    assert NAME not in reason
    customer = session.get(Customer, PERSON)
    assert customer is not None and customer.deleted_at == AS_OF
    assert (customer.city, customer.country, customer.address, customer.external_ref) == (
        None,
        None,
        None,
        None,
    )


def test_other_customers_keep_their_data(session: Session, engine: Engine) -> None:
    _a_person_with_everything(session)
    before = _others(session)
    delete_account(session, customer_id=PERSON, now=AS_OF, conversation_id="conv-delete")
    session.expire_all()
    after = _others(session)
    assert after["events"] == before["events"]
    assert after["offers"] == before["offers"] and after["behaviour"] == before["behaviour"]
    assert after["outbox"] == before["outbox"]
    assert after["tickets"] == [
        "Ottilie's parcel is late",
        "Ottilie: please also write to [erased]",
    ]


def _others(session: Session) -> dict[str, list[object]]:
    """What belongs to the other customer and to the seeded shop."""
    return {
        "events": list(
            session.execute(select(RASA_EVENTS).where(RASA_EVENTS.c.sender_id == "conv-other"))
        ),
        "offers": list(session.scalars(select(Offer.id).where(Offer.customer_id != PERSON))),
        "behaviour": list(
            session.scalars(select(BehaviourEvent.id).where(BehaviourEvent.customer_id != PERSON))
        ),
        "outbox": list(
            session.scalars(select(OutboxMessage.id).where(OutboxMessage.customer_id == OTHER))
        ),
        "tickets": sorted(
            session.scalars(select(SupportTicket.summary).where(SupportTicket.customer_id == OTHER))
        ),
    }
