"""Change requests and address changes: only before shipment, only on one's own orders."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from icrm_models.db.schema import Customer, Order, OutboxMessage, SupportTicket
from icrm_models.orders.address_changes import change_order_address, save_default_address
from icrm_models.orders.changes import parse_change_request, request_order_change
from tests.helpers.shop import AS_OF

NEW = "Hauptstraße 5, 10115 Berlin"


def _count(session: Session, table: type) -> int:
    return session.scalar(select(func.count()).select_from(table)) or 0


def test_a_change_before_shipment_opens_a_ticket(shop: Engine) -> None:
    with Session(shop) as session:
        result = request_order_change(
            session, customer_id=2, order_id=10021, request="size M", conversation_id="c", now=AS_OF
        )
        assert result is not None and result.recorded
        ticket = session.get(SupportTicket, result.ticket_id)
        assert ticket is not None
        assert (ticket.category, ticket.status, ticket.order_id, ticket.customer_id) == (
            "order_change",
            "open",
            10021,
            2,
        )


@pytest.mark.parametrize(("customer_id", "order_id"), [(1, 10021), (1, 99_999)])
def test_no_ticket_for_someone_elses_or_a_missing_order(
    shop: Engine, customer_id: int, order_id: int
) -> None:
    with Session(shop) as session:
        before = _count(session, SupportTicket)
        result = request_order_change(
            session,
            customer_id=customer_id,
            order_id=order_id,
            request="size M",
            conversation_id="c",
            now=AS_OF,
        )
        assert result is None and _count(session, SupportTicket) == before


def test_no_ticket_after_shipment(shop: Engine) -> None:
    with Session(shop) as session:
        before = _count(session, SupportTicket)
        result = request_order_change(
            session, customer_id=1, order_id=10023, request="size M", conversation_id="c", now=AS_OF
        )
        assert result is not None and not result.recorded and result.status == "shipped"
        assert _count(session, SupportTicket) == before


def test_an_unusable_request_is_refused() -> None:
    assert parse_change_request(" size\tM \x00") == "size M"
    assert parse_change_request("🙂") is None
    assert parse_change_request("x" * 1001) is None
    with pytest.raises(ValueError, match="not a usable change request"):
        request_order_change(
            None,  # type: ignore[arg-type]
            customer_id=2,
            order_id=10021,
            request="",
            conversation_id=None,
            now=AS_OF,
        )


def _readdress(session: Session, customer_id: int, order_id: int):  # type: ignore[no-untyped-def]
    return change_order_address(
        session,
        customer_id=customer_id,
        order_id=order_id,
        address=NEW,
        shop_name="Luma Sports",
        conversation_id="c",
        now=AS_OF,
    )


def test_an_order_not_yet_shipped_is_readdressed_with_a_mail(shop: Engine) -> None:
    with Session(shop) as session:
        result = _readdress(session, 2, 10021)
        assert result is not None and result.changed
    with Session(shop) as session:
        assert session.get(Order, 10021).shipping_address == NEW  # type: ignore[union-attr]
        mail = session.execute(select(OutboxMessage)).scalar_one()
        assert (mail.template, mail.recipient) == (
            "order_address_changed",
            "veronica.costello@example.com",
        )
        assert NEW in mail.body


@pytest.mark.parametrize(("customer_id", "order_id"), [(1, 10021), (1, 99_999), (1, 10023)])
def test_no_readdressing_of_others_missing_or_shipped_orders(
    shop: Engine, customer_id: int, order_id: int
) -> None:
    with Session(shop) as session:
        before = session.get(Order, 10021).shipping_address  # type: ignore[union-attr]
        result = _readdress(session, customer_id, order_id)
        assert result is None or not result.changed
        assert session.get(Order, 10021).shipping_address == before  # type: ignore[union-attr]
        assert _count(session, OutboxMessage) == 0


def test_an_unchecked_address_is_refused(shop: Engine) -> None:
    with Session(shop) as session, pytest.raises(ValueError, match="not a usable address"):
        change_order_address(
            session,
            customer_id=2,
            order_id=10021,
            address="'; DROP TABLE orders; --",
            shop_name="Luma Sports",
            conversation_id=None,
            now=AS_OF,
        )


def test_the_default_address_is_saved(shop: Engine) -> None:
    with Session(shop) as session:
        saved = save_default_address(
            session,
            customer_id=2,
            address=NEW,
            city="Berlin",
            country=None,
            shop_name="Luma Sports",
            conversation_id="c",
            now=AS_OF,
        )
        assert saved is not None and (saved.address, saved.city, saved.country) == (
            NEW,
            "Berlin",
            "Germany",
        )
    with Session(shop) as session:
        customer = session.get(Customer, 2)
        assert customer is not None and (customer.address, customer.city) == (NEW, "Berlin")
        assert _count(session, OutboxMessage) == 1


def test_no_default_address_for_an_erased_or_unknown_account(shop: Engine) -> None:
    with Session(shop) as session:
        session.get(Customer, 2).deleted_at = AS_OF  # type: ignore[union-attr]
        session.commit()
        for customer_id in (2, 999):
            assert (
                save_default_address(
                    session,
                    customer_id=customer_id,
                    address=NEW,
                    city=None,
                    country=None,
                    shop_name="Luma Sports",
                    conversation_id=None,
                    now=AS_OF,
                )
                is None
            )
        assert _count(session, OutboxMessage) == 0


def test_an_odd_city_is_refused(shop: Engine) -> None:
    with Session(shop) as session, pytest.raises(ValueError, match="not a city name"):
        save_default_address(
            session,
            customer_id=2,
            address=NEW,
            city="Berlin'; --",
            country=None,
            shop_name="Luma Sports",
            conversation_id=None,
            now=AS_OF,
        )
