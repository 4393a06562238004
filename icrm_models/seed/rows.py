"""Rows of generated data per table, and the id counters that number them."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any, overload

import numpy as np

FIRST_ORDER_ID = 10001


class Columns(Sequence[dict[str, Any]]):
    """One table's rows held column by column, as the vectorised generator draws them.

    Reads like a list of row dicts (``head``'s rows first), so callers and tests need not care;
    the writer sends the columns to the database without building a dict per row. Columns named
    in ``times`` are ``datetime64[us]`` arrays in UTC (NaT: no value), those in ``money`` integer
    cents; any other column is a list or array of plain values.
    """

    def __init__(
        self,
        data: dict[str, Any],
        *,
        times: Sequence[str] = (),
        money: Sequence[str] = (),
        head: Sequence[dict[str, Any]] = (),
    ) -> None:
        lengths = {len(v) for v in data.values()}
        if len(lengths) > 1:
            raise ValueError(f"columns of different lengths: {sorted(lengths)}")
        self.data = data
        self.times = frozenset(times)
        self.money = frozenset(money)
        self.head = list(head)
        self._n = lengths.pop() if lengths else 0

    def __len__(self) -> int:
        return len(self.head) + self._n

    @overload
    def __getitem__(self, i: int) -> dict[str, Any]: ...

    @overload
    def __getitem__(self, i: slice) -> list[dict[str, Any]]: ...

    def __getitem__(self, i: int | slice) -> dict[str, Any] | list[dict[str, Any]]:
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(len(self)))]
        if i < 0:
            i += len(self)
        if not 0 <= i < len(self):
            raise IndexError(i)
        if i < len(self.head):
            return self.head[i]
        return {name: self._value(name, i - len(self.head)) for name in self.data}

    def __iter__(self) -> Iterator[dict[str, Any]]:
        return (self[i] for i in range(len(self)))

    def __eq__(self, other: object) -> bool:
        """Equal to any sequence of the same rows (a list of dicts or other columns)."""
        if not isinstance(other, Sequence):
            return NotImplemented
        return len(self) == len(other) and all(a == b for a, b in zip(self, other, strict=True))

    __hash__ = None  # type: ignore[assignment]  # mutable, like a list

    def _value(self, name: str, i: int) -> Any:
        value = self.data[name][i]
        if name in self.times:
            if np.isnat(value):
                return None
            stamp: datetime = value.astype("datetime64[us]").item()
            return stamp.replace(tzinfo=UTC)
        if name in self.money:
            return Decimal(int(value)).scaleb(-2)
        return value.item() if isinstance(value, np.generic) else value


Rows = dict[str, list[dict[str, Any]]]  # the per-customer generator's rows, per table
TableRows = dict[str, Sequence[dict[str, Any]]]  # a chunk: lists of dicts or Columns, per table


@dataclass
class Counters:
    """Next id per table; order numbers start at 10001 like a shop's."""

    order: int = FIRST_ORDER_ID
    item: int = 1
    shipment: int = 1
    tracking: int = 1
    ret: int = 1
    refund: int = 1
    invoice: int = 1
    payment: int = 1
    ticket: int = 1
    event: int = 1
    reserved_orders: frozenset[int] = frozenset()

    def take(self, name: str) -> int:
        """The next free id of ``name`` (order numbers skip ``reserved_orders``)."""
        value: int = getattr(self, name)
        while name == "order" and value in self.reserved_orders:
            value += 1
        setattr(self, name, value + 1)
        return value

    def take_many(self, name: str, n: int) -> np.ndarray:
        """The next ``n`` free ids of ``name``, ascending (order numbers skip the reserved)."""
        start: int = getattr(self, name)
        reserved = self.reserved_orders if name == "order" else frozenset()
        skipped = sum(1 for r in reserved if r >= start)
        ids = np.arange(start, start + n + skipped, dtype=np.int64)
        if skipped:
            ids = ids[~np.isin(ids, list(reserved))][:n]
        setattr(self, name, int(ids[-1]) + 1 if n else start)
        return ids
