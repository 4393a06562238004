"""Orders and their lines."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from icrm_models.db.base import Base
from icrm_models.db.statuses import OrderStatus
from icrm_models.db.vocabulary import Vocabulary, one_of
from icrm_models.settings import shop_currency


class Order(Base):
    """An order; ``id`` is the order number customers quote (10001 upwards in the demo)."""

    __tablename__ = "orders"

    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int | None] = mapped_column(ForeignKey("customers.id"))  # None: guest
    status: Mapped[OrderStatus] = mapped_column(Vocabulary(OrderStatus))
    placed_at: Mapped[datetime]
    total: Mapped[Decimal]
    # an order made without one is in the shop's currency (ICRM_CURRENCY)
    currency: Mapped[str] = mapped_column(String(3), default=shop_currency)
    shipping_address: Mapped[str | None] = mapped_column(String(400))
    cancelled_at: Mapped[datetime | None]
    external_ref: Mapped[str | None] = mapped_column(String(64), index=True)  # e.g. InvoiceNo

    __table_args__ = (
        Index("ix_orders_customer_placed", "customer_id", "placed_at"),
        Index("ix_orders_placed_at", "placed_at"),
        one_of(OrderStatus),
    )


class OrderItem(Base):
    """One line of an order: a product, a quantity and the price paid per unit."""

    __tablename__ = "order_items"

    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("orders.id"), index=True)
    product_id: Mapped[int] = mapped_column(ForeignKey("products.id"), index=True)
    quantity: Mapped[int]
    unit_price: Mapped[Decimal]
    size: Mapped[str | None] = mapped_column(String(20))
    color: Mapped[str | None] = mapped_column(String(40))
