from collections import Counter
from pathlib import Path

import pytest
import yaml

from icrm_models.nlu.bot_data import (
    AnnotatedExample,
    annotate,
    bot_examples,
    bot_nlu_data,
    plain_text,
)
from icrm_models.nlu.cross_validation import (
    FoldPrediction,
    cross_validate,
    markdown_report,
    stratified_folds,
)
from icrm_models.nlu.train import annotated_nlu_yaml

BOT_NLU = Path(__file__).parents[3] / "bot" / "data" / "nlu"


def _examples(per_intent: int = 6) -> list[tuple[str, str]]:
    return [
        (f"{intent} message {n}", intent) for intent in ("a", "b", "c") for n in range(per_intent)
    ]


def _annotated(per_intent: int = 6) -> list[AnnotatedExample]:
    return [
        AnnotatedExample(f"{t} [{n}](number)", f"{t} {n}", i, [(len(t) + 1, len(t) + 2, "number")])
        for t, i in _examples(per_intent)
        for n in [t[-1]]
    ]


def test_folds_cover_everything_once_and_spread_each_intent() -> None:
    examples = _examples()
    parts = stratified_folds(examples, 3)
    assert sorted(i for part in parts for i in part) == list(range(len(examples)))
    for part in parts:
        assert Counter(examples[i][1] for i in part) == {"a": 2, "b": 2, "c": 2}


def test_held_out_messages_never_reach_training_and_scores_add_up() -> None:
    examples = _annotated()
    seen: list[set[str]] = []

    def fake(train: list[AnnotatedExample], texts: list[str], _work: Path) -> list[FoldPrediction]:
        trained = {e.text for e in train}
        assert not trained & set(texts)
        seen.append(set(texts))
        # Intents right except for messages ending in 0; the number found except in intent c.
        return [
            (
                t.split()[0] if not t.endswith("0") else "a",
                [] if t.startswith("c") else [(len(t) - 1, len(t), "number")],
            )
            for t in texts
        ]

    results = cross_validate(examples, 3, fake)
    assert len(results) == 3 and set().union(*seen) == {e.text for e in examples}
    assert sum(r.entities.annotated["number"] for r in results) == 18
    assert sum(r.entities.true_positives["number"] for r in results) == 12
    report = markdown_report(results, title="CV")
    assert "| **mean ± sd** |" in report and "| b | a |" in report
    assert "| number | 18 | 12 | 1.000 | 0.667 | 0.800 |" in report


def test_too_few_examples_or_folds_is_a_clear_error() -> None:
    with pytest.raises(ValueError, match="fewer examples than folds for: a, b, c"):
        stratified_folds(_examples(2), 3)
    with pytest.raises(ValueError, match="at least 2 folds"):
        stratified_folds(_examples(), 1)


def test_annotations_become_plain_text_and_spans() -> None:
    assert plain_text('under [80]{"entity": "price", "role": "under"} pls') == "under 80 pls"
    assert plain_text("where is [10023](order_id)?") == "where is 10023?"
    text, spans = annotate(
        '[blue]{"entity": "color"} [jacket](product) under [80]{"entity": "price", "role": "under"}'
    )
    assert text == "blue jacket under 80"
    assert spans == [(0, 4, "color"), (5, 11, "product"), (18, 20, "price.under")]
    assert [text[s:e] for s, e, _ in spans] == ["blue", "jacket", "80"]


def test_fold_training_data_keeps_annotations_lookups_and_regexes() -> None:
    data = bot_nlu_data(BOT_NLU)
    assert {next(iter(b)) for b in data.other_blocks} == {"lookup", "regex"}
    every_span_is_text = all(
        e.text[s:t].strip() == e.text[s:t] != "" for e in data.examples for s, t, _ in e.entities
    )
    assert every_span_is_text and sum(len(e.entities) for e in data.examples) > 500
    written = yaml.safe_load(annotated_nlu_yaml(data.examples[:3], data.other_blocks))
    assert data.examples[0].annotated in written["nlu"][0]["examples"]
    assert written["nlu"][-len(data.other_blocks) :] == data.other_blocks


def test_the_bot_has_examples_for_every_intent() -> None:
    examples = bot_examples(BOT_NLU)
    counts = Counter(intent for _, intent in examples)
    assert len(counts) == 38 and min(counts.values()) >= 50
