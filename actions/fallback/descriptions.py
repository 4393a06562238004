"""Every intent of the assistant in the customer's words, for "Did you mean …?" buttons.

Phrased to complete "Did you mean: …" and to stand alone on a button. The unit tests check
that every intent in the NLU data has one.
"""

from __future__ import annotations

INTENT_DESCRIPTIONS: dict[str, str] = {
    # Orders and delivery
    "track_order": "track an order",
    "cancel_order": "cancel an order",
    "change_order": "change an order (items, size, colour)",
    "change_shipping_address": "change an order's delivery address",
    "set_up_shipping_address": "save a shipping address in your account",
    "place_order": "place an order",
    "delivery_options": "shipping options and costs",
    "delivery_period": "how long delivery takes",
    "check_cancellation_fee": "the fee for cancelling an order",
    # Refunds and returns
    "check_refund_policy": "our return and refund policy",
    "get_refund": "return an item or get a refund",
    "track_refund": "the status of a refund or return",
    # Invoices and payments
    "check_invoice": "a question about an invoice",
    "get_invoice": "get a copy of an invoice",
    "check_payment_methods": "which payment methods we accept",
    "payment_issue": "a problem with a payment",
    # Accounts
    "create_account": "create an account",
    "delete_account": "delete your account",
    "edit_account": "change your account details",
    "switch_account": "switch to another account",
    "recover_password": "reset your password",
    "registration_problems": "a problem signing up",
    "newsletter_subscription": "subscribe to or unsubscribe from the newsletter",
    # Feedback and contact
    "complaint": "make a complaint",
    "review": "leave a review",
    "contact_customer_service": "how to contact customer service",
    "contact_human_agent": "talk to a colleague",
    # Shopping
    "product_search": "find a product",
    "ask_recommendation": "get a recommendation",
    "product_question": "a question about a product",
    # Conversation
    "greet": "say hello",
    "goodbye": "say goodbye",
    "affirm": "yes",
    "deny": "no",
    "thank": "say thanks",
    "bot_challenge": "whether you're talking to a bot",
    "inform": "give me a detail I asked for",
    "out_of_scope": "something else",
}

# Intents never offered as "Did you mean …?" (the second button already says "Something else").
NOT_OFFERED = frozenset({"nlu_fallback", "out_of_scope"})


def describe(intent: str | None) -> str | None:
    """The customer-facing description of ``intent``; None for one that is never offered."""
    if intent is None or intent in NOT_OFFERED:
        return None
    return INTENT_DESCRIPTIONS.get(intent)
