"""The demo personas: named customers whose latest order is in a known state.

The demo always has an order in transit, one to cancel, a return in progress, and so on; their
order numbers are fixed (the README's "where is my order 10023?") and tests rely on them.
"""

from __future__ import annotations

from datetime import timedelta

# The demo personas' showcase orders have fixed numbers (the README's "where is my order 10023?").
DEMO_ORDER_IDS = {
    "processing": 10021,
    "delivered_return": 10022,
    "in_transit": 10023,
    "out_for_delivery": 10024,
    "cancelled": 10025,
}

# The first customers are demo personas with named identities and a recent order in a known state,
# so the demo always has an order in transit, one to cancel, a return in progress, and so on.
DEMO_CUSTOMERS: tuple[tuple[str, str, str, str], ...] = (
    # name, email, persona, state of the latest order
    ("Roni Cost", "roni_cost@example.com", "regular", "in_transit"),
    ("Veronica Costello", "veronica.costello@example.com", "loyal_big_spender", "processing"),
    ("Ahmed Malik", "ahmed.malik@example.com", "bargain_hunter", "delivered_return"),
    ("Sofia Rossi", "sofia.rossi@example.com", "occasional", "out_for_delivery"),
    ("Jan de Vries", "jan.devries@example.com", "churner", "cancelled"),
)

# How long before ``as_of`` each showcase order was placed, so that it is in its state.
DEMO_AGE = {
    "in_transit": timedelta(hours=40),
    "processing": timedelta(hours=3),
    "delivered_return": timedelta(days=12),
    "out_for_delivery": timedelta(hours=80),
    "cancelled": timedelta(days=2),
}
