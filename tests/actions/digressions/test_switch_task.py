"""``action_switch_task``: the form is closed and the same message handed back, once."""

import asyncio
from pathlib import Path
from typing import Any

import yaml
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.digressions.switch_task import ActionSwitchTask
from actions.digressions.tasks import FORM_TASKS, task_of
from icrm_models.launcher.form_rules import domain_forms
from tests.helpers.trackers import CLIENT_KEY, build_tracker

BOT = Path(__file__).parents[3] / "bot"


def run(tracker: Tracker) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    dispatcher = CollectingDispatcher()
    events = asyncio.run(ActionSwitchTask().run(dispatcher, tracker, {}))
    return dispatcher.messages, events


def test_the_form_is_closed_and_the_message_uttered_again() -> None:
    tracker = build_tracker(
        "where is my parcel? it's order 10023",
        "track_order",
        [{"entity": "order_id", "value": "10023", "start": 31, "end": 36}],
        slots={"requested_slot": "confirmation"},
        active_loop="cancel_order_form",
        token="signed-token",
    )
    messages, events = run(tracker)
    assert [m["text"] for m in messages] == ["OK, let's leave the cancellation for now."]
    names = [e["event"] for e in events]
    assert names == ["rewind", "active_loop", "slot", "action", "user"]
    assert events[1]["name"] is None
    assert events[2] == {**events[2], "name": "requested_slot", "value": None}
    assert events[3]["name"] == "action_listen"
    replay = events[4]
    original = tracker.events[-1]
    assert replay["text"] == original["text"]
    assert replay["parse_data"] == original["parse_data"]  # intent and entities unchanged
    assert replay["metadata"] == {"identity_token": "signed-token", "client_key": CLIENT_KEY}
    assert replay["timestamp"] >= original["timestamp"]


def test_without_a_user_message_it_only_closes_the_form() -> None:
    tracker = build_tracker("hi", "greet", active_loop="return_form")
    tracker.events = [e for e in tracker.events if e.get("event") != "user"]
    messages, events = run(tracker)
    assert [e["event"] for e in events] == ["active_loop", "slot"]
    assert messages[0]["text"] == "OK, let's leave the return for now."


def test_every_form_has_words_for_what_it_does() -> None:
    assert set(domain_forms(BOT / "domain")) == set(FORM_TASKS)
    assert task_of(None) == "that"


def test_the_action_is_declared_with_its_replies() -> None:
    domain = yaml.safe_load((BOT / "domain" / "digressions.yml").read_text())
    assert "action_switch_task" in domain["actions"]
    rules = yaml.safe_load((BOT / "data" / "rules" / "form_interruptions.yml").read_text())
    replies = {
        step["action"]
        for rule in rules["rules"]
        for step in rule["steps"][1:2]
        if step.get("action", "").startswith("utter_")
    }
    declared = set()
    for file in (BOT / "domain").glob("*.yml"):
        declared |= set((yaml.safe_load(file.read_text()) or {}).get("responses") or {})
    assert replies <= declared
