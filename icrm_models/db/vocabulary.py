"""A column that holds one member of a ``StrEnum``: its SQL type and its CHECK constraint.

The value is stored as the plain string (a ``VARCHAR``, no database enum type, so SQLite and
PostgreSQL hold the same thing and a new member needs no ``ALTER TYPE``) and read back as the
enum's member, so the ORM attribute is typed by the enum. The CHECK constraint keeps raw SQL,
bulk loads and other programs within the vocabulary too.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any, TypeVar

from sqlalchemy import CheckConstraint, String, column
from sqlalchemy.types import TypeDecorator

E = TypeVar("E", bound=StrEnum)


class Vocabulary(TypeDecorator[E]):
    """A ``String(length)`` column whose values are members of ``enum``."""

    impl = String
    cache_ok = True

    def __init__(self, enum: type[E], length: int = 20) -> None:
        super().__init__(length)
        self.enum = enum

    # No bind conversion: a member *is* a str, which sqlite3 and psycopg bind as the string,
    # and bulk writers (icrm_models.seed.writer) pay nothing per value. Values outside the
    # vocabulary are the CHECK constraint's to refuse, as they are for raw SQL.

    def process_result_value(self, value: str | None, dialect: Any) -> E | None:
        return None if value is None else self.enum(value)


def one_of(enum: type[StrEnum], column_name: str = "status") -> CheckConstraint:
    """A CHECK constraint that keeps ``column_name`` within ``enum``'s values.

    Named after the column, so the naming convention of :mod:`icrm_models.db.base` makes it
    ``ck_<table>_<column>`` on every backend, as the migration that added it names it.
    """
    return CheckConstraint(column(column_name).in_([m.value for m in enum]), name=column_name)
