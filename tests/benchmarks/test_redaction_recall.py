"""The redaction benchmark's baseline and scoring: what each column measures."""

from __future__ import annotations

import sys
from pathlib import Path

BENCHMARKS = Path(__file__).resolve().parents[2] / "benchmarks"
sys.path.insert(0, str(BENCHMARKS))

import redaction_recall  # noqa: E402

from icrm_models.analytics.redaction import redact  # noqa: E402
from icrm_models.analytics.redaction_scoring import (  # noqa: E402
    LabelledRow,
    redacted_strictly,
    score_rows,
)

ROWS = [
    LabelledRow("mail anna@example.com", "email", "anna@example.com"),
    LabelledRow("call 07700 900123 pls", "phone", "07700 900123"),
    LabelledRow("iban GB82 WEST 1234 5698 7654 32", "iban", "GB82 WEST 1234 5698 7654 32"),
    LabelledRow("my name is anna schmidt", "name", "anna schmidt"),
    LabelledRow("where is order 10023", "none", ""),
]


def test_the_baseline_does_only_emails_phones_and_card_runs() -> None:
    assert redaction_recall.baseline("mail anna@example.com") == "mail [EMAIL]"
    assert redaction_recall.baseline("my name is anna") == "my name is anna"
    assert redaction_recall.baseline("order 10023") == "order 10023"


def test_ours_beats_the_baseline_on_a_small_labelled_sample() -> None:
    ours = score_rows(ROWS, redact)
    base = score_rows(ROWS, redaction_recall.baseline)
    assert [ours.recall(c) for c in ("email", "phone", "iban", "name")] == [1.0] * 4
    assert base.recall("name") == 0.0 and base.recall("iban") == 0.0
    assert ours.clean_changed == 0 and ours.clean_messages == 1


def test_strict_scoring_needs_every_token_gone() -> None:
    text = "tell Marie Curie hi"
    assert not redacted_strictly(text, "Marie Curie", "tell Marie [NAME] hi")
    assert redacted_strictly(text, "Marie Curie", "tell [NAME] hi")
    # a token the rest of the message has anyway does not count against it
    assert redacted_strictly("Paris: 1 rue de Paris", "1 rue de Paris", "Paris: [ADDRESS]")


def test_a_missing_ner_model_gives_no_column() -> None:
    assert redaction_recall.with_ner("no_such_spacy_pipeline_xyz") is None
