"""The breakdowns of ``icrm nlu evaluate`` on small hand-made sets with exact expected figures."""

from pathlib import Path

import pytest

from icrm_models.nlu.blind_set import normalised, seen_in_training
from icrm_models.nlu.evaluation import evaluate_predictions, shown, weakest_intents
from icrm_models.nlu.labelled import Labelled, read_labelled
from icrm_models.nlu.report import evaluation_json, evaluation_markdown, summary_rows

CSV = """text,intent,register
where is 10023,track_order,keywords
wher is my ordr,track_order,typo
parcel status pls,track_order,texting
cancel 10021,cancel_order,keywords
cancle my order,cancel_order,typo
i want to cancel,cancel_order,texting
tell me a joke,out_of_scope,keywords
what is the weather,out_of_scope,typo
"""
PREDICTED = [
    "track_order",  # right
    "nlu_fallback",  # in-domain, rejected by low confidence
    "delivery_period",  # wrong intent
    "cancel_order",  # right
    "out_of_scope",  # in-domain, rejected by intent
    "track_order",  # wrong intent
    "out_of_scope",  # right
    "nlu_fallback",  # right: a fallback on an out-of-scope message is a rejection
]
RANKINGS = [
    ["track_order", "delivery_period"],
    ["nlu_fallback", "delivery_period", "track_order", "cancel_order"],
    ["delivery_period", "cancel_order", "greet", "track_order"],
    ["cancel_order"],
    ["out_of_scope", "cancel_order"],
    ["track_order", "delivery_period", "greet", "cancel_order"],
    [],
    ["nlu_fallback", "greet"],
]


@pytest.fixture
def rows(tmp_path: Path) -> list[Labelled]:
    path = tmp_path / "set.csv"
    path.write_text(CSV)
    return read_labelled(path)


def test_overall_rates_keep_fallback_and_out_of_scope_apart(rows: list[Labelled]) -> None:
    result = evaluate_predictions(rows, PREDICTED, RANKINGS)
    assert result.scores.accuracy == pytest.approx(4 / 8)
    assert result.in_domain_messages == 6
    assert result.fallback_rate == pytest.approx(1 / 6)
    assert result.out_of_scope_rate == pytest.approx(1 / 6)
    assert result.scores.out_of_scope_recall == 1.0
    # f1(cancel_order): precision 1, recall 1/3 -> 0.5; f1(track_order): precision 1/2,
    # recall 1/3 -> 0.4; f1(out_of_scope): precision 2/4 (two in-domain rejections), recall 1
    # -> 2/3.
    assert result.scores.macro_f1 == pytest.approx((0.5 + 0.4 + 2 / 3) / 3)


def test_top_k_reads_the_ranking_without_the_fallback_entry(rows: list[Labelled]) -> None:
    result = evaluate_predictions(rows, PREDICTED, RANKINGS, top_k=3)
    # hits: 1 right; 2 track_order 2nd after the fallback is removed; 3 track_order 4th: miss;
    # 4 right; 5 cancel_order 2nd; 6 cancel_order 4th: miss; 7 and 8 right.
    assert result.top_k_accuracy == pytest.approx(6 / 8)
    # The classifier's own top-1, the fallback undone: 1, 4, 7 right; 2 -> delivery_period;
    # 8 -> greet is wrong (the fallback had turned it into a right rejection).
    assert result.accuracy_without_fallback == pytest.approx(3 / 8)
    assert evaluate_predictions(rows, PREDICTED, RANKINGS, top_k=4).top_k_accuracy == 1.0


def test_no_ranking_means_no_top_k(rows: list[Labelled]) -> None:
    result = evaluate_predictions(rows, PREDICTED)
    assert result.top_k_accuracy is None and result.accuracy_without_fallback is None
    assert evaluate_predictions(rows, PREDICTED, [[]] * 8).top_k_accuracy is None
    assert ("top-3 accuracy", "n/a") in summary_rows(result)


def test_per_intent_table(rows: list[Labelled]) -> None:
    table = {r.intent: r for r in evaluate_predictions(rows, PREDICTED, RANKINGS).per_intent}
    assert list(table) == ["cancel_order", "out_of_scope", "track_order"]
    track = table["track_order"]
    assert (track.messages, track.accuracy, track.fallback_rate) == (3, 1 / 3, 1 / 3)
    # the fallback has its own column: the confusion named is the wrong intent
    assert (track.confused_with, track.confused_count) == ("delivery_period", 1)
    assert track.errors == {"nlu_fallback": 1, "delivery_period": 1}
    cancel = table["cancel_order"]
    assert (cancel.confused_with, cancel.confused_count) == ("out_of_scope", 1)
    assert table["out_of_scope"].accuracy == 1.0
    assert table["out_of_scope"].confused_with is None


def test_an_intent_only_ever_falling_back_names_no_confusion() -> None:
    rows = [Labelled("hmm", "greet"), Labelled("hello", "greet")]
    (greet,) = evaluate_predictions(rows, ["nlu_fallback", "greet"]).per_intent
    assert (greet.confused_with, greet.confused_count, greet.fallback_rate) == (None, 0, 0.5)


def test_accuracy_apart_on_messages_unlike_the_training_data(rows: list[Labelled]) -> None:
    texts = ["Where is 10023?", "cancel  my ORDER", "what is the weather"]
    seen = seen_in_training(rows, texts)
    assert seen == [True, False, False, False, False, False, False, True]
    result = evaluate_predictions(rows, PREDICTED, RANKINGS, seen=seen)
    # the six unseen messages: 4 cancel_order and 7 out_of_scope right -> 2/6
    assert (result.seen_in_training, result.unseen_accuracy) == (2, 2 / 6)
    assert ("accuracy on the 6 messages unlike any training message", "0.333") in summary_rows(
        result
    )
    assert normalised("  Where's my   ORDER?! ") == "wheres my order"


def test_per_register_table(rows: list[Labelled]) -> None:
    registers = evaluate_predictions(rows, PREDICTED, RANKINGS).per_register
    assert [(r.register, r.messages) for r in registers] == [
        ("keywords", 3),
        ("texting", 2),
        ("typo", 3),
    ]
    keywords, texting, typo = registers
    assert keywords.accuracy == 1.0 and keywords.fallback_rate == 0.0
    assert texting.accuracy == 0.0
    assert typo.accuracy == pytest.approx(1 / 3)
    # typo has two in-domain messages: one fell back, one was rejected as out_of_scope
    assert (typo.fallback_rate, typo.out_of_scope_rate) == (0.5, 0.5)


def test_confused_pairs_show_the_fallback_by_name(rows: list[Labelled]) -> None:
    pairs = evaluate_predictions(rows, PREDICTED, RANKINGS).confused_pairs
    assert sorted(pairs) == [
        ("cancel_order", "out_of_scope", 1),
        ("cancel_order", "track_order", 1),
        ("track_order", "delivery_period", 1),
        ("track_order", "nlu_fallback", 1),
    ]
    assert shown("OOS") == "out_of_scope" and shown("nlu_fallback") == "nlu_fallback"


def test_no_register_column_means_no_register_table(tmp_path: Path) -> None:
    path = tmp_path / "plain.csv"
    path.write_text("text,intent\nhi,greet\nbye,goodbye\n")
    result = evaluate_predictions(read_labelled(path), ["greet", "greet"])
    assert result.per_register == []
    assert result.scores.accuracy == 0.5
    assert "| register |" not in evaluation_markdown(result)


def test_only_out_of_scope_messages_have_no_in_domain_rates() -> None:
    rows = [Labelled("tell me a joke", "oos")]
    result = evaluate_predictions(rows, ["nlu_fallback"])
    assert result.in_domain_messages == 0
    assert result.fallback_rate is None and result.out_of_scope_rate is None


def test_weakest_intents_lowest_accuracy_first(rows: list[Labelled]) -> None:
    result = evaluate_predictions(rows, PREDICTED, RANKINGS)
    # cancel_order and track_order tie on accuracy (1/3): the lower F1 (0.4) comes first
    assert [r.intent for r in weakest_intents(result, 2)] == ["track_order", "cancel_order"]


def test_markdown_and_json_carry_the_figures(rows: list[Labelled]) -> None:
    result = evaluate_predictions(rows, PREDICTED, RANKINGS)
    text = evaluation_markdown(result)
    assert "| accuracy | 0.500 |" in text
    # numbers right-aligned, text left
    header = "| intent | messages | accuracy | F1 | fallback | most confused with |"
    assert header + "\n|---|---:|---:|---:|---:|---|" in text
    assert "| typo | 3 | 0.333 | 0.500 | 0.500 |" in text
    assert "| track_order | 3 | 0.333 | 0.400 | 0.333 | delivery_period (1) |" in text
    data = evaluation_json(result)
    assert data["scores"]["accuracy"] == 0.5
    assert len(data["per_intent"]) == 3 and len(data["per_register"]) == 3
    assert data["weakest_intents"][0] == "track_order"


@pytest.mark.parametrize(
    ("predicted", "rankings", "top_k", "message"),
    [
        (["a"], None, 3, "8 messages but 1 predictions"),
        (PREDICTED, [[]], 3, "8 messages but 1 rankings"),
        (PREDICTED, None, 3, "8 messages but 2 seen flags"),
        (PREDICTED, None, 0, "top_k must be at least 1"),
    ],
)
def test_mismatched_input_is_a_clear_error(
    rows: list[Labelled],
    predicted: list[str],
    rankings: list[list[str]] | None,
    top_k: int,
    message: str,
) -> None:
    seen = [True, False] if "seen" in message else None
    with pytest.raises(ValueError, match=message):
        evaluate_predictions(rows, predicted, rankings, seen=seen, top_k=top_k)
