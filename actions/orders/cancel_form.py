"""Validation of ``cancel_order_form``: which order, then "are you sure?" with the fee.

The yes/no is extracted by ``VerifiedFormValidation.extract_confirmation``; a "no, I meant order
10045" while it is asked is a correction, and the order validation resets the answer (see
``actions.orders.order_form``).
"""

from __future__ import annotations

from actions.orders.order_form import OrderFormValidation
from actions.services import services


class ValidateCancelOrderForm(OrderFormValidation):
    """An order can be cancelled while the policies list a fee for its status."""

    def name(self) -> str:
        return "validate_cancel_order_form"

    def allows(self, status: str) -> bool:
        return services().policies.get().cancellation_fee(status) is not None
