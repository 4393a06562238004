"""What the metrics share: the period asked about and the SQL that differs between dialects.

The metrics push their work into ``GROUP BY`` queries, so that a report over a million turns
reads a few thousand grouped rows, not the turns. Grouping by day or hour needs a date function,
and SQLite and PostgreSQL name theirs differently; this module is the one place that knows.
Days and hours are UTC, as every timestamp in the database.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import pandas as pd
from sqlalchemy import ColumnElement, Engine, Executable, Integer, cast, func


@dataclass(frozen=True)
class Period:
    """The half-open interval ``[start, end)`` a report covers, in UTC."""

    start: datetime
    end: datetime

    def __post_init__(self) -> None:
        for name in ("start", "end"):
            if getattr(self, name).tzinfo is None:
                raise ValueError(f"naive {name} {getattr(self, name)!r}: pass timezone-aware")
        if self.end <= self.start:
            raise ValueError(f"the period ends ({self.end}) before it starts ({self.start})")

    @classmethod
    def of_days(cls, since: date, until: date) -> Period:
        """From ``since`` 00:00 UTC to the end of ``until`` (both days included)."""
        if until < since:
            raise ValueError(f"--until {until} is before --since {since}")
        start = datetime.combine(since, time(0), tzinfo=UTC)
        return cls(start, datetime.combine(until + timedelta(days=1), time(0), tzinfo=UTC))

    @property
    def first_day(self) -> date:
        """The first day the period touches."""
        return self.start.astimezone(UTC).date()

    @property
    def last_day(self) -> date:
        """The last day the period touches (``end`` itself is excluded)."""
        return (self.end.astimezone(UTC) - timedelta(microseconds=1)).date()

    def days(self) -> list[date]:
        """Every day of the period, so a day without conversations shows as zero."""
        span = (self.last_day - self.first_day).days
        return [self.first_day + timedelta(days=n) for n in range(span + 1)]


def day_of(engine: Engine, column: Any) -> ColumnElement[Any]:
    """The UTC day of a timestamp column as text ``YYYY-MM-DD``."""
    if engine.dialect.name == "sqlite":
        return func.strftime("%Y-%m-%d", column)
    return func.to_char(func.timezone("UTC", column), "YYYY-MM-DD")


def hour_of(engine: Engine, column: Any) -> ColumnElement[Any]:
    """The UTC hour (0–23) of a timestamp column as an integer."""
    if engine.dialect.name == "sqlite":
        return cast(func.strftime("%H", column), Integer)
    return cast(func.extract("hour", func.timezone("UTC", column)), Integer)


def weekday_of(engine: Engine, column: Any) -> ColumnElement[Any]:
    """The UTC weekday of a timestamp column, 0 = Monday … 6 = Sunday."""
    if engine.dialect.name == "sqlite":  # %w: 0 = Sunday
        return (cast(func.strftime("%w", column), Integer) + 6) % 7
    return cast(func.extract("isodow", func.timezone("UTC", column)), Integer) - 1


def bin_of(engine: Engine, column: Any, bins: int) -> ColumnElement[Any]:
    """``floor(column * bins)`` for a value in [0, 1]; 1.0 lands in bin ``bins`` (clip it)."""
    if engine.dialect.name == "sqlite":  # CAST truncates, which is floor for values >= 0
        return cast(column * bins, Integer)
    return cast(func.floor(column * bins), Integer)


def frame(engine: Engine, query: Executable, columns: list[str]) -> pd.DataFrame:
    """The rows of ``query`` as a DataFrame with ``columns`` (empty but typed when no rows)."""
    with engine.connect() as conn:
        rows = conn.execute(query).all()
    return pd.DataFrame([tuple(r) for r in rows], columns=columns)


def share(part: pd.Series, whole: float | pd.Series) -> pd.Series:
    """``part / whole`` with 0 where the whole is 0 (no conversations is 0 %, not NaN)."""
    result = part.astype(float) / whole
    return result.where(result.notna(), 0.0).replace([float("inf")], 0.0)


def ratio(part: float, whole: float) -> float | None:
    """``part / whole``, or None when there is nothing to divide (shown as "–")."""
    return part / whole if whole else None


@dataclass(frozen=True)
class Scope:
    """What every metric query needs: the database, the period, and the moment it is asked.

    ``cutoff`` is ``now - idle_timeout``: a conversation whose last event is later is ongoing.
    """

    engine: Engine
    period: Period
    cutoff: datetime
