import pytest

from icrm_models.nlu.entity_metrics import count_entities, entity_label


def test_only_exact_spans_with_the_right_role_count() -> None:
    truth = [[(0, 4, "color"), (18, 20, "price.under")], [(9, 14, "order_id")]]
    predicted = [
        [(0, 11, "color"), (18, 20, "price")],  # too long; role missing
        [(9, 14, "order_id"), (9, 14, "order_id")],  # two extractors, one span
    ]
    counts = count_entities(truth, predicted)
    assert counts.scores("order_id") == (1.0, 1.0, 1.0)
    assert counts.scores("color") == (0.0, 0.0, 0.0)
    assert counts.scores("price.under")[1] == 0.0 and counts.predicted["price"] == 1
    precision, recall, f1 = counts.scores()
    assert (precision, recall) == (1 / 3, 1 / 3) and abs(f1 - 1 / 3) < 1e-12
    assert counts.labels() == ["color", "order_id", "price", "price.under"]


def test_counts_of_folds_add_up() -> None:
    one = count_entities([[(0, 1, "a")]], [[(0, 1, "a")]])
    two = count_entities([[(0, 1, "a")]], [[]])
    assert one.add(two).scores("a") == (1.0, 0.5, 2 / 3)


def test_labels_carry_the_role() -> None:
    assert entity_label({"entity": "price", "role": "under"}) == "price.under"
    assert entity_label({"entity": "product", "role": None}) == "product"


def test_mismatched_lengths_are_a_clear_error() -> None:
    with pytest.raises(ValueError, match="2 annotated messages but 1 predictions"):
        count_entities([[], []], [[]])
