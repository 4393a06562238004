"""Cancelling under the policies: the fee by status, the refund, the records, one transaction."""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy import Engine, func, select, update
from sqlalchemy.orm import Session

from icrm_models.db.schema import BehaviourEvent, Order, OutboxMessage, Payment, Refund
from icrm_models.orders.cancellation import cancel_order, cancellation_quote
from icrm_models.policies.source import Policies
from tests.helpers.shop import AS_OF


def _cancel(session: Session, policies: Policies, customer_id: int, order_id: int):  # type: ignore[no-untyped-def]
    return cancel_order(
        session,
        customer_id=customer_id,
        order_id=order_id,
        policies=policies,
        conversation_id="conv-1",
        now=AS_OF,
    )


def _counts(session: Session) -> tuple[int, int, int]:
    return (
        session.scalar(select(func.count()).select_from(Refund)) or 0,
        session.scalar(select(func.count()).select_from(OutboxMessage)) or 0,
        session.scalar(
            select(func.count())
            .select_from(BehaviourEvent)
            .where(BehaviourEvent.event_type == "order_cancelled")
        )
        or 0,
    )


@pytest.mark.parametrize(
    ("status", "fee"),
    [
        ("pending", Decimal("0.00")),
        ("processing", Decimal("5.00")),
        ("shipped", None),
        ("delivered", None),
        ("cancelled", None),
    ],
)
def test_the_quote_follows_the_policies(
    shop: Engine, policies: Policies, status: str, fee: Decimal | None
) -> None:
    with Session(shop) as session:
        session.get(Order, 10021).status = status  # type: ignore[union-attr]
        session.commit()
        quote = cancellation_quote(session, customer_id=2, order_id=10021, policies=policies)
    assert quote is not None
    assert (quote.status, quote.fee, quote.cancellable) == (status, fee, fee is not None)


def test_a_changed_policy_changes_the_fee(shop: Engine, policies: Policies) -> None:
    dearer = policies.model_copy(
        update={
            "cancellation": policies.cancellation.model_copy(
                update={"fees": {"processing": Decimal("9.90")}}
            )
        }
    )
    with Session(shop) as session:
        result = _cancel(session, dearer, 2, 10021)
    assert result is not None and result.quote.fee == Decimal("9.90")
    assert result.refund == Decimal("32.10")


def test_someone_elses_order_looks_exactly_like_a_missing_one(
    shop: Engine, policies: Policies
) -> None:
    with Session(shop) as session:
        before = _counts(session)
        assert cancellation_quote(session, customer_id=1, order_id=10021, policies=policies) is None
        assert _cancel(session, policies, 1, 10021) is None
        assert _cancel(session, policies, 1, 99_999) is None
        assert session.get(Order, 10021).status == "processing"  # type: ignore[union-attr]
        assert _counts(session) == before


def test_a_cancellation_records_refund_mail_and_event(shop: Engine, policies: Policies) -> None:
    with Session(shop) as session:
        before = _counts(session)
        result = _cancel(session, policies, 2, 10021)
    assert result is not None and result.cancelled
    assert (result.quote.fee, result.refund) == (Decimal("5.00"), Decimal("37.00"))
    with Session(shop) as session:  # a new session: the change was committed
        order = session.get(Order, 10021)
        assert order is not None and (order.status, order.cancelled_at) == ("cancelled", AS_OF)
        assert _counts(session) == (before[0] + 1, before[1] + 1, before[2] + 1)
        mail = session.execute(select(OutboxMessage)).scalar_one()
        assert mail.payload["fee"] == "5.00" and mail.status == "queued"


def test_nothing_paid_means_no_refund(shop: Engine, policies: Policies) -> None:
    with Session(shop) as session:
        session.execute(
            update(Payment).where(Payment.order_id == 10021).values(status="authorized")
        )
        session.commit()
        result = _cancel(session, policies, 2, 10021)
        assert result is not None and result.cancelled and result.refund is None
        assert (
            session.scalar(select(func.count()).select_from(Refund).where(Refund.order_id == 10021))
            == 0
        )


def test_a_shipped_order_is_left_alone(shop: Engine, policies: Policies) -> None:
    with Session(shop) as session:
        before = _counts(session)
        result = _cancel(session, policies, 1, 10023)
        assert result is not None and not result.cancelled
        assert result.quote.status == "shipped"
        assert session.get(Order, 10023).status == "shipped"  # type: ignore[union-attr]
        assert _counts(session) == before


def test_cancelling_twice_cancels_once(shop: Engine, policies: Policies) -> None:
    with Session(shop) as session:
        first = _cancel(session, policies, 2, 10021)
        second = _cancel(session, policies, 2, 10021)
    assert first is not None and first.cancelled
    assert second is not None and not second.cancelled and second.quote.status == "cancelled"
