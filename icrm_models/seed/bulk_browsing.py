"""Page views and searches of the vectorised generator's customers, in their favourite areas."""

from __future__ import annotations

import numpy as np

from icrm_models.db.event_types import BehaviourEventType
from icrm_models.seed.bulk_shop import DAY, BulkShop
from icrm_models.seed.rows import TableRows


class BulkBrowsing:
    """Draws the behaviour events of a chunk of customers at once."""

    def __init__(self, shop: BulkShop) -> None:
        self.shop = shop
        self.rng = shop.rng
        self.as_of = shop.as_of

    def events(
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
        sizes = np.array([len(m) for m in self.shop.members])[category]
        product = np.full(n, -1, dtype=np.int64)
        for c in np.unique(category[~search]):
            here = np.flatnonzero((category == c) & ~search)
            product[here] = self.shop.product_ids[
                self.shop.members[c][(which[here] * sizes[here]).astype(np.int64)]
            ]
        self.shop.emit(
            rows,
            "behaviour_events",
            {
                "id": self.shop.counters.take_many("event", n).tolist(),
                "customer_id": ids[who].tolist(),
                "conversation_id": [None] * n,
                "occurred_at": self.shop.datetimes(at, whole=True),
                "event_type": np.where(
                    search, BehaviourEventType.SEARCH, BehaviourEventType.PAGE_VIEW
                ).tolist(),
                "product_id": [None if p < 0 else p for p in product.tolist()],
                # One dict per category and kind, shared by its events (written once each).
                "properties": [
                    self.shop.search_properties[c] if s else self.shop.view_properties[c]
                    for c, s in zip(category.tolist(), search.tolist(), strict=True)
                ],
            },
            times=("occurred_at",),
        )
