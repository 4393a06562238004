import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from rasa_sdk import Tracker

from actions.fallback.ask_affirmation import ActionDefaultAskAffirmation
from actions.fallback.descriptions import INTENT_DESCRIPTIONS, describe
from actions.fallback.messages import REPHRASE
from tests.helpers.runs import run_with_messages
from tests.helpers.trackers import build_tracker, entity

NLU_DIR = Path(__file__).parents[3] / "bot" / "data" / "nlu"


def unclear(
    text: str, ranking: list[tuple[str, float]], entities: list[dict[str, Any]] | None = None
) -> Tracker:
    """A message the FallbackClassifier marked nlu_fallback, with NLU's ranking."""
    tracker = build_tracker(text, "nlu_fallback", entities or [])
    state = tracker.current_state()
    state["latest_message"]["intent"] = {"name": "nlu_fallback", "confidence": 0.45}
    state["latest_message"]["intent_ranking"] = [
        {"name": "nlu_fallback", "confidence": 0.45},
        *({"name": name, "confidence": c} for name, c in ranking),
    ]
    return Tracker.from_dict(state)


async def ask(tracker: Tracker) -> dict[str, Any]:
    events, _, messages = await run_with_messages(ActionDefaultAskAffirmation(), tracker)
    assert events == []
    [message] = messages
    return message


def test_every_intent_of_the_nlu_data_has_a_description() -> None:
    intents = set()
    for file in NLU_DIR.glob("*.yml"):
        for block in (yaml.safe_load(file.read_text(encoding="utf-8")) or {}).get("nlu") or []:
            if "intent" in block:
                intents.add(block["intent"])
    assert len(intents) >= 38
    assert intents - set(INTENT_DESCRIPTIONS) == set()


async def test_one_likely_intent_is_offered_in_words() -> None:
    message = await ask(unclear("wheres my stuf", [("track_order", 0.4), ("track_refund", 0.05)]))
    assert message["text"] == 'Sorry, I\'m not sure I understood. Did you mean: "track an order"?'
    assert message["buttons"] == [
        {"title": "Track an order", "payload": "/track_order"},
        {"title": "Something else", "payload": "/out_of_scope"},
    ]


async def test_up_to_three_likely_intents_are_offered_as_buttons() -> None:
    ranking = [
        ("track_refund", 0.30),
        ("out_of_scope", 0.2),
        ("get_refund", 0.25),
        ("check_refund_policy", 0.2),
        ("track_order", 0.19),
    ]
    message = await ask(unclear("my mony back stauts", ranking))
    assert message["text"] == "Sorry, I'm not sure I understood. Did you mean one of these?"
    assert [b["payload"] for b in message["buttons"]] == [
        "/track_refund",
        "/get_refund",
        "/check_refund_policy",
        "/out_of_scope",
    ]
    assert message["buttons"][-1]["title"] == "Something else"


async def test_the_entities_travel_with_the_button() -> None:
    text = "stuf 10023 size M"
    entities = [entity("order_id", "10023", text), entity("size", "M", text)]
    message = await ask(unclear(text, [("change_order", 0.4)], entities))
    payload = message["buttons"][0]["payload"]
    assert payload.startswith("/change_order{")
    assert json.loads(payload[len("/change_order") :]) == {"order_id": "10023", "size": "M"}


async def test_entities_with_roles_are_left_out_and_repeats_become_lists() -> None:
    text = "jacket under 80 in M or L"
    entities = [
        {**entity("price", "80", text), "role": "under"},
        entity("size", "M", text),
        entity("size", "L", text),
    ]
    message = await ask(unclear(text, [("product_search", 0.4)], entities))
    assert message["buttons"][0]["payload"] == '/product_search{"size": ["M", "L"]}'


async def test_out_of_scope_is_skipped_for_the_next_intent() -> None:
    message = await ask(unclear("hmm", [("out_of_scope", 0.4), ("complaint", 0.3)]))
    assert message["buttons"][0] == {"title": "Make a complaint", "payload": "/complaint"}


@pytest.mark.parametrize(
    "ranking", [[], [("out_of_scope", 0.4)], [("an_intent_from_the_future", 0.5)]]
)
async def test_nothing_to_offer_asks_to_rephrase(ranking: list[tuple[str, float]]) -> None:
    message = await ask(unclear("asdf", ranking))
    assert message["text"] == REPHRASE
    assert not message.get("buttons")


async def test_strange_entity_values_are_bounded_and_valid_json() -> None:
    text = '"}{' + "x" * 10_000
    message = await ask(unclear(text, [("product_search", 0.4)], [entity("product", text, text)]))
    payload = message["buttons"][0]["payload"]
    assert len(json.loads(payload[len("/product_search") :])["product"]) == 100


def test_describe() -> None:
    assert describe("track_order") == "track an order"
    assert describe("nlu_fallback") is None
    assert describe("out_of_scope") is None
    assert describe(None) is None
