from typing import Any

import pytest

from actions.feedback.complaint_form import ValidateComplaintForm
from actions.feedback.messages import CATEGORY_UNCLEAR, SUMMARY_EMPTY
from tests.helpers.forms import form_turn
from tests.helpers.runs import run_with_messages, slot_values
from tests.helpers.trackers import build_tracker, entity

FORM = "complaint_form"


async def validate(tracker: Any) -> tuple[list[tuple[str, Any]], list[str]]:
    events, texts, _ = await run_with_messages(ValidateComplaintForm(), tracker)
    return slot_values(events), texts


# -- the complaint that starts the form -------------------------------------------------------


async def test_a_first_message_that_says_it_all_fills_both_slots() -> None:
    text = "I received the wrong item in order 10482"
    tracker = build_tracker(text, "complaint", [entity("order_id", "10482", text)])
    assert await validate(tracker) == (
        [("complaint_category", "wrong_item"), ("complaint_summary", text)],
        [],
    )


async def test_a_short_complaint_with_a_clear_category_fills_only_the_category() -> None:
    tracker = build_tracker("the courier lost my parcel, awful", "complaint")
    assert await validate(tracker) == ([("complaint_category", "delivery")], [])


async def test_a_long_complaint_without_a_clear_category_fills_only_the_description() -> None:
    text = "this is the third time I'm writing, unacceptable"  # eight words
    assert await validate(build_tracker(text, "complaint")) == (
        [("complaint_summary", text)],
        [],
    )


async def test_an_ambiguous_first_message_leaves_the_category_to_ask() -> None:
    tracker = build_tracker("the zipper broke", "complaint")  # quality or damaged?
    assert await validate(tracker) == ([], [])


async def test_a_bare_request_to_complain_fills_nothing() -> None:
    assert await validate(build_tracker("I want to make a complaint", "complaint")) == ([], [])


# -- answers to the form's questions ----------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "intent", "category"),
    [
        ("damaged item", "inform", "damaged"),
        ("delivery", "delivery_options", "delivery"),  # a bare answer, not a policy question
        ("our service", "contact_customer_service", "service"),
        ("it was soaked, totally ruined", "complaint", "damaged"),
        ("billing", "nlu_fallback", "billing"),
        ("something else", "inform", "other"),
    ],
)
async def test_the_category_answer_is_mapped(text: str, intent: str, category: str) -> None:
    tracker = form_turn(text, intent, form=FORM, requested_slot="complaint_category")
    assert await validate(tracker) == ([("complaint_category", category)], [])


async def test_an_unclear_category_is_asked_again() -> None:
    tracker = form_turn(
        "hmm, hard to say", "inform", form=FORM, requested_slot="complaint_category"
    )
    assert await validate(tracker) == ([("complaint_category", None)], [CATEGORY_UNCLEAR])


async def test_after_two_unclear_answers_the_category_is_other() -> None:
    tracker = form_turn(
        "hmm, hard to say", "inform", form=FORM, requested_slot="complaint_category", asked=2
    )
    assert await validate(tracker) == ([("complaint_category", "other")], [])


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("how long does delivery take?", "delivery_period"),
        ("what's your refund policy", "check_refund_policy"),
        ("what's the weather like?", "out_of_scope"),
        ("no", "deny"),
        ("forget it", "deny"),
        ("let me talk to a human", "contact_human_agent"),
        ("thanks", "thank"),
    ],
)
async def test_a_digression_is_not_an_answer(text: str, intent: str) -> None:
    """Nothing is extracted: the form rejects and the interruption rules take over."""
    for slot in ("complaint_category", "complaint_summary"):
        tracker = form_turn(text, intent, form=FORM, requested_slot=slot)
        assert await validate(tracker) == ([], [])


async def test_the_description_is_kept_in_the_customers_words() -> None:
    tracker = form_turn(
        "the box was crushed and\x00 the sleeve\u202e has a stain",
        "inform",
        form=FORM,
        requested_slot="complaint_summary",
        slots={"complaint_category": "damaged"},
    )
    assert await validate(tracker) == (
        [("complaint_summary", "the box was crushed and the sleeve has a stain")],
        [],
    )


async def test_an_empty_description_is_asked_again() -> None:
    tracker = form_turn("\x00\u200b", "inform", form=FORM, requested_slot="complaint_summary")
    assert await validate(tracker) == ([("complaint_summary", None)], [SUMMARY_EMPTY])


async def test_only_the_requested_slot_takes_the_answer() -> None:
    tracker = form_turn("damaged item", "inform", form=FORM, requested_slot="complaint_summary")
    assert await validate(tracker) == ([("complaint_summary", "damaged item")], [])


@pytest.mark.parametrize(
    "text", ["x" * 10_000, "' OR 1=1; DROP TABLE customers; --", "🙂🙂🙂", "طلبي تالف"]
)
async def test_strange_input_gets_a_polite_answer(text: str) -> None:
    category = form_turn(text, "inform", form=FORM, requested_slot="complaint_category")
    assert await validate(category) == ([("complaint_category", None)], [CATEGORY_UNCLEAR])
    summary = form_turn(text, "inform", form=FORM, requested_slot="complaint_summary")
    slots, texts = await validate(summary)
    assert texts == [] and slots[0][0] == "complaint_summary"
    assert 0 < len(slots[0][1]) <= 2000
