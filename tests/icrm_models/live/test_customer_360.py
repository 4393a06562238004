"""The 360° view beside a chat: a verified customer's orders, returns, tickets, offers."""

from datetime import timedelta
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from icrm_models.db.schema import Customer, Offer, SupportTicket
from icrm_models.db.statuses import OfferStatus, TicketStatus
from icrm_models.live.customer_360 import customer_360
from icrm_models.offers.scoring import CustomerScores
from icrm_models.seed.demo import DEMO_ORDER_IDS
from tests.helpers.shop import AS_OF

ROUNI, AHMED = "roni_cost@example.com", "ahmed.malik@example.com"


def customer_id(session: Session, email: str) -> int:
    return session.scalars(select(Customer.id).where(Customer.email == email)).one()


def test_a_guest_or_an_erased_account_has_no_360_view(session: Session) -> None:
    assert customer_360(session, None, now=AS_OF) is None
    assert customer_360(session, 999_999, now=AS_OF) is None
    roni = session.get(Customer, customer_id(session, ROUNI))
    assert roni is not None
    roni.deleted_at = AS_OF
    session.flush()
    assert customer_360(session, roni.id, now=AS_OF) is None


def test_the_view_shows_the_order_in_transit_with_its_last_scan(session: Session) -> None:
    view = customer_360(session, customer_id(session, ROUNI), now=AS_OF)
    assert view is not None
    assert (view.name, view.first_name, view.email, view.verified) == (
        "Roni Cost",
        "Roni",
        ROUNI,
        True,
    )
    latest = view.orders[0]
    assert latest.order_id == DEMO_ORDER_IDS["in_transit"]
    assert (latest.status, latest.shipment_status) == ("shipped", "in_transit")
    assert latest.carrier and latest.tracking_number and latest.last_scan
    assert latest.estimated_delivery is not None
    placed = [order.placed_at for order in view.orders]
    assert placed == sorted(placed, reverse=True) and len(placed) <= 5
    assert view.order_count >= len(view.orders) and view.lifetime_spend > 0
    assert (view.segment, view.propensity) == (None, None)  # no scores given


def test_open_returns_tickets_offers_and_scores(session: Session) -> None:
    ahmed = customer_id(session, AHMED)
    session.add(
        SupportTicket(
            customer_id=ahmed,
            category="delivery",
            priority="high",
            status=TicketStatus.OPEN,
            summary="Parcel damaged.",
            created_at=AS_OF - timedelta(days=1),
        )
    )
    session.add(
        SupportTicket(
            customer_id=ahmed,
            category="billing",
            priority="normal",
            status=TicketStatus.RESOLVED,
            summary="Charged twice.",
            created_at=AS_OF - timedelta(hours=1),
        )
    )
    for days, reason in ((2, "often bought with your shoes"), (45, "too old to matter")):
        session.add(
            Offer(
                customer_id=ahmed,
                product_id=1,
                conversation_id="c",
                model_version="v1",
                reason=reason,
                status=OfferStatus.SHOWN,
                shown_at=AS_OF - timedelta(days=days),
            )
        )
    session.flush()
    scores = CustomerScores(
        as_of=AS_OF, segments={ahmed: "Bargain hunters"}, propensity={ahmed: 0.3}
    )
    view = customer_360(session, ahmed, now=AS_OF, scores=scores)
    assert view is not None
    returns = [(r.order_id, r.return_status) for r in view.open_returns]
    assert returns == [(DEMO_ORDER_IDS["delivered_return"], "received")]
    assert [(t.summary, t.status) for t in view.tickets][:2] == [
        ("Parcel damaged.", "open"),  # open ones first, even if older
        ("Charged twice.", "resolved"),
    ]
    assert [o.reason for o in view.offers] == ["often bought with your shoes"]
    assert (view.segment, view.propensity) == ("Bargain hunters", 0.3)
    assert isinstance(view.lifetime_spend, Decimal)
