import pytest

from actions.digressions.answers import form_answer, is_digression, looks_like_question
from tests.helpers.trackers import build_tracker


@pytest.mark.parametrize(
    ("intent", "text"),
    [
        ("track_order", "where is my order?"),  # another request, as a question
        ("cancel_order", "how do I cancel"),
        ("edit_account", "can I change my email instead?"),  # the form's own, as a question
        ("delivery_period", "delivery times"),  # a policy topic, whatever its shape
        ("out_of_scope", "tell me a joke"),
        ("nlu_fallback", "hmm"),
        ("deny", "no thanks, leave it"),
        ("thank", "thanks!"),
        ("affirm", "yes"),  # a yes is no e-mail, name or reason
        ("contact_human_agent", "I'd like to talk to a person about my new address please"),
    ],
)
def test_short_values_never_take_a_question_or_an_aside(intent: str, text: str) -> None:
    assert is_digression(intent, text)


@pytest.mark.parametrize(
    ("intent", "text"),
    [
        ("inform", "jane.doe@example.com"),
        ("inform", "is it jane.doe@example.com?"),  # a detail, even asked back
        ("change_shipping_address", "12 Baker Street, London NW1 6XE"),
        ("set_up_shipping_address", "Flat 2, 5 High St, Leeds LS1 4AB"),
        ("greet", "Jane Hello-Smith the second of that name"),  # long: a name, not a hello
    ],
)
def test_short_values_take_what_looks_like_a_value(intent: str, text: str) -> None:
    assert not is_digression(intent, text)


@pytest.mark.parametrize(
    ("intent", "text", "expected"),
    [
        ("complaint", "why did I get the wrong size?", False),  # a complaint can be a question
        ("track_order", "where has my parcel been for two weeks?", False),
        ("delivery_options", "late delivery", False),  # a topic word is a category here
        ("delivery_options", "what are your delivery options?", True),
        ("out_of_scope", "can you book me a flight?", True),
        ("deny", "no", True),
        ("deny", "no, it arrived broken and nobody answered my e-mails", False),
    ],
)
def test_descriptive_answers_may_be_questions(intent: str, text: str, expected: bool) -> None:
    assert is_digression(intent, text, descriptive=True) is expected


def test_question_words_and_marks() -> None:
    assert looks_like_question("What's the status")
    assert looks_like_question("status?")
    assert not looks_like_question("12 Baker Street")


def test_form_answer_only_for_the_slot_asked_for() -> None:
    asked = {"requested_slot": "new_address"}
    address = build_tracker("12 Baker Street, London", "inform", slots=asked)
    assert form_answer(address, "new_address") == "12 Baker Street, London"
    assert form_answer(address, "account_value") is None  # not the question asked
    question = build_tracker("where is my parcel?", "track_order", slots=asked)
    assert form_answer(question, "new_address") is None
    blank = build_tracker("   ", "inform", slots=asked)
    assert form_answer(blank, "new_address") is None
