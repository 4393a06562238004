from datetime import timedelta

import pytest
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from icrm_models.after_sales.eligibility import ReturnCheck, Verdict
from icrm_models.after_sales.request import ReturnRequest, clean_reason, request_return
from icrm_models.db.schema import BehaviourEvent, OrderItem, OutboxMessage, Return
from icrm_models.policies.source import Policies
from icrm_models.seed.demo import DEMO_ORDER_IDS
from tests.helpers.shop import AS_OF
from tests.helpers.shop_changes import deliver

RONI = 1
ORDER = DEMO_ORDER_IDS["in_transit"]


def _request(session: Session, policies: Policies, reason: str = "too small") -> object:
    return request_return(
        session,
        customer_id=RONI,
        order_id=ORDER,
        reason=reason,
        policies=policies,
        now=AS_OF,
        conversation_id="conv-1",
    )


def _counts(session: Session) -> tuple[int, int, int]:
    return (
        session.scalar(select(func.count(Return.id))) or 0,
        session.scalar(select(func.count(OutboxMessage.id))) or 0,
        session.scalar(select(func.count(BehaviourEvent.id))) or 0,
    )


def test_a_return_writes_one_row_per_line_the_label_mail_and_an_event(
    shop: Engine, policies: Policies
) -> None:
    with Session(shop) as session:
        deliver(session, ORDER, AS_OF - timedelta(days=3))
        lines = [
            (line.id, line.quantity)
            for line in session.scalars(select(OrderItem).where(OrderItem.order_id == ORDER))
        ]
        before = _counts(session)
        outcome = _request(session, policies)
    assert isinstance(outcome, ReturnRequest)
    assert outcome.order_id == ORDER and len(outcome.return_ids) == len(lines)
    assert outcome.item_count == sum(quantity for _, quantity in lines)
    assert outcome.return_by == AS_OF - timedelta(days=3) + timedelta(days=30)
    with Session(shop) as session:
        assert _counts(session) == (before[0] + len(lines), before[1] + 1, before[2] + 1)
        returns = session.scalars(select(Return).where(Return.id.in_(outcome.return_ids))).all()
        assert {(r.order_item_id, r.quantity) for r in returns} == set(lines)
        assert all(
            r.status == "requested"
            and r.reason == "too small"
            and r.customer_id == RONI
            and r.requested_at == AS_OF
            and r.received_at is None
            for r in returns
        )
        mail = session.get(OutboxMessage, outcome.outbox_id)
        assert mail is not None
        assert (mail.channel, mail.recipient, mail.template, mail.status) == (
            "email",
            "roni_cost@example.com",
            "return_label",
            "queued",
        )
        assert (
            mail.sent_at is None and mail.customer_id == RONI and mail.conversation_id == "conv-1"
        )
        assert mail.subject == f"Your return label for order {ORDER}"
        label = f"/account/returns/{outcome.return_ids[0]}/label.pdf"
        assert mail.payload == {
            "order_id": ORDER,
            "return_ids": list(outcome.return_ids),
            "label_path": label,
        }
        refund = policies.refund
        for quoted in (label, refund.condition, refund.return_shipping, refund.refund_days):
            assert quoted in mail.body
        assert mail.body.startswith("Hello Roni Cost,")
        event = session.scalars(
            select(BehaviourEvent).where(BehaviourEvent.event_type == "return_requested")
        ).one()
        assert (event.customer_id, event.conversation_id, event.occurred_at) == (
            RONI,
            "conv-1",
            AS_OF,
        )
        assert event.properties["order_id"] == ORDER
        assert event.properties["return_ids"] == list(outcome.return_ids)


def test_a_second_confirmation_starts_nothing(shop: Engine, policies: Policies) -> None:
    with Session(shop) as session:
        deliver(session, ORDER, AS_OF - timedelta(days=3))
        first = _request(session, policies)
        after_first = _counts(session)
        second = _request(session, policies)
        assert _counts(session) == after_first
    assert isinstance(first, ReturnRequest)
    assert isinstance(second, ReturnCheck) and second.verdict is Verdict.ALREADY_RETURNED


def test_an_order_that_cannot_be_returned_writes_nothing(shop: Engine, policies: Policies) -> None:
    with Session(shop) as session:
        before = _counts(session)
        outcome = _request(session, policies)  # still in transit
        assert _counts(session) == before
    assert isinstance(outcome, ReturnCheck) and outcome.verdict is Verdict.NOT_DELIVERED


def test_the_window_comes_from_the_policies(shop: Engine, policies: Policies) -> None:
    short = policies.model_copy(
        update={"refund": policies.refund.model_copy(update={"window_days": 2})}
    )
    with Session(shop) as session:
        deliver(session, ORDER, AS_OF - timedelta(days=3))
        outcome = _request(session, short)
    assert isinstance(outcome, ReturnCheck) and outcome.verdict is Verdict.WINDOW_CLOSED


def test_strange_reasons_are_stored_as_plain_text(shop: Engine, policies: Policies) -> None:
    reason = "'); DROP TABLE returns; --\x00 \u202eevil 🙂 " + "x" * 10_000
    with Session(shop) as session:
        deliver(session, ORDER, AS_OF - timedelta(days=3))
        outcome = _request(session, policies, reason)
        assert isinstance(outcome, ReturnRequest)
        stored = session.get(Return, outcome.return_ids[0])
    assert stored is not None
    assert stored.reason.startswith("'); DROP TABLE returns; -- evil 🙂 xxx")
    assert len(stored.reason) == 255 and stored.reason.endswith("…")


def test_a_return_needs_a_readable_reason(shop: Engine, policies: Policies) -> None:
    with Session(shop) as session, pytest.raises(ValueError, match="needs a reason"):
        _request(session, policies, " \x00\n ")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("  wrong   size\n", "wrong size"),
        ("\x00\x07", None),
        ("", None),
        (None, None),
        ("زر مكسور", "زر مكسور"),
        ("a" * 300, "a" * 254 + "…"),
    ],
)
def test_clean_reason(text: str | None, expected: str | None) -> None:
    assert clean_reason(text) == expected
