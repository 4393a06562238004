import pytest

from icrm_models.support.escalation import assess_escalation, higher_priority, text_signals


def test_a_calm_complaint_is_normal() -> None:
    result = assess_escalation(["My jacket arrived damaged, could you help me with that?"])
    assert result.priority == "normal"
    assert result.reasons == ()
    assert not result.escalated


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("this is the third time I'm writing", "says it is a repeated contact"),
        ("I've called 4 times already", "says it is a repeated contact"),
        ("the order came incomplete again", "says it is a repeated contact"),
        ("this is unacceptable", "strong words"),
        ("I'm absolutely livid", "strong words"),
        ("my lawyer will hear about this", "legal threat"),
        ("I will take legal action", "legal threat"),
        ("see you in court", "legal threat"),
        ("I'll do a chargeback", "chargeback threat"),
        ("I will dispute the charge with my bank", "chargeback threat"),
        ("WHERE IS MY ORDER I PAID FOR IT", "writes in capitals"),
        ("please get me a REAL HUMAN", "writes in capitals"),
        ("where is it!!!", "many exclamation marks"),
        ("this is shit", "swearing"),
        ("what the f**k", "swearing"),
    ],
)
def test_each_signal_is_found(text: str, reason: str) -> None:
    assert reason in [r for r, _ in text_signals([text])]


@pytest.mark.parametrize(
    "text",
    [
        "I bought a Scrap-free bag",  # "crap" inside a word
        "The XXL size is too big",  # a size, not shouting
        "I ordered the MEDIUM one",  # one word in capitals is not shouting
        "I ordered from DHL tracking",
        "Thank you!",
        "Are these suede shoes? There's an issue with the size",  # "sue" inside words
        "Do you sell tennis court shoes?",
    ],
)
def test_ordinary_text_has_no_signal(text: str) -> None:
    assert text_signals([text]) == []


def test_one_signal_is_high_two_are_urgent() -> None:
    assert assess_escalation(["unacceptable"]).priority == "high"
    assert assess_escalation(["third time I write, unacceptable"]).priority == "urgent"


def test_a_legal_or_chargeback_threat_alone_is_urgent() -> None:
    assert assess_escalation(["I'll call my lawyer"]).priority == "urgent"
    assert assess_escalation(["I'm going to file a chargeback"]).priority == "urgent"


def test_history_counts_earlier_complaints_and_open_tickets() -> None:
    assert assess_escalation(["it's damaged"], earlier_complaints=1).priority == "high"
    both = assess_escalation(["it's damaged"], earlier_complaints=1, open_tickets=2)
    assert both.priority == "urgent"
    assert both.reasons == (
        "complained before in this conversation",
        "has open tickets from earlier contacts",
    )


def test_the_cap_limits_the_priority() -> None:
    result = assess_escalation(["I'll call my LAWYER!!!"], cap="high")
    assert result.priority == "high" and result.escalated


def test_an_unknown_cap_is_rejected() -> None:
    with pytest.raises(ValueError, match="cap"):
        assess_escalation([], cap="critical")


def test_higher_priority() -> None:
    assert higher_priority("normal", "urgent") == "urgent"
    assert higher_priority("high", "normal") == "high"
    assert higher_priority("weird", "low") == "weird"
