from collections import Counter
from pathlib import Path

import pytest

from icrm_models.nlu.bot_data import bot_examples, plain_text
from icrm_models.nlu.cross_validation import cross_validate, markdown_report, stratified_folds


def _examples(per_intent: int = 6) -> list[tuple[str, str]]:
    return [
        (f"{intent} message {n}", intent) for intent in ("a", "b", "c") for n in range(per_intent)
    ]


def test_folds_cover_everything_once_and_spread_each_intent() -> None:
    examples = _examples()
    parts = stratified_folds(examples, 3)
    assert sorted(i for part in parts for i in part) == list(range(len(examples)))
    for part in parts:
        assert Counter(examples[i][1] for i in part) == {"a": 2, "b": 2, "c": 2}


def test_held_out_messages_never_reach_training_and_scores_add_up() -> None:
    examples = _examples()
    seen: list[set[str]] = []

    def fake(train: list[tuple[str, str]], texts: list[str], _work: Path) -> list[str | None]:
        trained = {t for t, _ in train}
        assert not trained & set(texts)
        seen.append(set(texts))
        return [t.split()[0] if not t.endswith("0") else "a" for t in texts]

    results = cross_validate(examples, 3, fake)
    assert len(results) == 3 and set().union(*seen) == {t for t, _ in examples}
    report = markdown_report(results, title="CV")
    assert "| **mean ± sd** |" in report and "| b | a |" in report


def test_too_few_examples_or_folds_is_a_clear_error() -> None:
    with pytest.raises(ValueError, match="fewer examples than folds for: a, b, c"):
        stratified_folds(_examples(2), 3)
    with pytest.raises(ValueError, match="at least 2 folds"):
        stratified_folds(_examples(), 1)


def test_annotations_become_plain_text() -> None:
    assert plain_text('under [80]{"entity": "price", "role": "under"} pls') == "under 80 pls"
    assert plain_text("where is [10023](order_id)?") == "where is 10023?"


def test_the_bot_has_examples_for_every_intent() -> None:
    examples = bot_examples(Path(__file__).parents[3] / "bot" / "data" / "nlu")
    counts = Counter(intent for _, intent in examples)
    assert len(counts) == 38 and min(counts.values()) >= 50
