"""Synthetic customers drawn one at a time: the demo personas and the first customers after them.

The behavioural model is the one :mod:`icrm_models.seed.synthetic` describes. Drawing the first
:data:`icrm_models.seed.synthetic.ONE_AT_A_TIME` customers this way keeps the demo shop and every
test fixture on the exact data they always had (the vectorised :mod:`icrm_models.seed.bulk`
draws everyone after them, from the same random generator).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

import numpy as np

from icrm_models.db.event_types import BehaviourEventType
from icrm_models.db.statuses import OrderStatus
from icrm_models.seed.after_order import AfterOrder
from icrm_models.seed.demo import DEMO_AGE, DEMO_CUSTOMERS, DEMO_ORDER_IDS
from icrm_models.seed.names import CITIES, FIRST_NAMES, LAST_NAMES
from icrm_models.seed.rows import Rows
from icrm_models.seed.shop import ShopState
from icrm_models.seed.traits import (
    FUTURE_DAYS,
    MONTH_SEASONALITY,
    PAYMENT_METHODS,
    PERSONAS,
    season_weight,
)


class OneByOneGenerator:
    """Draws one customer and everything they did, one Python call per customer and order."""

    def __init__(self, state: ShopState) -> None:
        self.state = state
        self.rng = state.rng
        self.config = state.config
        self.counters = state.counters
        self.after = AfterOrder(state.rng, state.counters, state.config.as_of)

    def customer(self, customer_id: int, rows: Rows) -> None:
        """Add the rows of every table for customer ``customer_id`` (a demo persona among the
        first) to ``rows``."""
        rng = self.rng
        demo = DEMO_CUSTOMERS[customer_id - 1] if customer_id <= len(DEMO_CUSTOMERS) else None
        if demo:
            persona = next(p for p in PERSONAS if p.name == demo[2])
            name, email = demo[0], demo[1]
        else:
            persona = PERSONAS[rng.choice(len(PERSONAS), p=[p.share for p in PERSONAS])]
            first = FIRST_NAMES[rng.integers(len(FIRST_NAMES))]
            last = LAST_NAMES[rng.integers(len(LAST_NAMES))]
            name = f"{first} {last}"
            email = f"{first}.{last}.{customer_id}@example.com".lower().replace(" ", "")
        city, country = CITIES[rng.integers(len(CITIES))]
        # 40 % were customers before the recorded history starts; the rest sign up during it.
        if rng.random() < 0.4:
            signup = self.state.history_start - timedelta(days=float(rng.uniform(1, 700)))
        else:
            signup = self.state.history_start + timedelta(
                days=float(rng.uniform(0, self.config.history_days - 20))
            )
        if demo:
            signup = min(signup, self.config.as_of - timedelta(days=400))
        orders_per_year = float(persona.orders_per_year * rng.lognormal(0, 0.35))
        price_sensitivity = float(np.clip(rng.normal(persona.price_sensitivity, 0.12), 0, 1))
        churn_tendency = float(np.clip(rng.normal(persona.churn_tendency, 0.1), 0, 1))
        favourites = self._favourites()
        churned_at = self._churn_date(signup, churn_tendency)
        consent = bool(rng.random() < persona.marketing_consent)
        if demo and customer_id == 4:
            consent = False  # the demo includes a customer who opted out of marketing
        address = f"{int(rng.integers(1, 200))} {LAST_NAMES[rng.integers(len(LAST_NAMES))]} Street"
        rows.setdefault("customers", []).append(
            {
                "id": customer_id,
                "email": email,
                "name": name,
                "account_type": "business" if rng.random() < 0.08 else "personal",
                "country": country,
                "city": city,
                "address": f"{address}, {city}",
                "created_at": signup,
                "marketing_consent": consent,
                "newsletter_consent": consent and bool(rng.random() < 0.6),
                "external_ref": None,
                "source": "synthetic",
                "deleted_at": None,
            }
        )
        rows.setdefault("consent_changes", []).append(
            {
                "customer_id": customer_id,
                "consent": "marketing",
                "granted": consent,
                "source": "signup",
                "conversation_id": None,
                "changed_at": signup,
            }
        )
        payment_method = PAYMENT_METHODS[rng.choice(4, p=[0.5, 0.3, 0.1, 0.1])]
        # Orders are drawn past as_of too: the future ones are not stored (they have not happened)
        # but their browsing bursts before as_of are, and the first one is the propensity truth.
        end = churned_at or self.config.as_of + timedelta(days=FUTURE_DAYS)
        bought: list[int] = []
        drawn = self._order_times(max(signup, self.state.history_start), end, orders_per_year)
        times = [t for t in drawn if t <= self.config.as_of]
        future = [t for t in drawn if t > self.config.as_of]
        rows.setdefault("synthetic_truth", []).append(
            {
                "customer_id": customer_id,
                "favourite_categories": [[c, round(w, 4)] for c, w in favourites],
                "price_sensitivity": price_sensitivity,
                "orders_per_year": orders_per_year,
                "churn_tendency": churn_tendency,
                "churned_at": churned_at,
                "persona": persona.name,
                "next_order_at": future[0] if future else None,
            }
        )
        forced_state = demo[3] if demo else None
        if forced_state:
            times.append(self.config.as_of - DEMO_AGE[forced_state])
        for i, placed_at in enumerate(times):
            state = forced_state if forced_state and i == len(times) - 1 else None
            self._order(
                customer_id,
                placed_at,
                favourites,
                price_sensitivity,
                bought,
                payment_method,
                f"{address}, {city}",
                churn_tendency,
                state,
                rows,
            )
        self._browsing(
            customer_id,
            favourites,
            times + future,
            max(signup, self.state.history_start),
            min(end, self.config.as_of),
            orders_per_year,
            rows,
        )

    def _favourites(self) -> list[tuple[str, float]]:
        k = int(self.rng.integers(1, 4))
        chosen = self.rng.choice(len(self.state.categories), size=k, replace=False)
        weights = self.rng.dirichlet(np.ones(k) * 2.0)
        return sorted(
            ((self.state.categories[c], float(w)) for c, w in zip(chosen, weights, strict=True)),
            key=lambda cw: -cw[1],
        )

    def _churn_date(self, signup: datetime, tendency: float) -> datetime | None:
        # A churn tendency of 1 means leaving within ~4 months on average; 0 means staying.
        if tendency < 0.05:
            return None
        days = float(self.rng.exponential(120 / tendency))
        churned = signup + timedelta(days=days)
        return churned if churned < self.config.as_of - timedelta(days=14) else None

    def _order_times(self, start: datetime, end: datetime, per_year: float) -> list[datetime]:
        """A seasonal Poisson process (thinning against the peak month)."""
        peak = max(MONTH_SEASONALITY)
        span_days = (end - start).total_seconds() / 86400
        if span_days <= 0:
            return []
        n = int(self.rng.poisson(per_year * peak * span_days / 365))
        offsets = np.sort(self.rng.uniform(0, span_days, n))
        times = []
        for offset in offsets:
            t = start + timedelta(days=float(offset))
            if self.rng.random() < MONTH_SEASONALITY[t.month - 1] / peak:
                times.append(t.replace(microsecond=0))
        return times

    def _draw(self, cumulative: np.ndarray) -> int:
        """An index drawn with probabilities proportional to the steps of ``cumulative``."""
        return int(np.searchsorted(cumulative, self.rng.random() * cumulative[-1], side="right"))

    def _pick_product(
        self, favourites: list[tuple[str, float]], sensitivity: float, month: int, bought: list[int]
    ) -> int:
        rng = self.rng
        if bought:
            rebuy = [self.state.rebuy_rates[i] for i in bought]
            if rng.random() < sum(rebuy) / len(rebuy):
                return bought[self._draw(np.cumsum(rebuy))]
        if rng.random() < 0.15:  # now and then something outside the favourites
            category = self.state.categories[int(rng.integers(len(self.state.categories)))]
        else:
            weights = np.cumsum([w * season_weight(c, month) for c, w in favourites])
            category = favourites[self._draw(weights)][0]
        candidates = self.state.by_category[category]
        return candidates[self._draw(self.state.category_cumulative(category, sensitivity))]

    def _order(
        self,
        customer_id: int,
        placed_at: datetime,
        favourites: list[tuple[str, float]],
        sensitivity: float,
        bought: list[int],
        payment_method: str,
        address: str,
        churn_tendency: float,
        state: str | None,
        rows: Rows,
    ) -> None:
        rng = self.rng
        order_id = DEMO_ORDER_IDS[state] if state else self.counters.take("order")
        n_items = 1 + int(rng.poisson(0.6))
        lines: dict[int, int] = {}
        for _ in range(n_items):
            index = self._pick_product(favourites, sensitivity, placed_at.month, bought)
            lines[index] = lines.get(index, 0) + (1 + int(rng.poisson(0.2)))
        total = Decimal(0)
        item_rows = []
        for index, quantity in lines.items():
            product_id, product = self.state.products[index]
            unit = product.price
            if sensitivity > 0.7 and rng.random() < 0.5:
                unit = (unit * Decimal("0.8")).quantize(Decimal("0.01"))  # bought on sale
            total += unit * quantity
            bought.append(index)
            item_rows.append(
                {
                    "id": self.counters.take("item"),
                    "order_id": order_id,
                    "product_id": product_id,
                    "quantity": quantity,
                    "unit_price": unit,
                    "size": product.sizes[rng.integers(len(product.sizes))]
                    if product.sizes
                    else None,
                    "color": (
                        product.colors[rng.integers(len(product.colors))]
                        if product.colors
                        else None
                    ),
                }
            )
        age = self.config.as_of - placed_at
        status = state or self._status_for_age(age)
        cancelled_at = placed_at + timedelta(hours=3) if status == "cancelled" else None
        # the order's status in its life's state (a parcel's states are all "shipped")
        order_status = OrderStatus(
            {
                "in_transit": OrderStatus.SHIPPED,
                "out_for_delivery": OrderStatus.SHIPPED,
                "delivered_return": OrderStatus.DELIVERED,
            }.get(status, status)
        )
        rows.setdefault("orders", []).append(
            {
                "id": order_id,
                "customer_id": customer_id,
                "status": order_status,
                "placed_at": placed_at,
                "total": total,
                "currency": self.config.currency,
                "shipping_address": address,
                "cancelled_at": cancelled_at,
                "external_ref": None,
            }
        )
        rows.setdefault("order_items", []).extend(item_rows)
        self.after.billing(customer_id, order_id, placed_at, total, payment_method, status, rows)
        if status in ("shipped", "in_transit", "out_for_delivery", "delivered", "delivered_return"):
            self.after.shipment(order_id, placed_at, status, rows)
        if status == "delivered_return" or (status == "delivered" and rng.random() < 0.08):
            self.after.returned(customer_id, order_id, placed_at, item_rows, status, rows)
        if rng.random() < 0.02 + 0.05 * churn_tendency:
            self.after.ticket(customer_id, order_id, placed_at, rows)

    def _status_for_age(self, age: timedelta) -> str:
        if self.rng.random() < 0.03:
            return "cancelled"
        hours = age.total_seconds() / 3600
        if hours < 20:
            return "processing"
        if hours < 60:
            return "in_transit"
        # A parcel arrives at most 20 h + 4 days after the order: younger ones may still travel.
        if hours < 116:
            return "out_for_delivery" if self.rng.random() < 0.5 else "in_transit"
        return "delivered"

    def _browsing(
        self,
        customer_id: int,
        favourites: list[tuple[str, float]],
        order_times: list[datetime],
        start: datetime,
        end: datetime,
        per_year: float,
        rows: Rows,
    ) -> None:
        """Page views and searches in favourite areas: some while window-shopping, and a burst
        in the days before each purchase, so that recent browsing signals an upcoming order."""
        rng = self.rng
        span = max((end - start).total_seconds() / 86400, 1.0)
        idle = rng.uniform(0, span, int(rng.poisson(per_year * span / 365)))
        moments = [start + timedelta(days=float(offset)) for offset in idle]
        for placed_at in order_times:
            for _ in range(int(rng.poisson(2.0))):
                moments.append(placed_at - timedelta(days=float(rng.uniform(0.05, 7))))
        if not moments:
            return
        weights = np.cumsum([w for _, w in favourites])
        draws = rng.random((len(moments), 3))
        events = rows.setdefault("behaviour_events", [])
        for at, (pick, kind, which) in zip(moments, draws, strict=True):
            if at > self.config.as_of:
                continue
            category = favourites[int(np.searchsorted(weights, pick * weights[-1], side="right"))][
                0
            ]
            event: dict[str, Any] = {
                "id": self.counters.take("event"),
                "customer_id": customer_id,
                "conversation_id": None,
                "occurred_at": at.replace(microsecond=0),
            }
            if kind < 0.25:
                event.update(
                    event_type=BehaviourEventType.SEARCH,
                    product_id=None,
                    properties={"query": category.split("/")[-1].lower(), "category": category},
                )
            else:
                candidates = self.state.by_category[category]
                event.update(
                    event_type=BehaviourEventType.PAGE_VIEW,
                    product_id=self.state.products[candidates[int(which * len(candidates))]][0],
                    properties={"category": category},
                )
            events.append(event)
