from typing import Any

import pytest
from sqlalchemy import select

from actions.errors import UNAVAILABLE
from actions.feedback.messages import REVIEW_EMPTY, REVIEW_LOW_RATING, review_thanks
from actions.feedback.review import ActionStoreReview
from actions.feedback.review_form import ValidateReviewForm
from icrm_models.db.schema import Product
from icrm_models.support.reviews import purchased_products
from tests.helpers.database import break_database
from tests.helpers.forms import after_form, form_turn
from tests.helpers.identity import token_for
from tests.helpers.records import behaviour
from tests.helpers.runs import run_with_messages, slot_values
from tests.helpers.shop import AS_OF, shop_session
from tests.helpers.trackers import entity

RESET = [{"event": "slot", "timestamp": None, "name": "review_text", "value": None}]


def review(
    request: str,
    text: str,
    *,
    products: tuple[str, ...] = (),
    token: str | None = None,
) -> Any:
    """The tracker after the review form: ``request`` started it, ``text`` is the review."""
    found = [entity("product", p, request) for p in products if p in request]
    return after_form(
        "review_form",
        [(request, "review", found), (text, "inform", [])],
        slots={"review_text": text},
        token=token,
    )


async def run(tracker: Any) -> tuple[list[dict[str, Any]], list[str]]:
    events, texts, _ = await run_with_messages(ActionStoreReview(clock=lambda: AS_OF), tracker)
    return events, texts


def bought_by(url: str, customer_id: int) -> tuple[int, str]:
    with shop_session(url) as session:
        purchases = purchased_products(session, customer_id=customer_id)
    return sorted(purchases)[0]


def not_bought_by(url: str, customer_id: int) -> str:
    with shop_session(url) as session:
        bought = {pid for pid, _ in purchased_products(session, customer_id=customer_id)}
        return str(session.scalar(select(Product.name).where(Product.id.not_in(bought)).limit(1)))


# -- the form ---------------------------------------------------------------------------------


async def test_the_form_takes_the_answer_as_the_review() -> None:
    tracker = form_turn(
        "4/5, comfy and\x00 warm", "inform", form="review_form", requested_slot="review_text"
    )
    events, texts, _ = await run_with_messages(ValidateReviewForm(), tracker)
    assert slot_values(events) == [("review_text", "4/5, comfy and warm")]
    assert texts == []


async def test_the_request_itself_is_not_the_review() -> None:
    tracker = form_turn(
        "I want to leave a review", "review", form="review_form", requested_slot=None
    )
    events, _, _ = await run_with_messages(ValidateReviewForm(), tracker)
    assert slot_values(events) == []


@pytest.mark.parametrize(
    ("text", "intent"), [("no", "deny"), ("human please", "contact_human_agent")]
)
async def test_a_digression_is_not_a_review(text: str, intent: str) -> None:
    tracker = form_turn(text, intent, form="review_form", requested_slot="review_text")
    events, _, _ = await run_with_messages(ValidateReviewForm(), tracker)
    assert events == []


async def test_an_empty_review_is_asked_again() -> None:
    tracker = form_turn("\u200b\x00", "inform", form="review_form", requested_slot="review_text")
    events, texts, _ = await run_with_messages(ValidateReviewForm(), tracker)
    assert slot_values(events) == [("review_text", None)]
    assert texts == [REVIEW_EMPTY]


# -- storing it -------------------------------------------------------------------------------


async def test_a_review_of_a_bought_product_is_stored_with_product_and_rating(
    shop_db: str,
) -> None:
    pid, name = bought_by(shop_db, 1)
    events, texts = await run(
        review(
            f"I want to rate my {name} 5 stars",
            "Lovely and warm",
            products=(name,),
            token=token_for(1),
        )
    )
    assert texts == [review_thanks(product=name, rating=5)]
    assert texts[0] == f"Thank you for your review of the {name}! You gave 5 out of 5 stars."
    assert events == RESET
    [event] = behaviour(shop_db, "review")
    assert (event.customer_id, event.conversation_id, event.product_id) == (1, "conv-test", pid)
    assert event.occurred_at == AS_OF
    assert event.properties == {
        "rating": 5,
        "text": "Lovely and warm",
        "product_id": pid,
        "source": "chat",
    }


async def test_the_rating_in_the_review_wins_over_the_request(shop_db: str) -> None:
    _, texts = await run(review("I want to rate it 5 stars", "actually 4/5, it pills a bit"))
    assert texts == [review_thanks(product=None, rating=4)]
    [event] = behaviour(shop_db, "review")
    assert event.properties["rating"] == 4


async def test_a_product_the_customer_didnt_buy_is_not_named_or_linked(shop_db: str) -> None:
    name = not_bought_by(shop_db, 1)
    _, texts = await run(
        review(f"review the {name}", "great", products=(name,), token=token_for(1))
    )
    assert texts == ["Thank you for your review!"]
    [event] = behaviour(shop_db, "review")
    assert event.product_id is None and event.properties["rating"] is None


async def test_a_guests_review_is_stored_without_customer_or_product(shop_db: str) -> None:
    _, name = bought_by(shop_db, 1)
    _, texts = await run(review(f"review the {name}", "two stars", products=(name,)))
    assert texts == [review_thanks(product=None, rating=2), REVIEW_LOW_RATING]
    [event] = behaviour(shop_db, "review")
    assert (event.customer_id, event.product_id) == (None, None)


@pytest.mark.parametrize(("text", "low"), [("1 star, fell apart", True), ("3/5", False)])
async def test_a_low_rating_asks_about_a_complaint(shop_db: str, text: str, low: bool) -> None:
    _, texts = await run(review("leave a rating", text))
    assert (REVIEW_LOW_RATING in texts) is low
    assert texts[-1] == (
        "I'm sorry it didn't live up to your expectations. Would you like to open a complaint? "
        "Just tell me what went wrong and I'll pass it on to our team."
        if low
        else review_thanks(product=None, rating=3)
    )


@pytest.mark.parametrize(
    "text", ["x" * 10_000, "'; DROP TABLE behaviour_events; --", "🙂", "\u202eممتاز"]
)
async def test_strange_input_gets_a_polite_answer(shop_db: str, text: str) -> None:
    events, texts = await run(review("write a review", text))
    assert texts == ["Thank you for your review!"]
    assert events == RESET
    [event] = behaviour(shop_db, "review")
    assert 0 < len(event.properties["text"]) <= 2000
    assert "\u202e" not in event.properties["text"]


async def test_without_a_review_text_nothing_is_stored(shop_db: str) -> None:
    events, texts = await run(review("write a review", ""))
    assert texts == [REVIEW_EMPTY]
    assert events == RESET
    assert behaviour(shop_db, "review") == []


async def test_a_database_failure_becomes_an_honest_message(
    shop_db: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    break_database(monkeypatch, "actions.feedback.review", "insert")
    events, texts = await run(review("write a review", "great", token=token_for(1)))
    assert texts == [UNAVAILABLE]
    assert events == RESET  # a new review doesn't reuse this text
    assert behaviour(shop_db, "review") == []
