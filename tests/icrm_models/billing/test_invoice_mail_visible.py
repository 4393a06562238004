"""``queue_invoice_mail(visible=...)``: an invoice of an order outside the scope is none at all.

The action for a guest proven in the chat passes "the order they proved" as the scope; the
invoice is looked up once, here, and nothing is queued for any other order's invoice.
"""

from __future__ import annotations

from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from icrm_models.billing.invoice_mail import InvoiceMail, queue_invoice_mail
from icrm_models.db.schema import OutboxMessage
from icrm_models.seed.config import SeedConfig
from icrm_models.seed.demo import DEMO_ORDER_IDS
from icrm_models.seed.run import seed
from tests.helpers.shop import AS_OF

RONI = 1
ORDER = DEMO_ORDER_IDS["in_transit"]  # Roni's; its invoice is INV-010023


def _queue(session: Session, *, number: str, proved: int) -> InvoiceMail | None:
    return queue_invoice_mail(
        session,
        customer_id=RONI,
        number=number,
        order_id=None,
        shop_name="Luma Sports",
        now=AS_OF,
        conversation_id="conv-guest",
        visible=lambda order_id: order_id == proved,
    )


def test_only_the_invoice_of_an_order_in_scope_is_queued(sqlite_engine: Engine) -> None:
    seed(sqlite_engine, SeedConfig(customers=12, as_of=AS_OF))
    with Session(sqlite_engine) as session:
        assert _queue(session, number="INV-010023", proved=ORDER + 1) is None
        assert session.scalar(select(func.count(OutboxMessage.id))) == 0
        mail = _queue(session, number="INV-010023", proved=ORDER)
        assert mail is not None and mail.invoice.order_id == ORDER and not mail.repeated
        assert session.scalar(select(func.count(OutboxMessage.id))) == 1
