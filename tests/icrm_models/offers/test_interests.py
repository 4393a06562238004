from datetime import timedelta
from typing import Any

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from icrm_models.db.schema import Product
from icrm_models.offers.interests import chat_interests
from icrm_models.offers.planning import Source
from icrm_models.offers.popularity import INTEREST_REASON, popular_products
from icrm_models.offers.records import record_event
from icrm_models.recommend.personal import Catalogue, recommend_for
from icrm_models.registry.bundle import ModelBundle
from tests.helpers.offers import plan_asked
from tests.helpers.shop import AS_OF

VERONICA, NEWCOMER = 2, 11


def _products(session: Session, category_part: str) -> list[int]:
    return list(
        session.execute(
            select(Product.id)
            .where(Product.category.contains(category_part), Product.stock > 0)
            .order_by(Product.id)
        ).scalars()
    )


def _search(
    session: Session, ids: list[int], *, customer: int | None, conv: str, **kw: Any
) -> None:
    record_event(
        session,
        event_type="product_search",
        customer_id=customer,
        conversation_id=conv,
        now=kw.get("now", AS_OF - timedelta(minutes=5)),
        properties={"query": kw.get("query", "bags"), "result_ids": ids},
    )


def test_interests_come_from_this_chat_and_the_customers_recent_ones(fresh_shop: Engine) -> None:
    with Session(fresh_shop) as session:
        bags, tanks, jackets = (_products(session, c) for c in ("Bags", "Tanks", "Jackets"))
        _search(session, bags[:5], customer=None, conv="this-chat", query="a gym bag")
        _search(session, tanks[:2], customer=VERONICA, conv="last-week", now=AS_OF - timedelta(7))
        _search(session, jackets[:2], customer=NEWCOMER, conv="someone-else")  # not theirs
        _search(session, jackets[2:4], customer=VERONICA, conv="old", now=AS_OF - timedelta(90))
        record_event(
            session,
            event_type="product_question",
            customer_id=None,
            conversation_id="this-chat",
            now=AS_OF - timedelta(minutes=1),
            product_id=tanks[3],
        )
        session.commit()
        found = chat_interests(
            session, customer_id=VERONICA, conversation_id="this-chat", now=AS_OF
        )
        guest = chat_interests(session, customer_id=None, conversation_id=None, now=AS_OF)
    # Newest first; a search stands for its top three results; nothing of other customers.
    assert found.product_ids == (tanks[3], *bags[:3], *tanks[:2])
    assert found.queries == ("a gym bag", "bags")
    assert found.categories[0].endswith("Tanks")
    assert not set(found.product_ids) & set(jackets)
    assert guest.empty


def test_popular_products_start_with_the_categories_asked_about(shop: Engine) -> None:
    with Session(shop) as session:
        bag_category = session.get(Product, _products(session, "Bags")[0]).category  # type: ignore[union-attr]
        plain = popular_products(session, now=AS_OF, k=3)
        steered = popular_products(session, now=AS_OF, k=3, prefer_categories=[bag_category])
    assert steered[0].category == bag_category
    assert steered[0].reason == INTEREST_REASON.format(category="bags")
    assert all(p.reason == "popular right now" for p in steered[1:])
    assert len({p.category for p in steered}) == 3 and len(plain) == 3


def test_interests_move_close_products_up_and_say_why(
    shop: Engine, bundle: tuple[ModelBundle, dict[str, Any]]
) -> None:
    model = bundle[0].recommender
    catalogue = Catalogue.load(shop)
    before = recommend_for(model, VERONICA, catalogue, k=3)
    categories = catalogue.products["category"]
    elsewhere = [
        int(p)
        for p in model.data_.item_ids
        if categories[p] not in {r.category for r in before}
        and p not in {r.product_id for r in before}
    ]
    after = recommend_for(model, VERONICA, catalogue, k=3, interests=elsewhere[:1])
    assert after != before
    assert categories[elsewhere[0]] in {r.category for r in after}
    reasons = {r.reason for r in after}
    assert any(r.startswith("like the ") or r == "you asked about it" for r in reasons)


def test_a_customer_the_models_never_saw_gets_what_they_asked_about(
    fresh_shop: Engine, bundle: tuple[ModelBundle, dict[str, Any]]
) -> None:
    with Session(fresh_shop) as session:
        bags = _products(session, "Bags")
        _search(session, bags[:3], customer=NEWCOMER, conv="newcomer-chat")
        session.commit()
        plan = plan_asked(session, bundle[0], NEWCOMER, conversation_id="newcomer-chat")
    assert plan.source is Source.POPULARITY and plan.fallback is not None
    assert plan.fallback.startswith("cold start")
    assert plan.offer.products[0].category.endswith("Bags")
    assert plan.offer.products[0].reason == INTEREST_REASON.format(category="bags")
