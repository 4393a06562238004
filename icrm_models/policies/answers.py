"""Policy answers in words, from the knowledge source (variations chosen per conversation)."""

from __future__ import annotations

import random
from collections.abc import Sequence

from icrm_models.db.statuses import OrderStatus
from icrm_models.policies.source import Policies

TOPICS = (
    "check_refund_policy",
    "check_cancellation_fee",
    "delivery_options",
    "delivery_period",
    "check_payment_methods",
    "contact_customer_service",
)


def _listing(items: Sequence[str]) -> str:
    items = list(items)
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def policy_answer(policies: Policies, topic: str, *, rng: random.Random | None = None) -> str:
    """The answer to a policy question ``topic`` (an intent name from ``TOPICS``)."""
    pick = (rng or random.Random()).choice
    money = policies.money
    if topic == "check_refund_policy":
        r = policies.refund
        return pick(r.answers).format(
            window_days=r.window_days,
            condition=r.condition,
            return_shipping=r.return_shipping,
            refund_days=r.refund_days,
            refund_method=r.refund_method,
            excluded=_listing(r.excluded) if r.excluded else "nothing",
        )
    if topic == "check_cancellation_fee":
        fee = policies.cancellation_fee(OrderStatus.PROCESSING)
        return pick(policies.cancellation.answers).format(
            processing_fee=money(fee) if fee is not None else "no",
            window_days=policies.refund.window_days,
        )
    if topic in ("delivery_options", "delivery_period"):
        d = policies.delivery
        options = _listing(
            [
                f"{o.name} ({money(o.price)}"
                + (f", free from {money(o.free_from)}" if o.free_from else "")
                + f", {o.days})"
                for o in d.options
            ]
        )
        international = _listing(
            [f"{r.region} {money(r.price)}, {r.days}" for r in d.international]
        )
        days = {o.name.lower(): o.days for o in d.options}
        return pick(d.options_answers if topic == "delivery_options" else d.period_answers).format(
            options=options,
            international=international or "we ship within the country only",
            standard_days=days.get("standard", d.options[0].days),
            express_days=days.get("express", d.options[-1].days),
            international_days=_listing([f"{r.days} to {r.region}" for r in d.international]),
        )
    if topic == "check_payment_methods":
        return pick(policies.payment.answers).format(methods=_listing(policies.payment.methods))
    if topic == "contact_customer_service":
        c = policies.contact
        return pick(c.answers).format(email=c.email, phone=c.phone, hours=c.hours)
    raise ValueError(f"no policy answer for {topic!r}; topics: {', '.join(TOPICS)}")
