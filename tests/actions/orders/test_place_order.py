"""``action_place_order``: how to order, from the policies; a pointer to the product search."""

from __future__ import annotations

import pytest

from actions.orders.place import ActionPlaceOrder
from tests.helpers.runs import run_action
from tests.helpers.trackers import build_tracker, entity

HOW = (
    "I can't place orders in the chat, but it only takes a minute on our website: put what you "
    "like in the cart and go to checkout. Delivery: Standard 4.95 EUR (free from 60.00 EUR), "
    "3–5 business days; Express 12.95 EUR, 1–2 business days (order before 14:00); Pick-up "
    "point 3.50 EUR, 3–6 business days. You can pay with Visa, Mastercard, American Express, "
    "PayPal, Apple Pay, Google Pay, bank transfer or pay by invoice (Germany and Austria, after "
    "a credit check)."
)


async def test_how_to_order(shop_db: str) -> None:
    tracker = build_tracker("how do i place an order", "place_order")
    assert await run_action(ActionPlaceOrder(), tracker) == ([], [HOW])


async def test_a_named_product_gets_a_pointer_to_the_search(shop_db: str) -> None:
    text = "i want to buy the Chaz Kangeroo Hoodie"
    tracker = build_tracker(text, "place_order", [entity("product", "Chaz Kangeroo Hoodie", text)])
    assert await run_action(ActionPlaceOrder(), tracker) == (
        [],
        [
            HOW + ' Looking for the Chaz Kangeroo Hoodie? Ask me "show me Chaz Kangeroo Hoodie" '
            "and I'll look it up."
        ],
    )


@pytest.mark.parametrize("product", ["<script>alert(1)</script>", "x" * 500, "\u202ehoodie", "🙂"])
async def test_strange_product_names_are_not_repeated(shop_db: str, product: str) -> None:
    tracker = build_tracker(product, "place_order", [{"entity": "product", "value": product}])
    assert await run_action(ActionPlaceOrder(), tracker) == ([], [HOW])
