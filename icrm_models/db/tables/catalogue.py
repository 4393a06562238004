"""The product catalogue."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column

from icrm_models.db.base import Base


class Product(Base):
    """A sellable product (a Luma configurable product with its size and colour options)."""

    __tablename__ = "products"

    id: Mapped[int] = mapped_column(primary_key=True)
    sku: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(255), index=True)
    description: Mapped[str] = mapped_column(Text, default="")
    category: Mapped[str] = mapped_column(String(200), index=True)  # e.g. "Women/Tops/Jackets"
    price: Mapped[Decimal]
    stock: Mapped[int] = mapped_column(default=0)
    sizes: Mapped[list[Any]] = mapped_column(default=list)
    colors: Mapped[list[Any]] = mapped_column(default=list)
    image_url: Mapped[str | None] = mapped_column(String(400))
    attributes: Mapped[dict[str, Any]] = mapped_column(default=dict)
    is_active: Mapped[bool] = mapped_column(default=True)
