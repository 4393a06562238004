"""The action benchmark's requests and its table: what Rasa would post, and when a target is met."""

from __future__ import annotations

import sys
from pathlib import Path

BENCHMARKS = Path(__file__).resolve().parents[2] / "benchmarks"
sys.path.insert(0, str(BENCHMARKS))

import action_benchmark  # noqa: E402
import action_benchmark_calls  # noqa: E402
from action_benchmark_shop import SECRET, Sample  # noqa: E402

from icrm_models.identity import verify_identity  # noqa: E402

DOMAIN = {"slots": {"order_id": {"initial_value": None}, "verified": {"initial_value": False}}}


def test_the_webhook_body_is_what_rasa_posts_after_the_customers_message() -> None:
    sample = Sample(customer_id=7, order_id=10042)
    body = action_benchmark_calls.webhook_body(
        "action_track_order", sample, DOMAIN, "where is my order?", "track_order"
    )
    tracker = body["tracker"]
    assert body["next_action"] == "action_track_order" and body["domain"] == DOMAIN
    assert tracker["slots"] == {"order_id": "10042", "verified": False}
    assert tracker["latest_message"]["intent"]["name"] == "track_order"
    user = tracker["events"][-1]
    assert user["event"] == "user" and user["text"] == "where is my order?"
    token = user["metadata"]["identity_token"]
    assert verify_identity(token, SECRET.encode(), session_id=body["sender_id"]) == 7


def test_answers_are_checked() -> None:
    sample = Sample(customer_id=7, order_id=10042)
    assert action_benchmark_calls.mentions_order(sample, ["Order 10042 (shipped) ..."])
    assert not action_benchmark_calls.mentions_order(sample, ["Order 10043 (shipped) ..."])
    assert not action_benchmark_calls.any_answer(sample, [])


def test_a_target_is_met_only_below_its_p95_and_without_wrong_answers() -> None:
    name = "order status (action server)"  # target p95: 30 ms
    fast = [10.0] * 100
    assert action_benchmark.summary(name, fast, wrong=0)["met"] == "yes"
    assert action_benchmark.summary(name, fast, wrong=1)["met"] == "NO"
    assert action_benchmark.summary(name, [40.0] * 100, wrong=0)["met"] == "NO"
    assert action_benchmark.summary("no target", fast, wrong=0)["met"] == ""
