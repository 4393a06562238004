"""Which order lines count as purchases, and a report of everything that does not.

The rules are SQL predicates, so that extraction can stay inside the database on millions of
lines; the report counts the lines each rule sets aside, in rule order (a line is counted by the
first rule that catches it), so nothing disappears without a number next to it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import ColumnElement, Engine, and_, case, func, not_, or_, select

from icrm_models.db.schema import Order, OrderItem, Product
from icrm_models.db.statuses import OrderStatus

# Orders that are not sales: nothing was bought (cancelled) or the document is a credit.
NON_SALE_STATUSES = (OrderStatus.CANCELLED, OrderStatus.CREDIT_NOTE)
# The category of order lines that are not goods: postage, fees, manual adjustments, vouchers.
# They stay on the orders (the money was paid) but are not purchases of a product.
NON_MERCHANDISE = "Non-merchandise"


@dataclass(frozen=True)
class CleaningRules:
    """Thresholds of the outlier rules; defaults fit retail (wholesale included)."""

    max_quantity: int = 10_000
    max_price_ratio: float = 20.0  # unit price above this multiple of the list price is absurd

    def __post_init__(self) -> None:
        if self.max_quantity < 1 or self.max_price_ratio <= 1:
            raise ValueError(f"invalid cleaning rules: {self}")


@dataclass
class CleaningReport:
    """Lines read, lines kept as purchases, and the lines set aside per rule."""

    lines_read: int = 0
    lines_kept: int = 0
    set_aside: dict[str, int] = field(default_factory=dict)

    def rows(self) -> list[tuple[str, int]]:
        return [
            ("order lines before the cut date", self.lines_read),
            *[(f"set aside: {rule}", n) for rule, n in self.set_aside.items()],
            ("kept as purchases", self.lines_kept),
        ]


def not_a_sale(as_of: datetime | None = None) -> ColumnElement[bool]:
    """True for orders that are not sales: credit notes, and orders cancelled (before
    ``as_of`` when given: an order cancelled later was still a purchase then, so a snapshot of
    the past sees what the shop saw; without a cancellation time it counts as cancelled)."""
    cancelled = Order.status.in_(NON_SALE_STATUSES)
    if as_of is None:
        return cancelled
    return and_(cancelled, or_(Order.cancelled_at.is_(None), Order.cancelled_at < as_of))


def rule_predicates(
    rules: CleaningRules, as_of: datetime | None = None, *, cancellations: bool = True
) -> list[tuple[str, ColumnElement[bool]]]:
    """(name, predicate that catches the line) in the order the report counts them.

    Cancellations count as of ``as_of`` (see :func:`not_a_sale`); ``cancellations=False``
    leaves that rule to the caller (the line cache applies it per cut)."""
    return [
        ("guest purchase (no customer)", Order.customer_id.is_(None)),
        *([("cancelled order or credit note", not_a_sale(as_of))] if cancellations else []),
        ("not merchandise (postage, fees, adjustments)", Product.category == NON_MERCHANDISE),
        (
            "zero or negative quantity or price",
            or_(OrderItem.quantity <= 0, OrderItem.unit_price <= 0),
        ),
        (f"quantity above {rules.max_quantity}", OrderItem.quantity > rules.max_quantity),
        (
            f"price above {rules.max_price_ratio:g}x the list price",
            and_(Product.price > 0, OrderItem.unit_price > Product.price * rules.max_price_ratio),
        ),
    ]


def purchase_filter(
    rules: CleaningRules, as_of: datetime | None = None, *, cancellations: bool = True
) -> ColumnElement[bool]:
    """True for lines that count as purchases (as of ``as_of``; see :func:`rule_predicates`)."""
    predicates = rule_predicates(rules, as_of, cancellations=cancellations)
    return and_(*[not_(predicate) for _, predicate in predicates])


def cleaning_report(engine: Engine, cut: datetime, rules: CleaningRules) -> CleaningReport:
    """Count, in one query, what each rule sets aside among the lines placed before ``cut``."""
    predicates = rule_predicates(rules, as_of=cut)
    caught_before: list[ColumnElement[bool]] = []
    columns = []
    for name, predicate in predicates:
        first_catch = and_(predicate, *[not_(p) for p in caught_before])
        columns.append(func.sum(case((first_catch, 1), else_=0)).label(name))
        caught_before.append(predicate)
    query = (
        select(func.count().label("lines_read"), *columns)
        .select_from(OrderItem)
        .join(Order, Order.id == OrderItem.order_id)
        .join(Product, Product.id == OrderItem.product_id)
        .where(Order.placed_at < cut)
    )
    with engine.connect() as conn:
        row = conn.execute(query).one()._mapping
    report = CleaningReport(lines_read=int(row["lines_read"] or 0))
    report.set_aside = {name: int(row[name] or 0) for name, _ in predicates}
    report.lines_kept = report.lines_read - sum(report.set_aside.values())
    return report
