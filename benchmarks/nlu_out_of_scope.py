"""Out-of-scope by calibrated confidence (issue 16, step 4), tuned on data apart from the blind set.

Trains the bot's NLU (a candidate of ``nlu_candidates.py``, default "main") twice on the bot's
data: as it is (or takes the model ``nlu_candidates.py`` trained for the blind set), and with its
``out_of_scope`` training class removed; the classifier's own ranking is read, without the
``nlu_fallback`` entry. Then, for each model:

1. **Calibration**: one temperature T for the classifier's probabilities, fitted by the negative
   log-likelihood of the right intent on the held-out set (``tests/data/nlu_holdout.csv``).
   Predictions carry the top 5 of the ranking; the rest of the probability mass is spread
   evenly over the other intents (an approximation for the few messages whose right intent is
   outside the top 5).
2. **Threshold**: the fallback threshold that maximises (held-out in-domain accuracy, a fallback
   counting as wrong) + (out-of-scope recall on CLINC150's ``oos_val`` messages), on raw and on
   calibrated confidence. The FallbackClassifier's ambiguity rule (top two within 0.05) is
   applied to the same probabilities.
3. **Report**, per threshold 0.30 ... 0.70 and the chosen ones: the in-domain fallback rate on
   the blind set and the recall on CLINC150's ``oos_test`` messages (predicted ``out_of_scope``
   or a fallback). The blind set is only scored, never used to choose anything.

    nice -n 10 .venv/bin/python benchmarks/nlu_out_of_scope.py [--candidate main]
"""

from __future__ import annotations

import argparse
import json
import math
from pathlib import Path
from typing import Any

import numpy as np
from nlu_benchmark import load_clinc150
from nlu_candidates import CANDIDATES, ROOT, WORK, train_on_bot_data

from icrm_models.nlu.blind_set import BLIND_SET_DIR
from icrm_models.nlu.bot_data import bot_nlu_data
from icrm_models.nlu.labelled import read_labelled
from icrm_models.nlu.metrics import OUT_OF_SCOPE, canonical
from icrm_models.nlu.predict import predict
from icrm_models.runtime.paths import ProjectPaths

RESULTS_FILE = Path(__file__).with_name("results") / "nlu_out_of_scope.json"
AMBIGUITY = 0.05  # bot/config.yml's FallbackClassifier ambiguity_threshold
THRESHOLDS = [round(t, 2) for t in np.arange(0.30, 0.701, 0.05)]
GRID = [round(t, 2) for t in np.arange(0.0, 0.951, 0.01)]
RAW_OFF = {"FallbackClassifier": {"threshold": 0.0, "ambiguity_threshold": 0.0}}

Ranked = tuple[list[str], list[float]]  # intents best first (no nlu_fallback), probabilities


def splits() -> dict[str, tuple[list[str], list[str]]]:
    """(texts, gold labels) of the dev sets (holdout, oos_val) and report sets (blind, oos_test)."""
    holdout = read_labelled(ROOT / "tests" / "data" / "nlu_holdout.csv")
    blind = read_labelled(ROOT / BLIND_SET_DIR)
    clinc = load_clinc150()
    val = [t for t, i in clinc["val"] if i == OUT_OF_SCOPE]
    test = [t for t, i in clinc["test"] if i == OUT_OF_SCOPE]
    return {
        "holdout": ([r.text for r in holdout], [canonical(r.intent) for r in holdout]),
        "oos_val": (val, [OUT_OF_SCOPE] * len(val)),
        "blind": ([r.text for r in blind], [canonical(r.intent) for r in blind]),
        "oos_test": (test, [OUT_OF_SCOPE] * len(test)),
    }


def rankings(paths: ProjectPaths, name: str, keep_oos: bool, workdir: Path) -> dict[str, Any]:
    """Each split's rankings by the model (cached in ``workdir``) and the model's intent count."""
    cache = workdir / "rankings.json"
    if cache.exists():
        cached: dict[str, Any] = json.loads(cache.read_text())
        return cached
    # The candidate's blind-set model has the same classifier (the fallback only relabels).
    model = WORK / f"{name}-blind" / "nlu.tar.gz"
    if not (keep_oos and model.exists()):
        model = train_on_bot_data(
            paths,
            CANDIDATES[name],
            workdir,
            keep=lambda e: keep_oos or e.intent != OUT_OF_SCOPE,
            **RAW_OFF,
        )
    examples = bot_nlu_data(paths.bot / "data" / "nlu").examples
    known = sorted({e.intent for e in examples if keep_oos or e.intent != OUT_OF_SCOPE})
    result: dict[str, Any] = {"intents": len(known), "intent_names": known}
    for split, (texts, _gold) in splits().items():
        ranked = []
        for p in predict(paths, model, texts):
            entries = [e for e in p.ranking if e["name"] != "nlu_fallback"]
            ranked.append(
                ([str(e["name"]) for e in entries], [float(e["confidence"]) for e in entries])
            )
        result[split] = ranked
    workdir.mkdir(parents=True, exist_ok=True)
    cache.write_text(json.dumps(result))
    return result


def scaled(probabilities: list[float], intents: int, temperature: float) -> np.ndarray:
    """The top probabilities at ``temperature``; the unseen mass spread over the other intents."""
    top = np.maximum(np.asarray(probabilities, dtype=np.float64), 1e-12)
    rest, others = max(1.0 - float(top.sum()), 0.0), intents - len(top)
    powered = top ** (1.0 / temperature)
    tail = others * (rest / others) ** (1.0 / temperature) if others > 0 and rest > 0 else 0.0
    return powered / (powered.sum() + tail)


def fit_temperature(ranked: list[Ranked], gold: list[str], intents: int) -> float:
    """The temperature with the lowest negative log-likelihood of the gold intents."""

    def nll(temperature: float) -> float:
        total = 0.0
        for (names, probabilities), label in zip(ranked, gold, strict=True):
            p = scaled(probabilities, intents, temperature)
            if label in names:
                total -= math.log(max(float(p[names.index(label)]), 1e-12))
            else:
                others = max(intents - len(names), 1)
                total -= math.log(max((1.0 - float(p.sum())) / others, 1e-12))
        return total / len(gold)

    return float(min(np.geomspace(0.2, 5.0, 161), key=nll))


def decide(ranked: list[Ranked], intents: int, temperature: float, threshold: float) -> list[str]:
    """What the bot answers: the top intent, or nlu_fallback when unsure or ambiguous."""
    labels = []
    for names, probabilities in ranked:
        p = scaled(probabilities, intents, temperature) if temperature != 1.0 else probabilities
        first, second = float(p[0]), float(p[1]) if len(p) > 1 else 0.0
        unsure = first < threshold or first - second < AMBIGUITY
        labels.append("nlu_fallback" if unsure else names[0])
    return labels


def measures(data: dict[str, Any], gold: dict[str, list[str]], t: float, temp: float) -> dict:
    n = data["intents"]
    holdout = decide(data["holdout"], n, temp, t)
    domain = [(p, g) for p, g in zip(holdout, gold["holdout"], strict=True) if g != OUT_OF_SCOPE]
    rejected = [canonical(p) == OUT_OF_SCOPE for p in decide(data["oos_val"], n, temp, t)]
    blind = decide(data["blind"], n, temp, t)
    test = [canonical(p) == OUT_OF_SCOPE for p in decide(data["oos_test"], n, temp, t)]
    return {
        "dev_in_domain_accuracy": sum(p == g for p, g in domain) / len(domain),
        "dev_oos_recall": sum(rejected) / len(rejected),
        "blind_fallback_rate": sum(p == "nlu_fallback" for p in blind) / len(blind),
        "blind_out_of_scope_rate": sum(p == OUT_OF_SCOPE for p in blind) / len(blind),
        "blind_accuracy": sum(p == g for p, g in zip(blind, gold["blind"], strict=True))
        / len(blind),
        "oos_test_recall": sum(test) / len(test),
    }


def study(data: dict[str, Any], gold: dict[str, list[str]]) -> dict[str, Any]:
    known = set(data["intent_names"])  # fitted on the held-out messages the model can label
    labelled = [(r, g) for r, g in zip(data["holdout"], gold["holdout"], strict=True) if g in known]
    temperature = fit_temperature(
        [r for r, _ in labelled], [g for _, g in labelled], data["intents"]
    )
    result: dict[str, Any] = {"temperature": temperature}
    for label, temp in (("raw", 1.0), ("calibrated", temperature)):

        def dev(t: float, temp: float = temp) -> float:
            m = measures(data, gold, t, temp)
            return float(m["dev_in_domain_accuracy"] + m["dev_oos_recall"])

        chosen = max(GRID, key=dev)
        result[label] = {
            "chosen_threshold": chosen,
            "per_threshold": {
                f"{t:.2f}": measures(data, gold, t, temp) for t in sorted({*THRESHOLDS, chosen})
            },
        }
    return result


def table(results: dict[str, Any]) -> str:
    lines = []
    for model, result in results.items():
        lines.append(f"\n{model} (temperature {result['temperature']:.2f})\n")
        lines.append(
            "| confidence | threshold | blind fallback rate | blind accuracy | "
            "CLINC150 oos_test recall | dev: holdout in-domain accuracy | dev: oos_val recall |"
        )
        lines.append("|---|---:|---:|---:|---:|---:|---:|")
        for label in ("raw", "calibrated"):
            chosen = result[label]["chosen_threshold"]
            for t, m in result[label]["per_threshold"].items():
                mark = " (chosen on dev)" if float(t) == chosen else ""
                lines.append(
                    f"| {label} | {t}{mark} | {m['blind_fallback_rate']:.3f} | "
                    f"{m['blind_accuracy']:.3f} | {100 * m['oos_test_recall']:.1f} | "
                    f"{m['dev_in_domain_accuracy']:.3f} | {100 * m['dev_oos_recall']:.1f} |"
                )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--candidate", choices=list(CANDIDATES), default="main")
    args = parser.parse_args()
    paths = ProjectPaths.discover()
    gold = {name: labels for name, (_texts, labels) in splits().items()}
    results = json.loads(RESULTS_FILE.read_text()) if RESULTS_FILE.exists() else {}
    for keep_oos, suffix in ((True, ""), (False, " without the out_of_scope class")):
        name = f"{args.candidate}{suffix}"
        workdir = WORK / "oos" / f"{args.candidate}-{'with' if keep_oos else 'without'}-oos"
        print(f"[{name}] ...", flush=True)
        results[name] = study(rankings(paths, args.candidate, keep_oos, workdir), gold)
        RESULTS_FILE.parent.mkdir(exist_ok=True)
        RESULTS_FILE.write_text(json.dumps(results, indent=1))
    print(table(results))


if __name__ == "__main__":
    main()
