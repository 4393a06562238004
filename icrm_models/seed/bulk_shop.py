"""The shop as the vectorised generator sees it: numpy arrays and a timeline in float seconds.

Times are float seconds from the start of the recorded history until they become rows
(:meth:`BulkShop.datetimes`); drawn columns join a chunk's rows as
:class:`icrm_models.seed.rows.Columns` (:meth:`BulkShop.emit`).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from icrm_models.seed.rows import Columns, TableRows
from icrm_models.seed.shop import ShopState
from icrm_models.seed.traits import season_weight

DAY = 86400.0
HOUR = 3600.0


class BulkShop:
    """The catalogue as arrays (ids, prices in cents, rebuy rates, sizes, colours, members of
    each category, seasonality), the timeline, and the seeding run's shared state."""

    def __init__(self, state: ShopState) -> None:
        self.state = state
        self.rng = state.rng
        self.counters = state.counters
        self.start = state.history_start
        self.as_of = (state.config.as_of - self.start).total_seconds()
        categories = state.categories
        products = [p for _, p in state.products]
        self.product_ids = np.array([pid for pid, _ in state.products], dtype=np.int64)
        self.price_cents = np.array([round(float(p.price) * 100) for p in products], np.int64)
        self.rebuy = np.asarray(state.rebuy_rates, dtype=float)
        self.sizes = [p.sizes for p in products]
        self.colors = [p.colors for p in products]
        self.n_sizes = np.array([len(s) for s in self.sizes])
        self.n_colors = np.array([len(c) for c in self.colors])
        self.members = [np.asarray(state.by_category[c]) for c in categories]
        self.season = np.array(
            [[season_weight(c, m) for m in range(1, 13)] for c in categories], dtype=float
        )
        self.search_properties = [
            {"query": c.split("/")[-1].lower(), "category": c} for c in categories
        ]
        self.view_properties = [{"category": c} for c in categories]
        self.base_us = np.datetime64(self.start.replace(tzinfo=None), "us")

    def datetimes(
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

    def emit(
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

    def months(self, seconds: np.ndarray) -> np.ndarray:
        """Month index (0 = January) of times given in seconds after the history start."""
        stamps = self.base_us + seconds.astype(np.int64).astype("timedelta64[s]")
        return np.asarray(stamps.astype("datetime64[M]").astype(np.int64) % 12)

    def midnight_offset(self) -> float:
        """Seconds from the last UTC midnight to the history start (days start at midnight)."""
        s = self.start
        return s.hour * HOUR + s.minute * 60 + s.second + s.microsecond / 1e6
