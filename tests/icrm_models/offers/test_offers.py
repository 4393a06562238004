import dataclasses
from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from icrm_models.db.schema import BehaviourEvent, Customer, Offer, Order, Product
from icrm_models.offers.offering import make_offer, proactive_offer
from icrm_models.offers.planning import POPULARITY_VERSION, Source, plan_offer
from icrm_models.offers.policy import Moment
from icrm_models.offers.popularity import POPULAR_REASON, popular_products
from icrm_models.offers.reactions import Outcome, accept_offer, decline_offers
from icrm_models.offers.records import expire_unanswered, show_offers
from icrm_models.offers.scoring import CustomerScores, ScoreCache, score_customers
from icrm_models.recommend.cold_start import FIRST_ORDER_REASON, SEGMENT_REASON, ColdStart
from icrm_models.registry.bundle import BrokenModelsError, ModelBundle
from tests.helpers.offers import plan_asked
from tests.helpers.shop import AS_OF

RONI, VERONICA, NEWCOMER = 1, 2, 11


def _scorer(customer_id: int, segment: str, p: float) -> Any:
    return lambda _bundle: CustomerScores(AS_OF, {customer_id: segment}, {customer_id: p})


def test_popular_products_are_in_stock_varied_and_respect_exclusions(shop: Engine) -> None:
    with Session(shop) as session:
        picks = popular_products(session, now=AS_OF, k=3)
        assert len(picks) == 3 and len({p.category for p in picks}) == 3
        again = popular_products(session, now=AS_OF, k=3, exclude={picks[0].product_id})
        for pick in picks:
            product = session.get(Product, pick.product_id)
            assert product is not None and product.stock > 0 and product.is_active
    assert picks[0].product_id not in {p.product_id for p in again}
    assert {p.reason for p in picks} == {"popular right now"}


def test_the_models_score_customers_as_of_now(
    shop: Engine, bundle: tuple[ModelBundle, dict[str, Any]]
) -> None:
    scores = score_customers(shop, bundle[0], AS_OF)
    assert scores.segments.get(VERONICA)
    assert all(0 <= p <= 1 for p in scores.propensity.values())
    assert NEWCOMER not in scores.propensity  # never bought: nothing to score


def test_scores_are_cached_per_version_for_a_while() -> None:
    now = [0.0]
    cache = ScoreCache(ttl_s=10, clock=lambda: now[0])
    calls: list[str] = []

    def compute(tag: str) -> Any:
        return lambda: calls.append(tag) or CustomerScores(AS_OF)

    cache.get("v1", compute("a"))
    cache.get("v1", compute("b"))
    now[0] = 11
    cache.get("v1", compute("c"))
    cache.get("v2", compute("d"))
    assert calls == ["a", "c", "d"]


@pytest.mark.parametrize(
    ("customer", "segment", "p", "discount", "promotional"),
    [
        (VERONICA, "Loyal customers", 0.4, Decimal(10), True),
        (VERONICA, "Champions", 0.9, None, True),
        (RONI, "At risk", 0.05, None, False),  # no marketing consent: nothing promotional
    ],
)
def test_the_policy_decides_with_the_models_scores(
    shop: Engine,
    bundle: tuple[ModelBundle, dict[str, Any]],
    customer: int,
    segment: str,
    p: float,
    discount: Decimal | None,
    promotional: bool,
) -> None:
    with Session(shop) as session:
        plan = plan_offer(
            session,
            customer_id=customer,
            version="v1",
            models=bundle[0],
            moment=Moment.ASKED,
            now=AS_OF,
            scorer=_scorer(customer, segment, p),
        )
    assert plan.source is Source.MODEL and plan.model_version == "v1" and plan.fallback is None
    assert plan.offer.products and plan.offer.discount_pct == discount
    assert plan.offer.promotional is promotional
    assert (plan.segment, plan.propensity) == (segment, p)


@pytest.mark.parametrize(
    ("customer", "models", "why"),
    [
        (NEWCOMER, "bundle", "cold start"),
        (VERONICA, None, "no promoted models"),
        (VERONICA, {"not": "a bundle"}, "broken model artefacts"),
        (None, "bundle", "guest"),
    ],
)
def test_popular_products_stand_in_and_say_why(
    shop: Engine,
    bundle: tuple[ModelBundle, dict[str, Any]],
    customer: int | None,
    models: Any,
    why: str,
) -> None:
    with Session(shop) as session:
        plan = plan_offer(
            session,
            customer_id=customer,
            version="v1" if models is not None else None,
            models=bundle[0] if models == "bundle" else models,
            moment=Moment.ASKED,
            now=AS_OF,
        )
    assert plan.source is Source.POPULARITY and plan.model_version == POPULARITY_VERSION
    assert plan.fallback is not None and plan.fallback.startswith(why)
    assert len(plan.offer.products) == 3 and plan.offer.discount_pct is None


def test_a_scorer_that_fails_only_costs_the_discount(
    shop: Engine, bundle: tuple[ModelBundle, dict[str, Any]]
) -> None:
    def broken(_bundle: object) -> CustomerScores:
        raise BrokenModelsError("features v1, code v2")

    with Session(shop) as session:
        plan = plan_offer(
            session,
            customer_id=VERONICA,
            version="v1",
            models=bundle[0],
            moment=Moment.ASKED,
            now=AS_OF,
            scorer=broken,
        )
    assert plan.source is Source.MODEL and plan.propensity is None
    assert plan.offer.products and plan.offer.discount_pct is None


def test_an_erased_account_is_treated_as_a_guest(
    fresh_shop: Engine, bundle: tuple[ModelBundle, dict[str, Any]]
) -> None:
    with Session(fresh_shop) as session:
        customer = session.get(Customer, VERONICA)
        assert customer is not None
        customer.deleted_at = AS_OF
        session.commit()
        plan = plan_offer(
            session,
            customer_id=VERONICA,
            version="v1",
            models=bundle[0],
            moment=Moment.PROACTIVE,
            now=AS_OF,
        )
    assert plan.customer_id is None and plan.offer.products == []


def test_declined_and_recently_bought_products_are_not_offered_again(
    fresh_shop: Engine, bundle: tuple[ModelBundle, dict[str, Any]]
) -> None:
    with Session(fresh_shop) as session:
        first = make_offer(
            session,
            customer_id=VERONICA,
            conversation_id="c1",
            version="v1",
            models=bundle[0],
            now=AS_OF,
        )
        ids = [o.offer_id for o in first.shown]
        decline_offers(
            session, offer_ids=ids, conversation_id="c1", customer_id=VERONICA, now=AS_OF
        )
        second = make_offer(
            session,
            customer_id=VERONICA,
            conversation_id="c1",
            version="v1",
            models=bundle[0],
            now=AS_OF + timedelta(minutes=1),
        )
    before = {o.product.product_id for o in first.shown}
    after = {o.product.product_id for o in second.shown}
    assert before and after and not before & after


def test_a_proactive_offer_is_one_personal_product_once_per_conversation(
    fresh_shop: Engine, bundle: tuple[ModelBundle, dict[str, Any]]
) -> None:
    with Session(fresh_shop) as session:
        args: dict[str, Any] = {"version": "v1", "models": bundle[0], "now": AS_OF}
        first = proactive_offer(session, customer_id=VERONICA, conversation_id="c1", **args)
        second = proactive_offer(session, customer_id=VERONICA, conversation_id="c1", **args)
        opted_out = proactive_offer(session, customer_id=RONI, conversation_id="c2", **args)
        cold = proactive_offer(session, customer_id=NEWCOMER, conversation_id="c3", **args)
    assert len(first.shown) == 1 and first.shown[0].model_version == "v1"
    assert second.shown == [] and opted_out.shown == [] and cold.shown == []


def test_showing_new_offers_marks_the_unanswered_ones_ignored(fresh_shop: Engine) -> None:
    with Session(fresh_shop) as session:
        kwargs: dict[str, Any] = {
            "discount_pct": None,
            "customer_id": None,
            "model_version": "x",
            "now": AS_OF,
        }
        old = show_offers(session, items=[(1, "r"), (2, "r")], conversation_id="c1", **kwargs)
        other = show_offers(session, items=[(3, "r")], conversation_id="c2", **kwargs)
        decline_offers(
            session, offer_ids=[old[0].offer_id], conversation_id="c1", customer_id=None, now=AS_OF
        )
        show_offers(session, items=[], conversation_id="c1", **kwargs)  # nothing new: no change
        assert session.get(Offer, old[1].offer_id).status == "shown"  # type: ignore[union-attr]
        show_offers(session, items=[(4, "r"), (999_999, "gone")], conversation_id="c1", **kwargs)
        statuses = {i: s for i, s in session.execute(select(Offer.id, Offer.status)).all()}
        impressions = (
            session.execute(
                select(BehaviourEvent).where(BehaviourEvent.event_type == "offer_impression")
            )
            .scalars()
            .all()
        )
    assert statuses[old[0].offer_id] == "declined"
    assert statuses[old[1].offer_id] == "ignored"
    assert statuses[other[0].offer_id] == "shown"
    assert len(statuses) == 4 and len(impressions) == 4
    (ignored,) = _events(fresh_shop, "offer_ignored")
    assert ignored.product_id == 2 and ignored.conversation_id == "c1"
    assert ignored.properties == {
        "offer_id": old[1].offer_id,
        "model_version": "x",
        "why": "newer offers shown",
    }


def _events(engine: Engine, kind: str) -> list[BehaviourEvent]:
    with Session(engine) as session:
        return list(
            session.execute(select(BehaviourEvent).where(BehaviourEvent.event_type == kind))
            .scalars()
            .all()
        )


def test_offers_nobody_answered_for_a_day_become_ignored(fresh_shop: Engine) -> None:
    with Session(fresh_shop) as session:
        kwargs: dict[str, Any] = {"discount_pct": None, "customer_id": 2, "model_version": "v7"}
        stale = show_offers(
            session,
            items=[(1, "r")],
            conversation_id="a",
            now=AS_OF - timedelta(hours=30),
            **kwargs,
        )
        recent = show_offers(
            session, items=[(2, "r")], conversation_id="b", now=AS_OF - timedelta(hours=2), **kwargs
        )
        assert expire_unanswered(session, now=AS_OF) == 1
        assert expire_unanswered(session, now=AS_OF) == 0  # once only
        assert session.get(Offer, stale[0].offer_id).status == "ignored"  # type: ignore[union-attr]
        assert session.get(Offer, recent[0].offer_id).status == "shown"  # type: ignore[union-attr]
    (event,) = _events(fresh_shop, "offer_ignored")
    assert (event.customer_id, event.product_id) == (2, 1)
    assert event.properties["model_version"] == "v7"
    assert event.properties["why"].startswith("no answer within 1 day")


def test_accepting_needs_the_conversation_the_customer_and_stock(fresh_shop: Engine) -> None:
    with Session(fresh_shop) as session:
        kwargs: dict[str, Any] = {"discount_pct": Decimal(15), "model_version": "v1", "now": AS_OF}
        (mine,) = show_offers(
            session, items=[(1, "r")], customer_id=1, conversation_id="c1", **kwargs
        )
        (guest,) = show_offers(
            session, items=[(2, "r")], customer_id=None, conversation_id="c2", **kwargs
        )
        orders = session.execute(select(Order.id)).scalars().all()

        def accept(offer_id: int, conversation: str, customer: int | None) -> Outcome:
            return accept_offer(
                session,
                offer_id=offer_id,
                conversation_id=conversation,
                customer_id=customer,
                now=AS_OF,
            ).outcome

        assert accept(mine.offer_id, "c2", 1) is Outcome.NOT_AVAILABLE  # another conversation
        assert accept(mine.offer_id, "c1", 2) is Outcome.NOT_AVAILABLE  # another customer
        assert accept(mine.offer_id, "c1", None) is Outcome.LOGIN_NEEDED
        assert accept(424_242, "c1", 1) is Outcome.NOT_AVAILABLE
        assert session.execute(select(Order.id)).scalars().all() == orders
        result = accept_offer(
            session, offer_id=mine.offer_id, conversation_id="c1", customer_id=1, now=AS_OF
        )
        assert result.outcome is Outcome.ACCEPTED
        assert result.price == (mine.product.price * Decimal("0.85")).quantize(Decimal("0.01"))
        order = session.get(Order, result.order_id)
        assert order is not None and (order.status, order.customer_id) == ("pending", 1)
        # A guest's offer, accepted once the customer is verified in the same conversation.
        assert accept(guest.offer_id, "c2", 3) is Outcome.ACCEPTED
        assert session.get(Offer, guest.offer_id).customer_id == 3  # type: ignore[union-attr]


def test_a_customer_who_never_bought_gets_what_new_customers_bought_first(
    shop: Engine, bundle: tuple[ModelBundle, dict[str, Any]]
) -> None:
    firsts = bundle[0].cold_start.first_orders
    assert firsts, "training ranks the first orders"
    with Session(shop) as session:
        plan = plan_asked(session, bundle[0], NEWCOMER)
    assert plan.source is Source.POPULARITY and plan.fallback is not None
    assert plan.fallback.startswith("cold start") and plan.fallback.endswith("first buys")
    top = plan.offer.products[0]
    assert top.product_id in firsts and top.reason == FIRST_ORDER_REASON


def test_a_customer_who_bought_since_the_training_gets_their_segments_best_sellers(
    shop: Engine, bundle: tuple[ModelBundle, dict[str, Any]]
) -> None:
    """The scorer (features as of now) knows a segment the recommender's rows do not."""
    segment, ranking = next(iter(bundle[0].cold_start.by_segment.items()))
    with Session(shop) as session:
        plan = plan_asked(session, bundle[0], NEWCOMER, scorer=_scorer(NEWCOMER, segment, 0.4))
    assert plan.fallback is not None and plan.fallback.endswith(f"segment {segment}")
    assert plan.segment == segment and plan.offer.discount_pct is None
    assert plan.offer.products[0].product_id in ranking
    assert plan.offer.products[0].reason == SEGMENT_REASON


def test_a_bundle_without_cold_start_rankings_serves_the_shops_best_sellers(
    shop: Engine, bundle: tuple[ModelBundle, dict[str, Any]]
) -> None:
    """A young shop's training may rank nothing for new customers: popularity stands in.

    (Bundles saved before the rankings existed no longer load: see the bundle format.)
    """
    empty = dataclasses.replace(bundle[0], cold_start=ColdStart())
    with Session(shop) as session:
        plan = plan_asked(session, empty, NEWCOMER)
    assert plan.fallback == "cold start: the models have not seen this customer buy"
    assert {p.reason for p in plan.offer.products} <= {POPULAR_REASON}
