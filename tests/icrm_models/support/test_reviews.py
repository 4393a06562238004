import pytest
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from icrm_models.db.schema import BehaviourEvent, Product
from icrm_models.support.reviews import match_purchase, purchased_products, store_review
from tests.helpers.shop import AS_OF

PURCHASES = [
    (8, "Oslo Trek Hoodie"),
    (2, "Teton Pullover Hoodie"),
    (36, "Strike Endurance Tee"),
    (4, "Frankie  Sweatshirt"),
]


@pytest.mark.parametrize(
    ("mentions", "expected"),
    [
        (["Oslo Trek Hoodie"], 8),
        (["oslo trek hoodies"], 8),
        (["Oslo hoodie"], 8),
        (["tee"], 36),
        (["Frankie Sweatshirt"], 4),
        (["Frankie Sweatshrit"], 4),  # a typo
        (["hoodie"], None),  # two hoodies: no guess
        (["jacket"], None),
        (["hoodie", "tee"], 36),  # the first telling mention
        ([], None),
    ],
)
def test_a_mention_matches_one_purchase(mentions: list[str], expected: int | None) -> None:
    found = match_purchase(mentions, PURCHASES)
    assert (found[0] if found else None) == expected


def _product_not_bought_by(session: Session, customer_id: int) -> tuple[int, str]:
    bought = {pid for pid, _ in purchased_products(session, customer_id=customer_id)}
    product = session.execute(
        select(Product.id, Product.name).where(Product.id.not_in(bought)).limit(1)
    ).one()
    return int(product[0]), str(product[1])


def test_a_review_of_a_bought_product_is_linked(shop: Engine) -> None:
    with Session(shop) as session:
        pid, name = purchased_products(session, customer_id=1)[0]
        stored = store_review(
            session,
            conversation_id="conv-1",
            customer_id=1,
            text="Lovely and warm",
            rating=5,
            product_mentions=[name],
            now=AS_OF,
        )
    assert (stored.product_id, stored.product_name, stored.rating) == (pid, name, 5)
    with Session(shop) as session:
        event = session.execute(
            select(BehaviourEvent).where(BehaviourEvent.event_type == "review")
        ).scalar_one()
        assert (event.customer_id, event.conversation_id, event.product_id) == (1, "conv-1", pid)
        assert event.occurred_at == AS_OF
        assert event.properties == {
            "rating": 5,
            "text": "Lovely and warm",
            "product_id": pid,
            "source": "chat",
        }


def test_a_product_the_customer_didnt_buy_is_not_linked(shop: Engine) -> None:
    with Session(shop) as session:
        _, name = _product_not_bought_by(session, 1)
        stored = store_review(
            session,
            conversation_id="c",
            customer_id=1,
            text="meh",
            rating=None,
            product_mentions=[name],
            now=AS_OF,
        )
        guest = store_review(
            session,
            conversation_id="c",
            customer_id=None,
            text="great",
            rating=4,
            product_mentions=[purchased_products(session, customer_id=1)[0][1]],
            now=AS_OF,
        )
    assert stored.product_id is None and stored.product_name is None
    assert guest.product_id is None
    with Session(shop) as session:
        events = session.scalars(
            select(BehaviourEvent).where(BehaviourEvent.event_type == "review")
        ).all()
        assert [(e.customer_id, e.product_id, e.properties["rating"]) for e in events] == [
            (1, None, None),
            (None, None, 4),
        ]


def test_an_out_of_range_rating_is_rejected(shop: Engine) -> None:
    with Session(shop) as session, pytest.raises(ValueError, match="rating"):
        store_review(
            session,
            conversation_id="c",
            customer_id=None,
            text="x",
            rating=9,
            product_mentions=[],
            now=AS_OF,
        )
