"""Synthetic customers drawn a chunk at a time with numpy: the generator behind `icrm seed`.

The behavioural model is the one :mod:`icrm_models.seed.synthetic` describes (personas, hidden
favourite categories, price sensitivity, a seasonal Poisson order process until churn, rebuys,
browsing bursts before purchases, everything that follows an order), drawn for thousands of
customers per numpy call instead of one Python call per customer and order: a million customers
take minutes instead of more than an hour. Only the purchase history has an order that matters
(a rebuy picks from earlier orders), so the only loop runs over "the customer's n-th order".

This module draws customers, orders, their lines, invoices and payments;
:mod:`icrm_models.seed.bulk_after_order` what follows an order and
:mod:`icrm_models.seed.bulk_browsing` the browsing, all on one :class:`BulkShop`.
"""

from __future__ import annotations

import numpy as np

from icrm_models.db.statuses import InvoiceStatus, OrderStatus, PaymentStatus
from icrm_models.seed.bulk_after_order import BulkAfterOrder
from icrm_models.seed.bulk_browsing import BulkBrowsing
from icrm_models.seed.bulk_shop import DAY, HOUR, BulkShop
from icrm_models.seed.names import CITIES, FIRST_NAMES, LAST_NAMES
from icrm_models.seed.rows import TableRows
from icrm_models.seed.shop import ShopState
from icrm_models.seed.traits import FUTURE_DAYS, MONTH_SEASONALITY, PAYMENT_METHODS, PERSONAS


def _segments(owner: np.ndarray, n: int) -> tuple[np.ndarray, np.ndarray]:
    """For rows sorted by ``owner`` (0..n-1): each owner's first row and each row's rank in it."""
    counts = np.bincount(owner, minlength=n)
    first = np.concatenate([[0], np.cumsum(counts)[:-1]])
    return first, np.arange(len(owner)) - first[owner]


class BulkGenerator:
    """Draws customers, orders, lines and what follows, vectorised over a chunk of customers."""

    def __init__(self, state: ShopState) -> None:
        self.state = state
        self.shop = BulkShop(state)
        self.rng = state.rng
        self.as_of = self.shop.as_of
        self.basket_extra = state.config.basket_items - 1.0
        self.after = BulkAfterOrder(self.shop)
        self.browsing = BulkBrowsing(self.shop)

    def _fresh_products(
        self, categories: np.ndarray, sensitivity: np.ndarray, chosen: np.ndarray
    ) -> None:
        """Fill ``chosen`` with a product per category: popularity damped by price sensitivity."""
        draws = self.rng.random(len(categories))
        steps = np.round(sensitivity * 20).astype(np.int64)
        keys = categories * 21 + steps
        for key in np.unique(keys):
            at = np.flatnonzero(keys == key)
            category = int(key // 21)
            cumulative = self.state.category_cumulative(
                self.state.categories[category], float(key % 21) / 20
            )
            picks = np.searchsorted(cumulative, draws[at] * cumulative[-1], side="right")
            chosen[at] = self.shop.members[category][np.minimum(picks, len(cumulative) - 1)]

    # -- a chunk --------------------------------------------------------------------------------

    def customers(self, ids: np.ndarray, rows: TableRows) -> None:
        """Add the rows of every table for the (non-demo) customers ``ids`` to ``rows``."""
        rng, n = self.rng, len(ids)
        if n == 0:
            return
        persona = rng.choice(len(PERSONAS), size=n, p=[p.share for p in PERSONAS])
        trait = {
            name: np.array([getattr(p, name) for p in PERSONAS])[persona]
            for name in (
                "orders_per_year",
                "price_sensitivity",
                "churn_tendency",
                "marketing_consent",
            )
        }
        first = rng.integers(len(FIRST_NAMES), size=n)
        last = rng.integers(len(LAST_NAMES), size=n)
        city = rng.integers(len(CITIES), size=n)
        history_days = self.as_of / DAY
        before = rng.random(n) < 0.4  # customers before the recorded history starts
        signup = (
            np.where(before, -rng.uniform(1, 700, n), rng.uniform(0, history_days - 20, n)) * DAY
        )
        per_year = trait["orders_per_year"] * rng.lognormal(0, 0.35, n)
        sensitivity = np.clip(rng.normal(trait["price_sensitivity"], 0.12), 0, 1)
        churn = np.clip(rng.normal(trait["churn_tendency"], 0.1), 0, 1)
        fav_cat, fav_w = self._favourites(n)
        churned = signup + rng.exponential(1.0, n) * 120 / np.maximum(churn, 0.05) * DAY
        has_churned = (churn >= 0.05) & (churned < self.as_of - 14 * DAY)
        consent = rng.random(n) < trait["marketing_consent"]
        newsletter = consent & (rng.random(n) < 0.6)
        business = rng.random(n) < 0.08
        house = rng.integers(1, 200, size=n)
        street = rng.integers(len(LAST_NAMES), size=n)
        payment = rng.choice(len(PAYMENT_METHODS), size=n, p=[0.5, 0.3, 0.1, 0.1])
        begin = np.maximum(signup, 0.0)
        end = np.where(has_churned, churned, self.as_of + FUTURE_DAYS * DAY)

        names = [f"{FIRST_NAMES[f]} {LAST_NAMES[s]}" for f, s in zip(first, last, strict=True)]
        cities = [CITIES[c] for c in city]
        addresses = [
            f"{h} {LAST_NAMES[s]} Street, {c[0]}"
            for h, s, c in zip(house, street, cities, strict=True)
        ]
        signed_up = self.shop.datetimes(signup)
        self.shop.emit(
            rows,
            "customers",
            {
                "id": ids.tolist(),
                "email": [
                    f"{FIRST_NAMES[f]}.{LAST_NAMES[s]}.{i}@example.com".lower().replace(" ", "")
                    for f, s, i in zip(first, last, ids.tolist(), strict=True)
                ],
                "name": names,
                "account_type": np.where(business, "business", "personal").tolist(),
                "country": [c[1] for c in cities],
                "city": [c[0] for c in cities],
                "address": addresses,
                "created_at": signed_up,
                "marketing_consent": consent.tolist(),
                "newsletter_consent": newsletter.tolist(),
                "external_ref": [None] * n,
                "source": ["synthetic"] * n,
                "deleted_at": [None] * n,
            },
            times=("created_at",),
        )
        self.shop.emit(
            rows,
            "consent_changes",
            {
                "customer_id": ids.tolist(),
                "consent": ["marketing"] * n,
                "granted": consent.tolist(),
                "source": ["signup"] * n,
                "conversation_id": [None] * n,
                "changed_at": signed_up,
            },
            times=("changed_at",),
        )

        owner, times = self._order_times(begin, end, per_year)
        past = times <= self.as_of
        future_owner, future_at = owner[~past], times[~past]
        first_future = np.full(n, np.nan)
        seen, at = np.unique(future_owner, return_index=True)
        first_future[seen] = future_at[at]
        self.shop.emit(
            rows,
            "synthetic_truth",
            {
                "customer_id": ids.tolist(),
                "favourite_categories": [
                    [
                        [self.state.categories[c], round(float(w), 4)]
                        for c, w in zip(cs, ws, strict=True)
                        if w > 0
                    ]
                    for cs, ws in zip(fav_cat, fav_w, strict=True)
                ],
                "price_sensitivity": sensitivity.tolist(),
                "orders_per_year": per_year.tolist(),
                "churn_tendency": churn.tolist(),
                "churned_at": self.shop.datetimes(churned, where=has_churned),
                "persona": [PERSONAS[p].name for p in persona],
                "next_order_at": self.shop.datetimes(
                    first_future, whole=True, where=~np.isnan(first_future)
                ),
            },
            times=("churned_at", "next_order_at"),
        )
        order_owner, placed = owner[past], np.floor(times[past])
        self._orders(
            ids, order_owner, placed, fav_cat, fav_w, sensitivity, churn, payment, addresses, rows
        )
        browse_end = np.minimum(end, self.as_of)
        self.browsing.events(ids, fav_cat, fav_w, owner, times, begin, browse_end, per_year, rows)

    def _favourites(self, n: int) -> tuple[np.ndarray, np.ndarray]:
        """1-3 distinct favourite categories per customer, Dirichlet(2) weights, best first."""
        rng = self.rng
        n_categories = len(self.state.categories)
        width = min(3, n_categories)
        k = np.minimum(rng.integers(1, 4, size=n), width)
        chosen = np.argsort(rng.random((n, n_categories)), axis=1)[:, :width]
        weights = rng.gamma(2.0, size=(n, width))
        weights[np.arange(width)[None, :] >= k[:, None]] = 0.0
        weights /= weights.sum(axis=1, keepdims=True)
        order = np.argsort(-weights, axis=1, kind="stable")
        return np.take_along_axis(chosen, order, 1), np.take_along_axis(weights, order, 1)

    def _order_times(
        self, begin: np.ndarray, end: np.ndarray, per_year: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray]:
        """A seasonal Poisson process per customer (thinning against the peak month), sorted
        by customer and time; returns (customer position, seconds)."""
        rng = self.rng
        peak = max(MONTH_SEASONALITY)
        span = np.maximum(end - begin, 0.0)
        counts = rng.poisson(per_year * peak * span / DAY / 365)
        owner = np.repeat(np.arange(len(begin)), counts)
        times = begin[owner] + rng.random(len(owner)) * span[owner]
        season = np.asarray(MONTH_SEASONALITY)[self.shop.months(times)] / peak
        keep = rng.random(len(times)) < season
        owner, times = owner[keep], times[keep]
        order = np.lexsort((times, owner))
        return owner[order], times[order]

    def _orders(
        self,
        ids: np.ndarray,
        owner: np.ndarray,
        placed: np.ndarray,
        fav_cat: np.ndarray,
        fav_w: np.ndarray,
        sensitivity: np.ndarray,
        churn: np.ndarray,
        payment: np.ndarray,
        addresses: list[str],
        rows: TableRows,
    ) -> None:
        rng, n_orders = self.rng, len(owner)
        if n_orders == 0:
            return
        order_ids = self.shop.counters.take_many("order", n_orders)
        month = self.shop.months(placed)
        # Every pick draws a fresh product (category by favourite weight and season, 15 % any
        # category; product by popularity and price); a rebuy, decided in order, replaces it.
        picks_per_order = 1 + rng.poisson(self.basket_extra, n_orders)
        pick_order = np.repeat(np.arange(n_orders), picks_per_order)
        pick_owner = owner[pick_order]
        n_picks = len(pick_order)
        season = self.shop.season[fav_cat[pick_owner], month[pick_order][:, None]]
        seasonal = fav_w[pick_owner] * season
        cumulative = np.cumsum(seasonal, axis=1)
        slot = (cumulative < (rng.random(n_picks) * cumulative[:, -1])[:, None]).sum(axis=1)
        category = fav_cat[pick_owner, np.minimum(slot, fav_cat.shape[1] - 1)]
        anywhere = rng.random(n_picks) < 0.15
        category[anywhere] = rng.integers(len(self.state.categories), size=int(anywhere.sum()))
        product = np.empty(n_picks, dtype=np.int64)
        self._fresh_products(category, sensitivity[pick_owner], product)
        self._rebuys(owner, pick_order, product)
        quantity = 1 + rng.poisson(0.2, n_picks)

        # One line per (order, product): repeated picks add up their quantities.
        keys = pick_order.astype(np.int64) * len(self.shop.product_ids) + product
        keys, inverse = np.unique(keys, return_inverse=True)
        line_order = keys // len(self.shop.product_ids)
        line_product = keys % len(self.shop.product_ids)
        line_quantity = np.bincount(inverse, weights=quantity).astype(np.int64)
        unit = self.shop.price_cents[line_product].copy()
        on_sale = (sensitivity[owner[line_order]] > 0.7) & (rng.random(len(keys)) < 0.5)
        eighty, rest = np.divmod(unit[on_sale] * 8, 10)  # 80 %, rounded half to even like Decimal
        unit[on_sale] = eighty + ((rest > 5) | ((rest == 5) & (eighty % 2 == 1)))
        total = np.bincount(line_order, weights=unit * line_quantity, minlength=n_orders)
        line_ids = self.shop.counters.take_many("item", len(keys))
        n_sizes = np.maximum(self.shop.n_sizes[line_product], 1)
        size_at = (rng.random(len(keys)) * n_sizes).astype(int)
        n_colors = np.maximum(self.shop.n_colors[line_product], 1)
        color_at = (rng.random(len(keys)) * n_colors).astype(int)
        self.shop.emit(
            rows,
            "order_items",
            {
                "id": line_ids.tolist(),
                "order_id": order_ids[line_order].tolist(),
                "product_id": self.shop.product_ids[line_product].tolist(),
                "quantity": line_quantity.tolist(),
                "unit_price": unit,
                "size": [
                    self.shop.sizes[p][i] if self.shop.sizes[p] else None
                    for p, i in zip(line_product.tolist(), size_at.tolist(), strict=True)
                ],
                "color": [
                    self.shop.colors[p][i] if self.shop.colors[p] else None
                    for p, i in zip(line_product.tolist(), color_at.tolist(), strict=True)
                ],
            },
            money=("unit_price",),
        )

        status = self.after.status(self.as_of - placed)
        placed_at = self.shop.datetimes(placed, whole=True)
        amounts = np.round(total).astype(np.int64)
        customer_ids = ids[owner].tolist()
        cancelled = status == "cancelled"
        order_status = np.where(
            np.isin(status, ("in_transit", "out_for_delivery")), OrderStatus.SHIPPED, status
        )
        self.shop.emit(
            rows,
            "orders",
            {
                "id": order_ids.tolist(),
                "customer_id": customer_ids,
                "status": order_status.tolist(),
                "placed_at": placed_at,
                "total": amounts,
                "currency": [self.state.config.currency] * n_orders,
                "shipping_address": [addresses[o] for o in owner],
                "cancelled_at": self.shop.datetimes(placed + 3 * HOUR, where=cancelled),
                "external_ref": [None] * n_orders,
            },
            times=("placed_at", "cancelled_at"),
            money=("total",),
        )
        self.shop.emit(
            rows,
            "invoices",
            {
                "id": self.shop.counters.take_many("invoice", n_orders).tolist(),
                "number": [f"INV-{o:06d}" for o in order_ids.tolist()],
                "order_id": order_ids.tolist(),
                "customer_id": customer_ids,
                "issued_at": placed_at,
                "amount": amounts,
                "status": np.where(cancelled, InvoiceStatus.VOID, InvoiceStatus.PAID).tolist(),
            },
            times=("issued_at",),
            money=("amount",),
        )
        self.shop.emit(
            rows,
            "payments",
            {
                "id": self.shop.counters.take_many("payment", n_orders).tolist(),
                "order_id": order_ids.tolist(),
                "method": [PAYMENT_METHODS[p] for p in payment[owner]],
                "status": np.where(
                    cancelled, PaymentStatus.REFUNDED, PaymentStatus.CAPTURED
                ).tolist(),
                "amount": amounts,
                "created_at": placed_at,
            },
            times=("created_at",),
            money=("amount",),
        )
        self.after.shipments(order_ids, placed, status, rows)
        delivered = np.flatnonzero(status == "delivered")
        returned = delivered[rng.random(len(delivered)) < 0.08]
        lines = (line_order, line_ids, unit, line_quantity)
        self.after.returns(ids[owner[returned]], order_ids, placed, returned, lines, rows)
        ticket = rng.random(n_orders) < 0.02 + 0.05 * churn[owner]
        self.after.tickets(ids, owner, order_ids, placed, np.flatnonzero(ticket), rows)

    def _rebuys(self, owner: np.ndarray, pick_order: np.ndarray, product: np.ndarray) -> None:
        """Replace fresh picks by rebuys, order by order: with the mean rebuy rate of what the
        customer bought before, one of those items, chosen in proportion to its rebuy rate."""
        rng, n = self.rng, int(owner.max()) + 1
        _, rank = _segments(owner, n)
        picks_per_customer = np.bincount(owner[pick_order], minlength=n)
        offset = np.concatenate([[0], np.cumsum(picks_per_customer)[:-1]])
        bought = np.zeros(len(pick_order), dtype=np.int64)  # per customer, from ``offset``
        count = np.zeros(n, dtype=np.int64)
        rate_sum, rate_max = np.zeros(n), np.zeros(n)
        pick_rank = rank[pick_order]
        by_rank = np.argsort(pick_rank, kind="stable")
        bounds = np.searchsorted(pick_rank[by_rank], np.arange(int(rank.max()) + 2))
        for r in range(int(rank.max()) + 1):
            picks = by_rank[bounds[r] : bounds[r + 1]]
            customer = owner[pick_order[picks]]
            has_history = count[customer] > 0
            again = has_history & (
                rng.random(len(picks)) * np.maximum(count[customer], 1) < rate_sum[customer]
            )
            todo = picks[again]
            while len(todo):  # rejection sampling: a candidate is kept with p = rate / max rate
                who = owner[pick_order[todo]]
                at = offset[who] + (rng.random(len(todo)) * count[who]).astype(np.int64)
                candidate = bought[at]
                keep = rng.random(len(todo)) * rate_max[who] < self.shop.rebuy[candidate]
                product[todo[keep]] = candidate[keep]
                todo = todo[~keep]
            # What this order bought (each product once) joins the customer's history.
            new = np.unique(customer.astype(np.int64) * len(self.shop.product_ids) + product[picks])
            who, item = new // len(self.shop.product_ids), new % len(self.shop.product_ids)
            _, within = _segments(np.unique(who, return_inverse=True)[1], len(new))
            bought[offset[who] + count[who] + within] = item
            np.add.at(count, who, 1)
            np.add.at(rate_sum, who, self.shop.rebuy[item])
            np.maximum.at(rate_max, who, self.shop.rebuy[item])
