"""The Rasa channels of bot/credentials.yml, served by Rasa's real HTTP app inside the Rasa
runtime (tests/bot/rasa_channels_check.py): the door checks of issue 15 (findings 7 and 10)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.helpers.rasa import run_in_rasa

CHECK = Path(__file__).with_name("rasa_channels_check.py")
TOO_LONG = "That message is too long for me — could you say it in fewer words?"


@pytest.fixture(scope="module")
def outcome() -> dict[str, Any]:
    return run_in_rasa(
        CHECK,
        env={"ICRM_MAX_MESSAGE_CHARS": "50", "ICRM_ALLOWED_ORIGINS": "http://shop.test:8000"},
    )


def test_credentials_name_our_channels_under_rasas_names(outcome: dict[str, Any]) -> None:
    assert outcome["channels"] == [
        "channels.guarded.GuardedRestInput:rest",
        "channels.guarded.GuardedSocketIOInput:socketio",
    ]
    assert outcome["rest_health"] == 200  # /webhooks/rest/ as before


def test_an_oversize_rest_message_is_answered_politely_without_the_processor(
    outcome: dict[str, Any],
) -> None:
    long = outcome["rest_long"]
    assert long["status"] == 200
    assert long["body"] == [{"recipient_id": "s2", "text": TOO_LONG}]
    assert long["seconds"] < 1.0  # 100 kB through NLU took 4.5 s
    assert outcome["rest_long_reached_agent"] == 0


def test_messages_up_to_the_limit_reach_the_assistant(outcome: dict[str, Any]) -> None:
    assert outcome["rest_ok"]["body"] == [{"recipient_id": "s1", "text": "echo hello"}]
    assert outcome["rest_at_limit"]["body"][0]["text"] == "echo " + "y" * 50
    assert outcome["socket_ok"] == {"connected": True, "answers": ["echo hi there"]}


def test_an_oversize_socket_message_is_answered_politely_without_the_processor(
    outcome: dict[str, Any],
) -> None:
    assert outcome["socket_long"] == {"connected": True, "answers": [TOO_LONG]}
    assert outcome["socket_long_reached_agent"] == 0
    assert all(len(text) <= 50 for text in outcome["handled"])


@pytest.mark.parametrize(
    ("case", "says"),
    [
        ("rest_no_sender", "conversation id"),
        ("rest_empty_sender", "conversation id"),
        ("rest_number_message", "message must be a string"),
        ("rest_list_body", "JSON object"),
    ],
)
def test_rest_messages_without_a_sender_are_refused(
    outcome: dict[str, Any], case: str, says: str
) -> None:
    refused = outcome[case]
    assert refused["status"] == 400 and says in refused["body"]["error"]


def test_sockets_open_only_from_the_shops_origins(outcome: dict[str, Any]) -> None:
    assert outcome["socket_foreign"] == {"connected": False, "answers": []}


def test_the_customers_text_stays_out_of_rasas_log(outcome: dict[str, Any]) -> None:
    # Rasa as it comes logs all three; with the channels loaded, none.
    before, after = outcome["log_before"], outcome["log_after"]
    assert all(f"before{n}@example" in before for n in (1, 2, 3))
    assert not any(f"after{n}@example" in after for n in (1, 2, 3))
    assert "withheld" in after and "probe.failure" in after
