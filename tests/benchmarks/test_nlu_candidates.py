"""The NLU candidate benchmark's pipelines and table, and the out-of-scope study's arithmetic."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest
import yaml

from icrm_models.runtime.paths import ProjectPaths

BENCHMARKS = Path(__file__).resolve().parents[2] / "benchmarks"
sys.path.insert(0, str(BENCHMARKS))

import nlu_candidates  # noqa: E402
import nlu_out_of_scope  # noqa: E402


def pipeline(name: str) -> list[dict[str, object]]:
    config = nlu_candidates.candidate_config(
        ProjectPaths.discover(), nlu_candidates.CANDIDATES[name]
    )
    return list(yaml.safe_load(config)["pipeline"])


def test_main_is_the_bots_pipeline_and_comes_first() -> None:
    bot = yaml.safe_load((ProjectPaths.discover().bot / "config.yml").read_text())
    assert pipeline("main") == bot["pipeline"]
    assert next(iter(nlu_candidates.CANDIDATES)) == "main"


def test_char25_changes_only_the_character_n_grams() -> None:
    char = [c for c in pipeline("char25") if c.get("analyzer") == "char_wb"]
    words = [c for c in pipeline("char25") if c["name"] == "CountVectorsFeaturizer"]
    assert [(c["min_ngram"], c["max_ngram"]) for c in char] == [(2, 5)]
    assert len(words) == 2 and "min_ngram" not in words[0]


def test_added_components_go_where_they_must() -> None:
    names = [str(c["name"]) for c in pipeline("spelling")]
    assert names[:2] == ["components.spelling_corrector.SpellingCorrector", "WhitespaceTokenizer"]
    names = [str(c["name"]) for c in pipeline("wordllama")]
    minilm = names.index("components.minilm_featurizer.MiniLMFeaturizer")
    assert names[minilm + 1] == "components.wordllama_featurizer.WordLlamaFeaturizer"


def test_the_table_says_not_run_for_missing_cells() -> None:
    table = nlu_candidates.table({"main": {"blind": {"accuracy": 0.95, "parse_p50_ms": 9.0}}})
    row = next(line for line in table.splitlines() if line.startswith("| main "))
    assert "| 0.950 |" in row and "not run" in row
    assert all(f"| {name} |" in table for name in nlu_candidates.CANDIDATES)


def test_temperature_spreads_the_unseen_mass_and_keeps_the_order() -> None:
    top = [0.5, 0.3, 0.1, 0.05, 0.03]
    assert np.allclose(nlu_out_of_scope.scaled(top, 10, 1.0), top)
    hot = nlu_out_of_scope.scaled(top, 10, 2.0)
    assert list(np.argsort(-hot)) == [0, 1, 2, 3, 4] and hot[0] < 0.5 and hot.sum() < 1


def test_an_overconfident_classifier_gets_a_temperature_above_one() -> None:
    rng = np.random.default_rng(0)
    ranked = [(["a", "b", "c", "d", "e"], [0.9, 0.05, 0.02, 0.01, 0.01])] * 400
    gold = ["a" if rng.random() < 0.6 else "b" for _ in ranked]
    assert nlu_out_of_scope.fit_temperature(ranked, gold, 10) > 1.0


@pytest.mark.parametrize(
    ("threshold", "expected"),
    [(0.5, ["a", "nlu_fallback", "nlu_fallback"]), (0.95, ["nlu_fallback"] * 3)],
)
def test_a_fallback_below_the_threshold_or_when_the_top_two_are_close(
    threshold: float, expected: list[str]
) -> None:
    ranked = [(["a", "b"], [0.9, 0.1]), (["b", "a"], [0.4, 0.3]), (["c", "a"], [0.52, 0.49])]
    assert nlu_out_of_scope.decide(ranked, 5, 1.0, threshold) == expected
