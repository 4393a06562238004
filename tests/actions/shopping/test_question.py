from typing import Any

import pytest
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy.orm import Session

from actions.errors import UNAVAILABLE
from actions.shopping.messages import PRODUCT_NOT_FOUND, WHICH_PRODUCT
from actions.shopping.question import ActionProductQuestion, ValidateProductQuestionForm
from icrm_models import clock
from icrm_models.offers.interests import chat_interests
from icrm_models.offers.records import show_offers
from tests.helpers.database import break_database
from tests.helpers.identity import token_for
from tests.helpers.shop import AS_OF
from tests.helpers.shopping import CONVERSATION, engine, run_action, texts
from tests.helpers.trackers import T0, build_tracker, user_event

JACKSHIRT = 24  # Proteus Fitness Jackshirt
WAYFARER = 151  # Wayfarer Messenger Bag
ZOE = 115  # Zoe Tank
FORM = {
    "forms": {"product_question_form": {"required_slots": ["question_product"]}},
    "slots": {"question_product": {"type": "text", "mappings": [{"type": "custom"}]}},
}


async def _validate(tracker: Any) -> tuple[list[dict[str, Any]], list[str]]:
    dispatcher = CollectingDispatcher()
    events = await ValidateProductQuestionForm().run(dispatcher, tracker, FORM)
    return events, [m["text"] for m in dispatcher.messages]


def _slot(events: list[dict[str, Any]]) -> Any:
    return next((e["value"] for e in events if e.get("name") == "question_product"), None)


async def test_a_named_product_is_found_in_the_question_itself(shop_db: str) -> None:
    tracker = build_tracker(
        "is the proteus jackshirt waterproof?",
        "product_question",
        [{"entity": "product", "value": "proteus jackshirt"}],
        active_loop="product_question_form",
    )
    events, messages = await _validate(tracker)
    assert _slot(events) == str(JACKSHIRT) and messages == []


async def test_an_unclear_product_is_asked_for_without_an_error_first(shop_db: str) -> None:
    tracker = build_tracker(
        "is the fabric breathable?", "product_question", active_loop="product_question_form"
    )
    events, messages = await _validate(tracker)
    assert _slot(events) is None and messages == []


async def test_the_answer_to_which_product_is_checked(shop_db: str) -> None:
    slots = {"requested_slot": "question_product"}
    found, _ = await _validate(
        build_tracker("the zoe tank", "inform", slots=slots, active_loop="product_question_form")
    )
    assert _slot(found) == str(ZOE)
    events, messages = await _validate(
        build_tracker("the blue one", "inform", slots=slots, active_loop="product_question_form")
    )
    assert _slot(events) is None and messages == [PRODUCT_NOT_FOUND]


async def test_it_means_the_one_product_just_shown(shop_db: str) -> None:
    from sqlalchemy.orm import Session

    with Session(engine()) as session:
        (shown,) = show_offers(
            session,
            items=[(WAYFARER, "matches your search")],
            discount_pct=None,
            customer_id=None,
            conversation_id=CONVERSATION,
            model_version="search-keyword",
            now=AS_OF,
        )
    tracker = build_tracker(
        "is it waterproof?",
        "product_question",
        slots={"last_offer_ids": [str(shown.offer_id)]},
        active_loop="product_question_form",
    )
    events, _ = await _validate(tracker)
    assert _slot(events) == str(WAYFARER)
    # Another conversation's offer ids point at nothing here.
    other = build_tracker(
        "is it waterproof?",
        "product_question",
        slots={"last_offer_ids": [str(shown.offer_id)]},
        active_loop="product_question_form",
        sender_id="someone-else",
    )
    events, _ = await _validate(other)
    assert _slot(events) is None


async def test_the_answer_comes_from_the_products_data(shop_db: str) -> None:
    question = user_event(
        "is the Zoe Tank available in purple and M?",
        "product_question",
        [
            {"entity": "product", "value": "Zoe Tank"},
            {"entity": "color", "value": "purple"},
            {"entity": "size", "value": "M"},
        ],
        timestamp=T0 + 1,
    )
    tracker = build_tracker(
        "zoe tank", "inform", slots={"question_product": str(ZOE)}, earlier=[question]
    )
    events, messages = await run_action(ActionProductQuestion(), tracker)
    (text,) = texts(messages)
    assert text.startswith("Zoe Tank (€")
    assert "Yes, it comes in size M." in text
    assert "Colours: " in text and "Sizes: XS, S, M, L, XL." in text
    assert ("Yes, it comes in Purple." in text) or ("Sorry, it doesn't come in Purple." in text)
    assert "in stock" in text or "out of stock" in text
    assert events == [
        {"event": "slot", "timestamp": None, "name": "question_product", "value": None}
    ]


async def test_the_most_relevant_sentence_is_quoted(shop_db: str) -> None:
    tracker = build_tracker(
        "does the wayfarer bag fit my laptop?",
        "product_question",
        slots={"question_product": str(WAYFARER)},
    )
    _, messages = await run_action(ActionProductQuestion(), tracker)
    assert "spaces for your laptop" in texts(messages)[0]


async def test_the_question_is_kept_as_an_interest_of_the_verified_customer(shop_db: str) -> None:
    tracker = build_tracker(
        "does the wayfarer bag fit my laptop?",
        "product_question",
        slots={"question_product": str(WAYFARER)},
        token=token_for(3),
    )
    await run_action(ActionProductQuestion(), tracker)
    with Session(engine()) as session:
        interests = chat_interests(
            session, customer_id=3, conversation_id=None, now=clock.utc_now()
        )
    assert interests.product_ids == (WAYFARER,)


@pytest.mark.parametrize("value", [None, "abc", "\x00", "99999999"])
async def test_without_a_known_product_it_asks_which(shop_db: str, value: str | None) -> None:
    tracker = build_tracker(
        "is it waterproof?", "product_question", slots={"question_product": value}
    )
    _, messages = await run_action(ActionProductQuestion(), tracker)
    assert texts(messages) == [WHICH_PRODUCT]


@pytest.mark.parametrize("text", ["🙂", "x" * 10_000, "'; DROP TABLE products; --", "\u202e"])
async def test_strange_questions_are_handled_politely(shop_db: str, text: str) -> None:
    tracker = build_tracker(text, "product_question", active_loop="product_question_form")
    events, messages = await _validate(tracker)
    assert messages == [] and _slot(events) in (None, *[str(i) for i in range(1, 300)])


async def test_a_database_failure_becomes_an_honest_message(
    shop_db: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    break_database(monkeypatch, "actions.shopping.question")
    tracker = build_tracker(
        "is it waterproof?", "product_question", slots={"question_product": str(ZOE)}
    )
    events, messages = await run_action(ActionProductQuestion(), tracker)
    assert texts(messages) == [UNAVAILABLE] and events == []
