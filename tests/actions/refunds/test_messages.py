"""Every branch of the refund-status wording (the action tests cover the common ones)."""

from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import pytest

from actions.refunds.messages import describe_case, describe_cases
from icrm_models.after_sales.status import RefundCase
from icrm_models.policies.source import Policies, load_policies
from tests.helpers.paths import POLICIES_FILE

DAY = datetime(2026, 11, 20, 10, 0, tzinfo=UTC)


@pytest.fixture
def policies() -> Policies:
    return load_policies(POLICIES_FILE)


def _case(**fields: Any) -> RefundCase:
    return RefundCase(order_id=10041, currency="EUR", last_change=DAY, **fields)


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        (
            {"return_status": "requested", "requested_at": DAY},
            "Order 10041: return registered on Fri 20 Nov 2026 — we're waiting for your parcel. "
            "Once it arrives, we refund to the original payment method, 5–10 business days "
            "after your return arrives.",
        ),
        (
            {"return_status": "received", "received_at": DAY},
            "Order 10041: your return arrived on Fri 20 Nov 2026; your refund is being processed "
            "to the original payment method — expect it 5–10 business days after your return "
            "arrives.",
        ),
        (
            {"return_status": "refunded", "refund_status": "paid", "amount": Decimal("12.5")},
            "Order 10041: your refund of 12.50 EUR was paid to the original payment method.",
        ),
        (
            {"return_status": "refunded"},
            "Order 10041: your return was refunded to the original payment method.",
        ),
        (
            {"return_status": "received", "refund_status": "failed", "amount": Decimal("9")},
            "Order 10041: the refund of 9.00 EUR couldn't be paid out. A colleague needs to look "
            'at it — say "human" and I\'ll connect you.',
        ),
        (
            {"return_status": "rejected"},
            'Order 10041: your return was not accepted. If you\'d like to know why, say "human" '
            "and a colleague will explain.",
        ),
        (
            {"refund_status": "processing", "amount": Decimal("56")},
            "Order 10041: a refund of 56.00 EUR is being processed to the original payment method.",
        ),
    ],
)
def test_each_state_in_words(policies: Policies, fields: dict[str, Any], expected: str) -> None:
    assert describe_case(_case(**fields), policies) == expected


def test_one_case_has_no_list(policies: Policies) -> None:
    case = _case(return_status="rejected")
    assert describe_cases([case], policies) == describe_case(case, policies)
