"""What is never offered: products returned, bought in the last 30 days, or declined lately."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from icrm_models.db.schema import Offer, Order, OrderItem, Product, Return
from icrm_models.offers.planning import RECENT_DAYS, _not_to_offer
from tests.helpers.shop import AS_OF


def _old_order_line(session: Session, customer_id: int) -> OrderItem | None:
    """A line of the customer's oldest order (placed before the 30-day window)."""
    return session.scalars(
        select(OrderItem)
        .join(Order, Order.id == OrderItem.order_id)
        .where(
            Order.customer_id == customer_id,
            Order.placed_at < AS_OF - timedelta(days=RECENT_DAYS + 1),
        )
        .order_by(Order.placed_at)
    ).first()


def test_returned_recent_and_declined_products_are_excluded_and_nothing_else(
    fresh_shop: Engine,
) -> None:
    with Session(fresh_shop) as session:
        customer = session.scalars(
            select(Order.customer_id)
            .where(Order.placed_at < AS_OF - timedelta(days=RECENT_DAYS + 1))
            .order_by(Order.customer_id)
        ).first()
        assert customer is not None
        recent = {
            int(p)
            for p in session.scalars(
                select(OrderItem.product_id)
                .join(Order, Order.id == OrderItem.order_id)
                .where(
                    Order.customer_id == customer,
                    Order.placed_at >= AS_OF - timedelta(days=RECENT_DAYS),
                )
            )
        }
        returned_line = _old_order_line(session, customer)
        assert returned_line is not None
        session.add(
            Return(
                order_id=returned_line.order_id,
                customer_id=customer,
                order_item_id=returned_line.id,
                reason="too small",
                status="refunded",
                requested_at=AS_OF - timedelta(days=200),
            )
        )

        taken = recent | {returned_line.product_id}
        declined_lately, declined_long_ago, accepted = [
            p for p in session.scalars(select(Product.id).order_by(Product.id)) if p not in taken
        ][:3]

        def offer(product_id: int, status: str, days_ago: int) -> Offer:
            return Offer(
                customer_id=customer,
                product_id=product_id,
                model_version="v1",
                reason="test",
                status=status,
                shown_at=AS_OF - timedelta(days=days_ago),
                responded_at=AS_OF - timedelta(days=days_ago),
            )

        session.add_all(
            [
                offer(declined_lately, "declined", 2),
                offer(declined_long_ago, "declined", RECENT_DAYS + 5),  # may come back
                offer(accepted, "accepted", 1),  # not a reason to hide it
            ]
        )
        session.flush()
        excluded = _not_to_offer(session, customer, AS_OF)
    assert recent, "the shop should have a purchase in the last 30 days"
    assert excluded == recent | {returned_line.product_id, declined_lately}
    assert not excluded & {declined_long_ago, accepted}
