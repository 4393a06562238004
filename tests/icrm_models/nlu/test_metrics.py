import pytest

from icrm_models.nlu.metrics import OUT_OF_SCOPE, canonical, score_intents


def test_out_of_scope_spellings_and_fallback_are_one_class() -> None:
    assert (
        canonical("oos") == canonical("nlu_fallback") == canonical("out_of_scope") == OUT_OF_SCOPE
    )
    scores = score_intents(["oos", "oos", "greet"], ["nlu_fallback", "greet", "greet"])
    assert scores.out_of_scope_recall == 0.5
    assert scores.in_scope_accuracy == 1.0
    assert scores.out_of_scope_messages == 2


def test_accuracy_macro_f1_and_confusions() -> None:
    truth = ["a", "a", "b", "b", "c"]
    predicted = ["a", "b", "b", "b", "a"]
    scores = score_intents(truth, predicted)
    assert scores.accuracy == pytest.approx(3 / 5)
    # f1(a) = 2*(1/2*1/2)/(1) = 0.5; f1(b) = 2*(2/3*1)/(5/3) = 0.8; f1(c) = 0
    assert scores.macro_f1 == pytest.approx((0.5 + 0.8 + 0.0) / 3)
    assert scores.confused_pairs == [("a", "b", 1), ("c", "a", 1)]
    assert scores.per_intent_f1["c"] == 0.0


def test_labels_the_domain_lacks_count_as_errors_not_skips() -> None:
    scores = score_intents(
        ["greet", "order_pizza"], ["greet", "greet"], known_intents={"greet", "goodbye"}
    )
    assert scores.messages == 2
    assert scores.accuracy == 0.5
    assert scores.unknown_intents == {"order_pizza": 1}


def test_a_missing_prediction_is_an_error() -> None:
    assert score_intents(["greet"], [None]).accuracy == 0.0


@pytest.mark.parametrize(("truth", "predicted"), [([], []), (["a"], [])])
def test_bad_input_is_a_clear_error(truth: list[str], predicted: list[str]) -> None:
    with pytest.raises(ValueError):
        score_intents(truth, predicted)
