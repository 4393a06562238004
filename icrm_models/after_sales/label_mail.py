"""The return-label e-mail, as an outbox row (a separate sender delivers it; nothing is sent here).

Its rules (item condition, who pays return shipping, when the money comes back) are quoted from
the policies, so the e-mail says what the chat said.
"""

from __future__ import annotations

from datetime import datetime

from icrm_models.db.schema import Customer, OutboxMessage
from icrm_models.db.statuses import OutboxStatus
from icrm_models.db.widths import column_width
from icrm_models.policies.source import Policies

TEMPLATE = "return_label"
# Path of the printable label on the shop's website; the sender prefixes the shop's address.
LABEL_PATH = "/account/returns/{return_id}/label.pdf"
CONVERSATION_ID_MAX = column_width(OutboxMessage.conversation_id)

BODY = """Hello {name},

we've registered your return for order {order_id} ({items}).

Your prepaid return label: {label_path}
Print it, stick it on the parcel and hand the parcel to the carrier.

Please send the items {condition}. Return shipping is {return_shipping}.
We refund {refund_method}, {refund_days}.

Your {shop_name} customer service"""


def return_label_mail(
    *,
    customer: Customer,
    order_id: int,
    return_ids: tuple[int, ...],
    item_count: int,
    policies: Policies,
    conversation_id: str | None,
    now: datetime,
) -> OutboxMessage:
    """The queued e-mail with the return label for ``return_ids`` of ``order_id``."""
    label_path = LABEL_PATH.format(return_id=return_ids[0])
    refund = policies.refund
    items = f"{item_count} item{'s' if item_count != 1 else ''}"
    return OutboxMessage(
        channel="email",
        recipient=customer.email,
        template=TEMPLATE,
        subject=f"Your return label for order {order_id}",
        body=BODY.format(
            name=customer.name,
            order_id=order_id,
            items=items,
            label_path=label_path,
            condition=refund.condition,
            return_shipping=refund.return_shipping,
            refund_method=refund.refund_method,
            refund_days=refund.refund_days,
            shop_name=policies.shop_name,
        )[: column_width(OutboxMessage.body)],
        payload={"order_id": order_id, "return_ids": list(return_ids), "label_path": label_path},
        customer_id=customer.id,
        conversation_id=conversation_id[:CONVERSATION_ID_MAX] if conversation_id else None,
        status=OutboxStatus.QUEUED,
        created_at=now,
        sent_at=None,
    )
