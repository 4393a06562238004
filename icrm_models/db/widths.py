"""How many characters a text column holds, read from the table definition.

Code that shortens or checks text before storing it asks here (``column_width(Offer.reason)``)
rather than repeating the number, so widening a column in a migration and the model is the
whole change.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import String
from sqlalchemy.orm import QueryableAttribute
from sqlalchemy.types import TypeDecorator


def column_width(attribute: QueryableAttribute[Any]) -> int:
    """The declared length of the ``String(n)`` column mapped by ``attribute``.

    >>> from icrm_models.db.schema import Offer
    >>> column_width(Offer.reason)
    255

    Raises ``ValueError`` for a column without a length (``Text``, numbers, ...).
    """
    column_type = attribute.expression.type
    if isinstance(column_type, TypeDecorator):
        column_type = column_type.impl_instance
    if not isinstance(column_type, String) or column_type.length is None:
        raise ValueError(f"{attribute} is not a text column of fixed width")
    return int(column_type.length)
