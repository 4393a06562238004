"""What each form is doing, in the customer's words ("let's leave the cancellation for now").

The unit tests check that every form of the domain has one.
"""

from __future__ import annotations

FORM_TASKS: dict[str, str] = {
    "identity_form": "checking who you are",
    "order_lookup_form": "the order lookup",
    "cancel_order_form": "the cancellation",
    "change_order_form": "the order change",
    "address_change_form": "the delivery address change",
    "shipping_address_form": "saving your shipping address",
    "return_form": "the return",
    "complaint_form": "the complaint",
    "review_form": "the review",
    "product_question_form": "the product question",
    "account_creation_form": "the sign-up",
    "password_reset_form": "the password reset",
    "account_change_form": "changing your account details",
    "switch_account_form": "switching the account type",
    "delete_account_form": "the account deletion",
}
FALLBACK_TASK = "that"


def task_of(form: str | None) -> str:
    """The customer's words for what ``form`` was doing."""
    return FORM_TASKS.get(form or "", FALLBACK_TASK)
