"""Candidate NLU pipelines (issue 16, step 3): each on the blind set, BANKING77 and CLINC150.

A candidate is a variant of bot/config.yml's pipeline (components changed or added) and/or a
transform of the training data; "main" is today's config. Each is trained on the bot's NLU
data (entities, lookups, regexes, with the bot's fine-tuned encoder) and scored on the blind set
(``tests/data/nlu_blind``, never trained on): accuracy, macro-F1, weakest intent, the typo and
keywords registers, in-domain fallback rate and the in-process parse time per message (p50/p95).
On BANKING77 (accuracy) and CLINC150 (in-scope accuracy and out-of-scope recall at the bot's
fallback threshold) it is trained on the public training split with the encoder fine-tuned on
it, shared by every candidate (``benchmarks/nlu_benchmark.py``'s cache). Every candidate's
settings were fixed before any blind-set result was seen; none is tuned on the blind set.

Results accumulate per (candidate, data set) in ``benchmarks/results/nlu_candidates.json`` (a
rerun replaces only the cells it measures); the table prints "not run" for the others.

    nice -n 10 .venv/bin/python benchmarks/nlu_candidates.py \\
        [--candidates main char25 ...] [--datasets blind banking77 clinc150] [--table]
        [--latency N]   # only re-time N blind messages with each candidate's kept model
"""

from __future__ import annotations

import argparse
import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import yaml
from nlu_benchmark import (
    ENCODERS,
    configured_threshold,
    encoder_for,
    load_banking77,
    load_clinc150,
    oos_scores,
    top_intent,
)

from icrm_models.nlu.blind_set import BLIND_SET_DIR
from icrm_models.nlu.bot_data import AnnotatedExample, bot_nlu_data
from icrm_models.nlu.encoder import ensure_bot_encoder
from icrm_models.nlu.evaluation import evaluate_predictions
from icrm_models.nlu.labelled import read_labelled
from icrm_models.nlu.predict import Prediction, predict
from icrm_models.nlu.train import annotated_nlu_yaml, nlu_only_config, nlu_yaml, train_nlu
from icrm_models.nlu.typo_noise import with_typo_copies
from icrm_models.runtime.paths import ProjectPaths

ROOT = Path(__file__).resolve().parents[1]
RESULTS_FILE = Path(__file__).with_name("results") / "nlu_candidates.json"
WORK = ROOT / "var" / "bench" / "nlu-candidates"  # trained models, kept for the OOS study
DATASETS = ("blind", "banking77", "clinc150")
FINETUNE_EPOCHS = 3  # as the bot and nlu_benchmark.py

Pipeline = list[dict[str, Any]]
Examples = list[AnnotatedExample]


def _same(items: Any) -> Any:
    return items


@dataclass(frozen=True)
class Candidate:
    """A named pipeline variant and training-data transform."""

    name: str
    about: str
    pipeline: Callable[[Pipeline], Pipeline] = field(default=_same)
    data: Callable[[Examples], Examples] = field(default=_same)


def _char_ngrams(low: int, high: int) -> Callable[[Pipeline], Pipeline]:
    def edit(pipeline: Pipeline) -> Pipeline:
        for component in pipeline:
            if component["name"] == "CountVectorsFeaturizer" and component.get("analyzer"):
                component.update(min_ngram=low, max_ngram=high)
        return pipeline

    return edit


def _insert(component: dict[str, Any], *, after: str | None) -> Callable[[Pipeline], Pipeline]:
    """Put ``component`` after the first component named ``after`` (None: first of all)."""

    def edit(pipeline: Pipeline) -> Pipeline:
        names = [c["name"] for c in pipeline]
        index = 0 if after is None else names.index(after) + 1
        return [*pipeline[:index], dict(component), *pipeline[index:]]

    return edit


def _typo_copies(examples: Examples) -> Examples:
    return with_typo_copies(examples)


def _both(*edits: Callable[[Pipeline], Pipeline]) -> Callable[[Pipeline], Pipeline]:
    def edit(pipeline: Pipeline) -> Pipeline:
        for step in edits:
            pipeline = step(pipeline)
        return pipeline

    return edit


CANDIDATES = {
    c.name: c
    for c in (
        Candidate("main", "bot/config.yml today"),
        Candidate("char25", "char_wb n-grams 2-5 instead of 1-4", pipeline=_char_ngrams(2, 5)),
        Candidate(
            "typo_augment",
            "plus one typo-noised copy of each unannotated training message (seed 0, half the "
            "words of 4+ letters)",
            data=_typo_copies,
        ),
        Candidate(
            "spelling",
            "SymSpell correction before the tokenizer (English dictionary + training words)",
            pipeline=_insert(
                {"name": "components.spelling_corrector.SpellingCorrector"}, after=None
            ),
        ),
        Candidate(
            "wordllama",
            "WordLlama l2_supercat 256-d sentence vector beside MiniLM's",
            pipeline=_insert(
                {"name": "components.wordllama_featurizer.WordLlamaFeaturizer"},
                after="components.minilm_featurizer.MiniLMFeaturizer",
            ),
        ),
        Candidate(
            "char25_typo",
            "char25 and typo_augment together",
            pipeline=_char_ngrams(2, 5),
            data=_typo_copies,
        ),
    )
}


def candidate_config(paths: ProjectPaths, candidate: Candidate, **overrides: Any) -> str:
    """The Rasa config (NLU only) of ``candidate``; ``overrides`` adjust components by name."""
    config = yaml.safe_load(nlu_only_config(paths.bot / "config.yml", overrides or None))
    config["pipeline"] = candidate.pipeline(config["pipeline"])
    return yaml.safe_dump(config, sort_keys=False)


def train_on_bot_data(
    paths: ProjectPaths,
    candidate: Candidate,
    workdir: Path,
    *,
    keep: Callable[[AnnotatedExample], bool] = lambda _e: True,
    **overrides: Any,
) -> Path:
    """Train ``candidate`` on the bot's NLU data (the bot's encoder); the model's path."""
    data = bot_nlu_data(paths.bot / "data" / "nlu")
    examples = candidate.data([e for e in data.examples if keep(e)])
    trained = train_nlu(
        paths,
        [(e.text, e.intent) for e in examples],
        workdir,
        encoder_dir=ensure_bot_encoder(paths),
        nlu_data=annotated_nlu_yaml(examples, data.other_blocks),
        config=candidate_config(paths, candidate, **overrides),
    )
    return trained.model


def latency(predictions: list[Prediction]) -> dict[str, float]:
    ms = np.array([p.ms for p in predictions])
    return {
        "parse_p50_ms": round(float(np.percentile(ms, 50)), 2),
        "parse_p95_ms": round(float(np.percentile(ms, 95)), 2),
    }


def run_blind(paths: ProjectPaths, candidate: Candidate, workdir: Path) -> dict[str, Any]:
    model = train_on_bot_data(paths, candidate, workdir)
    blind = read_labelled(ROOT / BLIND_SET_DIR)
    predictions = predict(paths, model, [r.text for r in blind])
    evaluation = evaluate_predictions(
        blind,
        [p.intent for p in predictions],
        [[str(c.get("name")) for c in p.ranking] for p in predictions],
    )
    registers = {r.register: r.accuracy for r in evaluation.per_register}
    weakest = min(evaluation.per_intent, key=lambda r: (r.accuracy, r.intent))
    return {
        "accuracy": evaluation.scores.accuracy,
        "macro_f1": evaluation.scores.macro_f1,
        "weakest_intent": weakest.accuracy,
        "weakest_intent_name": weakest.intent,
        "typo": registers.get("typo"),
        "keywords": registers.get("keywords"),
        "fallback_rate": evaluation.fallback_rate,
        **latency(predictions),
    }


def run_public(
    paths: ProjectPaths,
    candidate: Candidate,
    dataset: str,
    workdir: Path,
    epochs: int = FINETUNE_EPOCHS,
) -> dict[str, Any]:
    if dataset == "banking77":
        train, test = load_banking77()
    else:
        clinc = load_clinc150()
        train, test = clinc["train"], clinc["test"]
    print(f"[{candidate.name}/{dataset}] encoder ...", flush=True)
    encoder, _ = encoder_for(train, ENCODERS / dataset, epochs)
    examples = candidate.data([AnnotatedExample(t, t, i) for t, i in train])
    pairs = [(e.text, e.intent) for e in examples]
    trained = train_nlu(
        paths,
        pairs,
        workdir,
        encoder_dir=encoder,
        nlu_data=nlu_yaml(pairs),
        config=candidate_config(paths, candidate),
    )
    predictions = predict(paths, trained.model, [t for t, _ in test], encoder_dir=encoder)
    gold = [i for _, i in test]
    result: dict[str, Any] = {
        "rasa_train_s": round(trained.seconds, 1),
        "finetune_epochs": epochs,
        **latency(predictions),
    }
    if dataset == "banking77":
        right = [top_intent(p)[0] == g for p, g in zip(predictions, gold, strict=True)]
        result["accuracy"] = float(np.mean(right))
    else:
        threshold = configured_threshold()
        in_scope, recall = oos_scores(predictions, gold, threshold)
        result.update(threshold=threshold, in_scope_accuracy=in_scope, oos_recall=recall)
    return result


def remeasure_latency(paths: ProjectPaths, name: str, messages: int) -> dict[str, Any]:
    """Parse time again with the kept blind-set model, on every ``n``-th blind message.

    Under a shared machine's changing load the figures of separate runs don't compare; run this
    for all candidates back to back.
    """
    blind = read_labelled(ROOT / BLIND_SET_DIR)
    texts = [r.text for r in blind][:: max(len(blind) // messages, 1)][:messages]
    predictions = predict(paths, WORK / f"{name}-blind" / "nlu.tar.gz", texts)
    result = load_results()[name]["blind"]
    return {**result, **latency(predictions), "latency_messages": len(texts)}


def load_results() -> dict[str, dict[str, Any]]:
    if RESULTS_FILE.exists():
        loaded: dict[str, dict[str, Any]] = json.loads(RESULTS_FILE.read_text())
        return loaded
    return {}


def save_result(candidate: str, dataset: str, result: dict[str, Any]) -> None:
    results = load_results()  # re-read: another run may have added cells meanwhile
    results.setdefault(candidate, {})[dataset] = result
    RESULTS_FILE.parent.mkdir(exist_ok=True)
    RESULTS_FILE.write_text(json.dumps(results, indent=1, sort_keys=True))


def table(results: dict[str, dict[str, Any]]) -> str:
    def cell(name: str, dataset: str, key: str, scale: float = 1.0, digits: int = 3) -> str:
        measured = results.get(name, {}).get(dataset, {})
        value = measured.get(key)
        if value is None:
            return "not run"
        epochs = measured.get("finetune_epochs", FINETUNE_EPOCHS)
        return f"{scale * value:.{digits}f}" + (
            "" if epochs == FINETUNE_EPOCHS else f" (e{epochs})"
        )

    head = (
        "candidate",
        "blind accuracy",
        "macro-F1",
        "weakest intent",
        "typo",
        "keywords",
        "fallback",
        "parse p50 / p95 ms",
        "BANKING77",
        "CLINC150 in-scope",
        "CLINC150 OOS recall",
    )
    lines = ["| " + " | ".join(head) + " |", "|---" + "|---:" * (len(head) - 1) + "|"]
    names = [*CANDIDATES, *(n for n in results if n not in CANDIDATES)]
    for name in names:
        blind = [cell(name, "blind", k) for k in ("accuracy", "macro_f1", "weakest_intent")]
        blind += [cell(name, "blind", k) for k in ("typo", "keywords", "fallback_rate")]
        p50, p95 = (cell(name, "blind", k, digits=1) for k in ("parse_p50_ms", "parse_p95_ms"))
        public = [
            cell(name, "banking77", "accuracy", 100, 2),
            cell(name, "clinc150", "in_scope_accuracy", 100, 2),
            cell(name, "clinc150", "oos_recall", 100, 2),
        ]
        timing = "not run" if p50 == "not run" else f"{p50} / {p95}"
        lines.append("| " + " | ".join([name, *blind, timing, *public]) + " |")
    lines.append(
        f"(eN): the public set's encoder was fine-tuned N epochs, not {FINETUNE_EPOCHS} "
        "(e0: the published MiniLM); compare such cells only with each other."
    )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--candidates", nargs="+", choices=list(CANDIDATES), default=["main"])
    parser.add_argument("--datasets", nargs="+", choices=DATASETS, default=["blind"])
    parser.add_argument("--table", action="store_true", help="only print the table")
    parser.add_argument(
        "--finetune-epochs",
        type=int,
        default=FINETUNE_EPOCHS,
        help="epochs of the public sets' shared encoder fine-tune (0: the published encoder)",
    )
    parser.add_argument(
        "--latency", type=int, metavar="N", help="only re-time N blind messages per candidate"
    )
    args = parser.parse_args()
    if args.latency:
        paths = ProjectPaths.discover()
        for name in args.candidates:
            save_result(name, "blind", remeasure_latency(paths, name, args.latency))
    elif not args.table:
        paths = ProjectPaths.discover()
        for dataset in args.datasets:
            for name in args.candidates:
                candidate, workdir = CANDIDATES[name], WORK / f"{name}-{dataset}"
                started = time.perf_counter()
                print(f"[{name}/{dataset}] {candidate.about} ...", flush=True)
                if dataset == "blind":
                    result = run_blind(paths, candidate, workdir)
                else:
                    result = run_public(paths, candidate, dataset, workdir, args.finetune_epochs)
                result["minutes"] = round((time.perf_counter() - started) / 60, 1)
                save_result(name, dataset, result)
                print(f"[{name}/{dataset}] {json.dumps(result)}", flush=True)
    print(table(load_results()))


if __name__ == "__main__":
    main()
