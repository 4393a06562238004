"""The test-time spelling corrector, trained and reloaded inside the real Rasa runtime."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.helpers.rasa import run_in_rasa

CHECK = Path(__file__).with_name("rasa_spelling_corrector_check.py")


@pytest.fixture(scope="module")
def outcome(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    return run_in_rasa(CHECK, str(tmp_path_factory.mktemp("spelling-model")))


def test_unknown_words_become_the_closest_training_or_english_word(outcome: dict[str, Any]) -> None:
    assert outcome["corrected"][0] == "where is my package"
    assert outcome["corrected"][2] == "zentrek backpack pls"  # "pls": under four letters
    assert outcome["lookup"] == "the alpine trial jacket"  # "trial" is English: left alone


def test_numbers_emails_and_prices_are_never_touched(outcome: dict[str, Any]) -> None:
    assert outcome["corrected"][1] == "refund for order #10023 to ann@exmple.com, $40 or €35"


def test_the_customers_text_is_kept_when_it_changed(outcome: dict[str, Any]) -> None:
    assert outcome["original"][:3] == [
        "wher is my pakage",
        "refnud for order #10023 to ann@exmple.com, $40 or €35",
        "zentrak backpak pls",
    ]
    assert outcome["original"][3:] == [None, None]
    assert outcome["corrected"][3:] == ["where is my package", ""]


def test_training_data_is_left_as_it_is_and_untrained_corrects_nothing(
    outcome: dict[str, Any],
) -> None:
    assert outcome["training_texts"] == [
        "where is my package",
        "i want a refund",
        "do you sell the zentrek backpack",
    ]
    assert outcome["untrained"] == "wher is my pakage"


def test_bad_settings_are_clear_errors(outcome: dict[str, Any]) -> None:
    assert outcome["errors"] == ["SpellingCorrector: max_edit_distance must be 1 or 2"]
