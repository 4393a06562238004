"""Synthetic customers drawn a chunk at a time with numpy: the generator behind `icrm seed`.

The behavioural model is the one :mod:`icrm_models.seed.synthetic` describes (personas, hidden
favourite categories, price sensitivity, a seasonal Poisson order process until churn, rebuys,
browsing bursts before purchases, everything that follows an order), drawn for thousands of
customers per numpy call instead of one Python call per customer and order: a million customers
take minutes instead of more than an hour. Only the purchase history has an order that matters
(a rebuy picks from earlier orders), so the only loop runs over "the customer's n-th order".

Times are float seconds from the start of the recorded history until they become rows.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from icrm_models.seed.after_order import CARRIERS, FULL_TRACKING_DAYS, HUBS
from icrm_models.seed.names import CITIES, FIRST_NAMES, LAST_NAMES
from icrm_models.seed.rows import Columns, TableRows
from icrm_models.seed.traits import (
    FUTURE_DAYS,
    MONTH_SEASONALITY,
    PAYMENT_METHODS,
    PERSONAS,
    season_weight,
)

if TYPE_CHECKING:
    from icrm_models.seed.synthetic import SyntheticShop

DAY = 86400.0
HOUR = 3600.0
RETURN_REASONS = ("wrong size", "not as pictured", "damaged", "changed my mind")
TICKETS = (
    ("delivery", "Parcel arrived later than promised."),
    ("product", "Item arrived damaged."),
    ("billing", "Charged twice for one order."),
    ("service", "Waited too long for an answer."),
)
SHIPPED = ("in_transit", "out_for_delivery", "delivered")


def _segments(owner: np.ndarray, n: int) -> tuple[np.ndarray, np.ndarray]:
    """For rows sorted by ``owner`` (0..n-1): each owner's first row and each row's rank in it."""
    counts = np.bincount(owner, minlength=n)
    first = np.concatenate([[0], np.cumsum(counts)[:-1]])
    return first, np.arange(len(owner)) - first[owner]


class BulkGenerator:
    """Draws customers, orders, lines and what follows, vectorised over a chunk of customers."""

    def __init__(self, shop: SyntheticShop) -> None:
        self.shop = shop
        self.rng = shop.rng
        config = shop.config
        self.start = shop.history_start
        self.as_of = (config.as_of - self.start).total_seconds()
        self.basket_extra = config.basket_items - 1.0
        categories = shop.categories
        index = {c: i for i, c in enumerate(categories)}
        products = [p for _, p in shop.products]
        self.product_ids = np.array([pid for pid, _ in shop.products], dtype=np.int64)
        self.category_of = np.array([index[p.category] for p in products])
        self.price_cents = np.array([round(float(p.price) * 100) for p in products], np.int64)
        self.rebuy = np.asarray(shop.rebuy_rates, dtype=float)
        self.sizes = [p.sizes for p in products]
        self.colors = [p.colors for p in products]
        self.n_sizes = np.array([len(s) for s in self.sizes])
        self.n_colors = np.array([len(c) for c in self.colors])
        self.members = [np.asarray(shop.by_category[c]) for c in categories]
        self.season = np.array(
            [[season_weight(c, m) for m in range(1, 13)] for c in categories], dtype=float
        )
        self.search_properties = [
            {"query": c.split("/")[-1].lower(), "category": c} for c in categories
        ]
        self.view_properties = [{"category": c} for c in categories]
        self.base_us = np.datetime64(self.start.replace(tzinfo=None), "us")

    # -- helpers ------------------------------------------------------------------------------

    def _datetimes(
        self, seconds: np.ndarray, *, whole: bool = False, where: np.ndarray | None = None
    ) -> np.ndarray:
        """UTC ``datetime64[us]`` of times ``seconds`` after the history start (``whole``: no
        fraction of a second; ``where`` False: no value)."""
        offsets = np.floor(seconds) if whole else seconds
        micro = np.round(np.nan_to_num(offsets) * 1e6).astype(np.int64)
        stamps = np.asarray(self.base_us + micro.astype("timedelta64[us]"))
        if where is not None:
            stamps[~where] = np.datetime64("NaT")
        return stamps

    def _emit(
        self,
        rows: TableRows,
        table: str,
        data: dict[str, Any],
        *,
        times: tuple[str, ...] = (),
        money: tuple[str, ...] = (),
    ) -> None:
        """Add a table's columns to the chunk, after the rows the demo customers already have."""
        rows[table] = Columns(data, times=times, money=money, head=rows.get(table, ()))

    def _months(self, seconds: np.ndarray) -> np.ndarray:
        """Month index (0 = January) of times given in seconds after the history start."""
        stamps = self.base_us + seconds.astype(np.int64).astype("timedelta64[s]")
        return np.asarray(stamps.astype("datetime64[M]").astype(np.int64) % 12)

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
            cumulative = self.shop.category_cumulative(
                self.shop.categories[category], float(key % 21) / 20
            )
            picks = np.searchsorted(cumulative, draws[at] * cumulative[-1], side="right")
            chosen[at] = self.members[category][np.minimum(picks, len(cumulative) - 1)]

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
        signed_up = self._datetimes(signup)
        self._emit(
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
        self._emit(
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
        self._emit(
            rows,
            "synthetic_truth",
            {
                "customer_id": ids.tolist(),
                "favourite_categories": [
                    [
                        [self.shop.categories[c], round(float(w), 4)]
                        for c, w in zip(cs, ws, strict=True)
                        if w > 0
                    ]
                    for cs, ws in zip(fav_cat, fav_w, strict=True)
                ],
                "price_sensitivity": sensitivity.tolist(),
                "orders_per_year": per_year.tolist(),
                "churn_tendency": churn.tolist(),
                "churned_at": self._datetimes(churned, where=has_churned),
                "persona": [PERSONAS[p].name for p in persona],
                "next_order_at": self._datetimes(
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
        self._browsing(ids, fav_cat, fav_w, owner, times, begin, browse_end, per_year, rows)

    def _favourites(self, n: int) -> tuple[np.ndarray, np.ndarray]:
        """1-3 distinct favourite categories per customer, Dirichlet(2) weights, best first."""
        rng = self.rng
        n_categories = len(self.shop.categories)
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
        season = np.asarray(MONTH_SEASONALITY)[self._months(times)] / peak
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
        month = self._months(placed)
        # Every pick draws a fresh product (category by favourite weight and season, 15 % any
        # category; product by popularity and price); a rebuy, decided in order, replaces it.
        picks_per_order = 1 + rng.poisson(self.basket_extra, n_orders)
        pick_order = np.repeat(np.arange(n_orders), picks_per_order)
        pick_owner = owner[pick_order]
        n_picks = len(pick_order)
        seasonal = fav_w[pick_owner] * self.season[fav_cat[pick_owner], month[pick_order][:, None]]
        cumulative = np.cumsum(seasonal, axis=1)
        slot = (cumulative < (rng.random(n_picks) * cumulative[:, -1])[:, None]).sum(axis=1)
        category = fav_cat[pick_owner, np.minimum(slot, fav_cat.shape[1] - 1)]
        anywhere = rng.random(n_picks) < 0.15
        category[anywhere] = rng.integers(len(self.shop.categories), size=int(anywhere.sum()))
        product = np.empty(n_picks, dtype=np.int64)
        self._fresh_products(category, sensitivity[pick_owner], product)
        self._rebuys(owner, pick_order, product)
        quantity = 1 + rng.poisson(0.2, n_picks)

        # One line per (order, product): repeated picks add up their quantities.
        keys = pick_order.astype(np.int64) * len(self.product_ids) + product
        keys, inverse = np.unique(keys, return_inverse=True)
        line_order = keys // len(self.product_ids)
        line_product = keys % len(self.product_ids)
        line_quantity = np.bincount(inverse, weights=quantity).astype(np.int64)
        unit = self.price_cents[line_product].copy()
        on_sale = (sensitivity[owner[line_order]] > 0.7) & (rng.random(len(keys)) < 0.5)
        eighty, rest = np.divmod(unit[on_sale] * 8, 10)  # 80 %, rounded half to even like Decimal
        unit[on_sale] = eighty + ((rest > 5) | ((rest == 5) & (eighty % 2 == 1)))
        total = np.bincount(line_order, weights=unit * line_quantity, minlength=n_orders)
        line_ids = self.shop.counters.take_many("item", len(keys))
        size_at = (rng.random(len(keys)) * np.maximum(self.n_sizes[line_product], 1)).astype(int)
        color_at = (rng.random(len(keys)) * np.maximum(self.n_colors[line_product], 1)).astype(int)
        self._emit(
            rows,
            "order_items",
            {
                "id": line_ids.tolist(),
                "order_id": order_ids[line_order].tolist(),
                "product_id": self.product_ids[line_product].tolist(),
                "quantity": line_quantity.tolist(),
                "unit_price": unit,
                "size": [
                    self.sizes[p][i] if self.sizes[p] else None
                    for p, i in zip(line_product.tolist(), size_at.tolist(), strict=True)
                ],
                "color": [
                    self.colors[p][i] if self.colors[p] else None
                    for p, i in zip(line_product.tolist(), color_at.tolist(), strict=True)
                ],
            },
            money=("unit_price",),
        )

        status = self._status(self.as_of - placed)
        placed_at = self._datetimes(placed, whole=True)
        amounts = np.round(total).astype(np.int64)
        customer_ids = ids[owner].tolist()
        cancelled = status == "cancelled"
        order_status = np.where(
            np.isin(status, ("in_transit", "out_for_delivery")), "shipped", status
        )
        self._emit(
            rows,
            "orders",
            {
                "id": order_ids.tolist(),
                "customer_id": customer_ids,
                "status": order_status.tolist(),
                "placed_at": placed_at,
                "total": amounts,
                "currency": ["EUR"] * n_orders,
                "shipping_address": [addresses[o] for o in owner],
                "cancelled_at": self._datetimes(placed + 3 * HOUR, where=cancelled),
                "external_ref": [None] * n_orders,
            },
            times=("placed_at", "cancelled_at"),
            money=("total",),
        )
        self._emit(
            rows,
            "invoices",
            {
                "id": self.shop.counters.take_many("invoice", n_orders).tolist(),
                "number": [f"INV-{o:06d}" for o in order_ids.tolist()],
                "order_id": order_ids.tolist(),
                "customer_id": customer_ids,
                "issued_at": placed_at,
                "amount": amounts,
                "status": np.where(cancelled, "void", "paid").tolist(),
            },
            times=("issued_at",),
            money=("amount",),
        )
        self._emit(
            rows,
            "payments",
            {
                "id": self.shop.counters.take_many("payment", n_orders).tolist(),
                "order_id": order_ids.tolist(),
                "method": [PAYMENT_METHODS[p] for p in payment[owner]],
                "status": np.where(cancelled, "refunded", "captured").tolist(),
                "amount": amounts,
                "created_at": placed_at,
            },
            times=("created_at",),
            money=("amount",),
        )
        self._shipments(order_ids, placed, status, rows)
        delivered = np.flatnonzero(status == "delivered")
        returned = delivered[rng.random(len(delivered)) < 0.08]
        lines = (line_order, line_ids, unit, line_quantity)
        self._returns(ids[owner[returned]], order_ids, placed, returned, lines, rows)
        ticket = rng.random(n_orders) < 0.02 + 0.05 * churn[owner]
        self._tickets(ids, owner, order_ids, placed, np.flatnonzero(ticket), rows)

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
                keep = rng.random(len(todo)) * rate_max[who] < self.rebuy[candidate]
                product[todo[keep]] = candidate[keep]
                todo = todo[~keep]
            # What this order bought (each product once) joins the customer's history.
            new = np.unique(customer.astype(np.int64) * len(self.product_ids) + product[picks])
            who, item = new // len(self.product_ids), new % len(self.product_ids)
            _, within = _segments(np.unique(who, return_inverse=True)[1], len(new))
            bought[offset[who] + count[who] + within] = item
            np.add.at(count, who, 1)
            np.add.at(rate_sum, who, self.rebuy[item])
            np.maximum.at(rate_max, who, self.rebuy[item])

    def _status(self, age: np.ndarray) -> np.ndarray:
        """Order status by age in seconds (3 % cancelled; parcels arrive within ~116 hours)."""
        rng = self.rng
        hours = age / HOUR
        status = np.full(len(age), "delivered", dtype=object)
        status[hours < 116] = np.where(
            rng.random(int((hours < 116).sum())) < 0.5, "out_for_delivery", "in_transit"
        )
        status[hours < 60] = "in_transit"
        status[hours < 20] = "processing"
        status[rng.random(len(age)) < 0.03] = "cancelled"
        return status.astype(str)

    def _shipments(
        self, order_ids: np.ndarray, placed: np.ndarray, status: np.ndarray, rows: TableRows
    ) -> None:
        """A parcel per shipped order and its scans up to ``as_of`` (old ones: delivery only)."""
        rng = self.rng
        at = np.flatnonzero(np.isin(status, SHIPPED))
        n = len(at)
        if n == 0:
            return
        ids = self.shop.counters.take_many("shipment", n)
        carrier = rng.integers(len(CARRIERS), size=n)
        shipped = placed[at] + rng.uniform(8, 20, n) * HOUR
        eta = shipped + rng.integers(2, 5, size=n) * DAY
        eta_day = eta - np.mod(eta + self._midnight_offset(), DAY)  # the ETA's midnight (UTC)
        delivered = status[at] == "delivered"
        delivered_at = np.where(delivered, eta - rng.uniform(0, 20, n) * HOUR, np.nan)
        suffix = rng.integers(100, 999, size=n)
        self._emit(
            rows,
            "shipments",
            {
                "id": ids.tolist(),
                "order_id": order_ids[at].tolist(),
                "carrier": [CARRIERS[c] for c in carrier],
                "tracking_number": [
                    f"{CARRIERS[c][:2]}{o:08d}{s}"
                    for c, o, s in zip(carrier, order_ids[at].tolist(), suffix, strict=True)
                ],
                "status": status[at].tolist(),
                "shipped_at": self._datetimes(shipped),
                "eta": self._datetimes(eta_day + 18 * HOUR),
                "delivered_at": self._datetimes(delivered_at, where=delivered),
            },
            times=("shipped_at", "eta", "delivered_at"),
        )
        hub = [HUBS[h] for h in rng.integers(len(HUBS), size=n)]
        out_for_delivery = np.isin(status[at], ("out_for_delivery", "delivered"))
        old = delivered & (self.as_of - np.nan_to_num(delivered_at) > FULL_TRACKING_DAYS * DAY)
        scans = [  # (which parcels, when, status, at hub, description)
            (~old, shipped, "label_created", False, "Shipping label created"),
            (~old, shipped + 5 * HOUR, "in_transit", True, "Parcel arrived at hub"),
            (~old, shipped + 20 * HOUR, "in_transit", True, "Parcel left the hub"),
            (
                out_for_delivery & ~old,
                eta_day + 7 * HOUR + 40 * 60,
                "out_for_delivery",
                False,
                "Out for delivery",
            ),
            (delivered, np.nan_to_num(delivered_at), "delivered", False, "Delivered"),
        ]
        parcel, when, kind, at_hub, text = [], [], [], [], []
        for which, times, scan, is_hub, description in scans:
            keep = np.flatnonzero(which & (times <= self.as_of))
            parcel.append(keep)
            when.append(times[keep])
            kind += [scan] * len(keep)
            at_hub.append(np.full(len(keep), is_hub))
            text += [description] * len(keep)
        parcels, moments = np.concatenate(parcel), np.concatenate(when)
        hubs = np.concatenate(at_hub)
        order = np.lexsort((moments, parcels))
        self._emit(
            rows,
            "tracking_events",
            {
                "id": self.shop.counters.take_many("tracking", len(order)).tolist(),
                "shipment_id": ids[parcels[order]].tolist(),
                "occurred_at": self._datetimes(moments[order]),
                "status": [kind[i] for i in order],
                "location": [hub[parcels[i]] if hubs[i] else None for i in order],
                "description": [text[i] for i in order],
            },
            times=("occurred_at",),
        )

    def _midnight_offset(self) -> float:
        """Seconds from the last UTC midnight to the history start (days start at midnight)."""
        s = self.start
        return s.hour * HOUR + s.minute * 60 + s.second + s.microsecond / 1e6

    def _returns(
        self,
        customer_ids: np.ndarray,
        order_ids: np.ndarray,
        placed: np.ndarray,
        returned: np.ndarray,
        lines: tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray],
        rows: TableRows,
    ) -> None:
        """One returned line per returning order, refunded if it was all over by ``as_of``."""
        rng = self.rng
        line_order, line_ids, unit, quantity = lines
        first = np.searchsorted(line_order, returned)
        n_lines = np.searchsorted(line_order, returned, side="right") - first
        line = first + (rng.random(len(returned)) * n_lines).astype(np.int64)
        requested = placed[returned] + rng.uniform(4, 14, len(returned)) * DAY
        reason = rng.integers(len(RETURN_REASONS), size=len(returned))
        done = requested + 5 * DAY <= self.as_of  # requested, received and refunded by as_of
        line, requested, reason = line[done], requested[done], reason[done]
        customer_ids, returned = customer_ids[done], returned[done]
        n = len(line)
        if n == 0:
            return
        return_ids = self.shop.counters.take_many("ret", n)
        received = self._datetimes(requested + 3 * DAY)
        self._emit(
            rows,
            "returns",
            {
                "id": return_ids.tolist(),
                "order_id": order_ids[returned].tolist(),
                "customer_id": customer_ids.tolist(),
                "order_item_id": line_ids[line].tolist(),
                "quantity": quantity[line].tolist(),
                "reason": [RETURN_REASONS[r] for r in reason],
                "status": ["refunded"] * n,
                "requested_at": self._datetimes(requested),
                "received_at": received,
            },
            times=("requested_at", "received_at"),
        )
        self._emit(
            rows,
            "refunds",
            {
                "id": self.shop.counters.take_many("refund", n).tolist(),
                "order_id": order_ids[returned].tolist(),
                "return_id": return_ids.tolist(),
                "amount": unit[line] * quantity[line],
                "status": ["paid"] * n,
                "method": ["original_payment"] * n,
                "created_at": received,
                "paid_at": self._datetimes(requested + 5 * DAY),
            },
            times=("created_at", "paid_at"),
            money=("amount",),
        )

    def _tickets(
        self,
        ids: np.ndarray,
        owner: np.ndarray,
        order_ids: np.ndarray,
        placed: np.ndarray,
        at: np.ndarray,
        rows: TableRows,
    ) -> None:
        """Support tickets a few days after some orders (more often from churn-prone customers)."""
        rng = self.rng
        kind = rng.integers(len(TICKETS), size=len(at))
        created = placed[at] + rng.uniform(2, 10, len(at)) * DAY
        keep = created <= self.as_of
        at, kind, created = at[keep], kind[keep], created[keep]
        n = len(at)
        if n == 0:
            return
        self._emit(
            rows,
            "support_tickets",
            {
                "id": self.shop.counters.take_many("ticket", n).tolist(),
                "customer_id": ids[owner[at]].tolist(),
                "order_id": order_ids[at].tolist(),
                "category": [TICKETS[k][0] for k in kind],
                "priority": ["high" if TICKETS[k][0] == "billing" else "normal" for k in kind],
                "status": ["resolved"] * n,
                "summary": [TICKETS[k][1] for k in kind],
                "conversation_id": [None] * n,
                "created_at": self._datetimes(created),
                "resolved_at": self._datetimes(created + DAY),
            },
            times=("created_at", "resolved_at"),
        )

    def _browsing(
        self,
        ids: np.ndarray,
        fav_cat: np.ndarray,
        fav_w: np.ndarray,
        owner: np.ndarray,
        order_times: np.ndarray,
        begin: np.ndarray,
        end: np.ndarray,
        per_year: np.ndarray,
        rows: TableRows,
    ) -> None:
        """Page views and searches in favourite areas: some while window-shopping, and a burst
        in the days before each purchase (future ones too), so recent browsing signals an order."""
        rng = self.rng
        span = np.maximum((end - begin) / DAY, 1.0)
        idle = rng.poisson(per_year * span / 365)
        idle_owner = np.repeat(np.arange(len(ids)), idle)
        idle_at = begin[idle_owner] + rng.random(len(idle_owner)) * span[idle_owner] * DAY
        burst = rng.poisson(2.0, len(owner))
        burst_of = np.repeat(np.arange(len(owner)), burst)
        burst_at = order_times[burst_of] - rng.uniform(0.05, 7, len(burst_of)) * DAY
        who = np.concatenate([idle_owner, owner[burst_of]])
        at = np.concatenate([idle_at, burst_at])
        keep = at <= self.as_of
        who, at = who[keep], at[keep]
        order = np.lexsort((at, who))
        who, at = who[order], at[order]
        n = len(who)
        if n == 0:
            return
        cumulative = np.cumsum(fav_w[who], axis=1)
        slot = (cumulative < (rng.random(n) * cumulative[:, -1])[:, None]).sum(axis=1)
        category = fav_cat[who, np.minimum(slot, fav_cat.shape[1] - 1)]
        search = rng.random(n) < 0.25
        which = rng.random(n)
        sizes = np.array([len(m) for m in self.members])[category]
        product = np.full(n, -1, dtype=np.int64)
        for c in np.unique(category[~search]):
            here = np.flatnonzero((category == c) & ~search)
            product[here] = self.product_ids[
                self.members[c][(which[here] * sizes[here]).astype(np.int64)]
            ]
        self._emit(
            rows,
            "behaviour_events",
            {
                "id": self.shop.counters.take_many("event", n).tolist(),
                "customer_id": ids[who].tolist(),
                "conversation_id": [None] * n,
                "occurred_at": self._datetimes(at, whole=True),
                "event_type": np.where(search, "search", "page_view").tolist(),
                "product_id": [None if p < 0 else p for p in product.tolist()],
                # One dict per category and kind, shared by its events (written once each).
                "properties": [
                    self.search_properties[c] if s else self.view_properties[c]
                    for c, s in zip(category.tolist(), search.tolist(), strict=True)
                ],
            },
            times=("occurred_at",),
        )
