"""The assistant's NLU pipeline on public intent data sets, beside a TF-IDF + linear SVM baseline.

Trains the pipeline of bot/config.yml (same components and settings, policies dropped) in the
Rasa runtime on BANKING77 and CLINC150 (full, with its out-of-scope training set), exactly as
`icrm bot train` would: the sentence encoder is first fine-tuned on the training split and
exported to ONNX (``--finetune-epochs 0`` measures the frozen encoder instead). The baseline is
TF-IDF (word 1-2-grams + character 2-5-grams) with a linear SVM, trained on the same split.

CLINC150's out-of-scope decision is the assistant's own: an ``out_of_scope`` prediction or a
confidence under the fallback threshold. The threshold is chosen on CLINC's validation split
(never the test split) and reported beside the bot's configured one.

Then it measures parse latency through the running Rasa server (HTTP, one message at a time) with
the bot's trained model, and the time and peak memory of training the bot.

    .venv/bin/python benchmarks/nlu_benchmark.py [--finetune-epochs 3] [--skip-datasets]
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import os
import subprocess
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "data"
RESULTS = Path(__file__).with_name("results")
ENCODERS = ROOT / "var" / "bench" / "nlu-encoders"  # fine-tuned encoders, reused across runs


def load_banking77() -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    def read(name: str) -> list[tuple[str, str]]:
        with (SHARED / "banking77" / name).open(newline="", encoding="utf-8") as handle:
            return [(r["text"], r["category"]) for r in csv.DictReader(handle)]

    return read("train.csv"), read("test.csv")


def load_clinc150() -> dict[str, list[tuple[str, str]]]:
    data = json.loads((SHARED / "clinc150" / "data_full.json").read_text())

    def rows(*keys: str) -> list[tuple[str, str]]:
        return [
            (text, "out_of_scope" if intent == "oos" else intent)
            for key in keys
            for text, intent in data[key]
        ]

    return {
        "train": rows("train", "oos_train"),
        "val": rows("val", "oos_val"),
        "test": rows("test", "oos_test"),
    }


def tfidf_svm(train: Sequence[tuple[str, str]], test: Sequence[tuple[str, str]]) -> list[str]:
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.pipeline import make_pipeline, make_union
    from sklearn.svm import LinearSVC

    model = make_pipeline(
        make_union(
            TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, min_df=1),
            TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True, min_df=2),
        ),
        LinearSVC(C=1.0),
    )
    model.fit([t for t, _ in train], [i for _, i in train])
    return list(model.predict([t for t, _ in test]))


def top_intent(prediction: Any) -> tuple[str, float]:
    """The classifier's own best intent and confidence (before the fallback replaced it)."""
    for entry in prediction.ranking:
        if entry["name"] != "nlu_fallback":
            return str(entry["name"]), float(entry["confidence"] or 0.0)
    return str(prediction.intent), float(prediction.confidence or 0.0)


def oos_scores(
    predictions: Sequence[Any], gold: Sequence[str], threshold: float
) -> tuple[float, float]:
    """(in-scope accuracy, out-of-scope recall) when confidence < threshold means out of scope."""
    labels = []
    for prediction in predictions:
        intent, confidence = top_intent(prediction)
        labels.append("out_of_scope" if confidence < threshold else intent)
    in_scope = [(p, g) for p, g in zip(labels, gold, strict=True) if g != "out_of_scope"]
    oos = [p for p, g in zip(labels, gold, strict=True) if g == "out_of_scope"]
    return (
        sum(p == g for p, g in in_scope) / len(in_scope),
        sum(p == "out_of_scope" for p in oos) / len(oos),
    )


def encoder_for(train: Sequence[tuple[str, str]], workdir: Path, epochs: int) -> tuple[Path, float]:
    """The ONNX encoder the pipeline uses for this data set, and the seconds it took.

    ``epochs`` 0 gives the published encoder, never the bot's (fine-tuned on the bot's intents).

    Fine-tuned encoders are kept in ``workdir`` under a hash of the data and the epochs (with
    the seconds their fine-tuning took), so a rerun that changes only the pipeline after the
    encoder does not fine-tune again.
    """
    from icrm_models.embeddings.onnx_export import export_encoder
    from icrm_models.nlu.encoder import adapted_encoder
    from icrm_models.runtime.paths import ProjectPaths
    from icrm_models.settings import get_settings

    if epochs <= 0:
        published = get_settings().embedding_model_path
        assert published is not None, "no sentence-transformers model installed"
        return export_encoder(published, ProjectPaths.discover().encoder_dir).folder, 0.0

    key = hashlib.sha256(json.dumps([epochs, list(train)]).encode()).hexdigest()[:12]
    target = workdir / f"encoder-{key}"
    timing = target / "finetune_seconds.txt"
    if (target / "manifest.json").exists() and timing.exists():
        return target, float(timing.read_text())
    start = time.perf_counter()
    source = get_settings().embedding_model_path
    assert source is not None, "no sentence-transformers model installed"
    workdir.mkdir(parents=True, exist_ok=True)
    adapted_encoder(source, list(train), target, epochs=epochs)
    seconds = time.perf_counter() - start
    timing.write_text(f"{seconds:.1f}")
    return target, seconds


def run_dataset(
    name: str,
    train: list[tuple[str, str]],
    test: list[tuple[str, str]],
    workdir: Path,
    epochs: int,
    val: list[tuple[str, str]] | None = None,
) -> dict[str, Any]:
    from icrm_models.nlu.predict import predict
    from icrm_models.nlu.train import train_nlu
    from icrm_models.runtime.paths import ProjectPaths

    paths = ProjectPaths.discover()
    print(f"[{name}] encoder (fine-tune epochs: {epochs}) ...", flush=True)
    encoder, tune_s = encoder_for(train, ENCODERS / name, epochs)
    print(f"[{name}] training the assistant's pipeline on {len(train):,} messages ...", flush=True)
    trained = train_nlu(paths, train, workdir / "rasa", encoder_dir=encoder)
    gold = [intent for _, intent in test]
    predictions = predict(paths, trained.model, [t for t, _ in test], encoder_dir=encoder)
    start = time.perf_counter()
    baseline = tfidf_svm(train, test)
    baseline_s = time.perf_counter() - start
    result: dict[str, Any] = {
        "train_messages": len(train),
        "test_messages": len(test),
        "finetune_epochs": epochs,
        "encoder_finetune_s": round(tune_s, 1),
        "rasa_train_s": round(trained.seconds, 1),
        "rasa_train_peak_rss_mb": round(trained.peak_rss_mb),
        "baseline_train_predict_s": round(baseline_s, 1),
    }
    if val is None:
        result["ours_accuracy"] = float(
            np.mean([top_intent(p)[0] == g for p, g in zip(predictions, gold, strict=True)])
        )
        result["baseline_accuracy"] = float(
            np.mean([p == g for p, g in zip(baseline, gold, strict=True)])
        )
        return result
    val_predictions = predict(paths, trained.model, [t for t, _ in val], encoder_dir=encoder)
    val_gold = [intent for _, intent in val]
    grid = [round(x, 2) for x in np.arange(0.0, 1.0, 0.02)]
    chosen = max(grid, key=lambda t: sum(oos_scores(val_predictions, val_gold, t)))
    configured = configured_threshold()
    for label, threshold in (("configured", configured), ("val_tuned", chosen)):
        in_scope, recall = oos_scores(predictions, gold, threshold)
        result[f"ours_{label}_threshold"] = threshold
        result[f"ours_{label}_in_scope_accuracy"] = in_scope
        result[f"ours_{label}_oos_recall"] = recall
    result["ours_threshold_curve"] = {
        f"{t:.2f}": [round(x, 4) for x in oos_scores(predictions, gold, t)]
        for t in np.arange(0.0, 0.95, 0.05)
    }
    raw = ENCODERS.parent / f"nlu-predictions-{name}.json"
    raw.write_text(
        json.dumps(
            {
                split: [[g, *top_intent(p)] for p, g in zip(preds, golds, strict=True)]
                for split, preds, golds in (
                    ("val", val_predictions, val_gold),
                    ("test", predictions, gold),
                )
            }
        )
    )
    in_scope_b = [(p, g) for p, g in zip(baseline, gold, strict=True) if g != "out_of_scope"]
    oos_b = [p for p, g in zip(baseline, gold, strict=True) if g == "out_of_scope"]
    result["baseline_in_scope_accuracy"] = sum(p == g for p, g in in_scope_b) / len(in_scope_b)
    result["baseline_oos_recall"] = sum(p == "out_of_scope" for p in oos_b) / len(oos_b)
    return result


def configured_threshold() -> float:
    import yaml

    config = yaml.safe_load((ROOT / "bot" / "config.yml").read_text())
    fallback = next(c for c in config["pipeline"] if c["name"] == "FallbackClassifier")
    return float(fallback["threshold"])


def bot_training_and_latency(messages: list[str], model: Path | None = None) -> dict[str, Any]:
    """Train the bot from scratch (time, peak memory), then time /model/parse over HTTP.

    With ``model`` (trained by ``icrm bot train``), its recorded training figures are used.
    """
    import httpx

    from icrm_models.launcher.processes import free_port
    from icrm_models.launcher.training import train_if_changed, training_stats
    from icrm_models.runtime.paths import ProjectPaths

    paths = ProjectPaths.discover()
    with tempfile.TemporaryDirectory(prefix="icrm-bench-") as scratch:
        if model is None:
            start = time.perf_counter()
            model, _ = train_if_changed(paths, Path(scratch), force=True)
            train_s = time.perf_counter() - start
            peak = json.loads(training_stats(model).read_text())["peak_rss_mb"]
        else:
            recorded = json.loads(training_stats(model).read_text())
            train_s, peak = recorded["seconds"], recorded["peak_rss_mb"]
        port = free_port()
        # Parsing needs no action server, tracker store or locks: an empty endpoints file
        # (the repository's endpoints.yml expects the variables `icrm up` sets).
        endpoints = Path(scratch) / "endpoints.yml"
        endpoints.write_text("{}\n")
        server = subprocess.Popen(
            [
                str(paths.rasa_bin),
                "run",
                "--model",
                str(model),
                "--endpoints",
                str(endpoints),
                "--enable-api",
                "--port",
                str(port),
                "--interface",
                "127.0.0.1",
            ],
            cwd=paths.root,
            env={**os.environ, **paths.rasa_serving_env()},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            url = f"http://127.0.0.1:{port}"
            deadline = time.time() + 300
            while time.time() < deadline:
                try:
                    if httpx.get(f"{url}/status", timeout=2).status_code == 200:
                        break
                except httpx.HTTPError:
                    pass
                time.sleep(1)
            timings = []
            with httpx.Client(base_url=url, timeout=10) as client:
                for text in messages[:20]:  # warm-up
                    client.post("/model/parse", json={"text": text})
                for text in messages:
                    t0 = time.perf_counter()
                    client.post("/model/parse", json={"text": text}).raise_for_status()
                    timings.append((time.perf_counter() - t0) * 1000)
        finally:
            server.terminate()
            server.wait(timeout=30)
    ms = np.array(timings)
    return {
        "bot_rasa_train_s": round(train_s, 1),
        "bot_rasa_train_peak_rss_mb": round(peak),
        "parse_messages": len(timings),
        "parse_p50_ms": round(float(np.percentile(ms, 50)), 1),
        "parse_p95_ms": round(float(np.percentile(ms, 95)), 1),
        "parse_p99_ms": round(float(np.percentile(ms, 99)), 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--finetune-epochs", type=int, default=3)
    parser.add_argument("--skip-datasets", action="store_true", help="only the bot's latency")
    parser.add_argument(
        "--datasets",
        nargs="+",
        choices=("banking77", "clinc150"),
        default=["banking77", "clinc150"],
    )
    parser.add_argument("--model", type=Path, help="a trained bot model (skips training it)")
    parser.add_argument(
        "--skip-bot", action="store_true", help="only the data sets: no bot training or latency"
    )
    args = parser.parse_args()
    report: dict[str, Any] = {}
    with tempfile.TemporaryDirectory(prefix="icrm-nlu-bench-") as scratch:
        work = Path(scratch)
        if not args.skip_datasets and "banking77" in args.datasets:
            train, test = load_banking77()
            report["banking77"] = run_dataset(
                "banking77", train, test, work / "b77", args.finetune_epochs
            )
            print(json.dumps(report["banking77"], indent=1), flush=True)
        if not args.skip_datasets and "clinc150" in args.datasets:
            clinc = load_clinc150()
            report["clinc150"] = run_dataset(
                "clinc150",
                clinc["train"],
                clinc["test"],
                work / "clinc",
                args.finetune_epochs,
                val=clinc["val"],
            )
            print(json.dumps(report["clinc150"], indent=1), flush=True)
    holdout = ROOT / "tests" / "data" / "nlu_holdout.csv"
    with holdout.open(newline="", encoding="utf-8") as handle:
        messages = [row["text"] for row in csv.DictReader(handle)][:500]
    if not args.skip_bot:
        report["bot"] = bot_training_and_latency(messages, args.model)
    RESULTS.mkdir(exist_ok=True)
    name = (
        "nlu_latency.json"
        if args.skip_datasets
        else f"nlu_benchmark_{'_'.join(sorted(args.datasets))}.json"
    )
    (RESULTS / name).write_text(json.dumps(report, indent=2))
    print_table(report)


def print_table(report: dict[str, Any]) -> None:
    def pct(value: float | None) -> str:
        return "—" if value is None else f"{100 * value:.2f}"

    print("\n| data set | measure | ours | TF-IDF + SVM | published | target |")
    print("|---|---|---|---|---|---|")
    if "banking77" in report:
        b = report["banking77"]
        print(
            f"| BANKING77 | test accuracy | {pct(b['ours_accuracy'])} | "
            f"{pct(b['baseline_accuracy'])} | BERT 93.66, USE+ConveRT 93.36 "
            "| ≥ 93.7 |"
        )
    if "clinc150" in report:
        c = report["clinc150"]
        for label in ("val_tuned", "configured"):
            t = c[f"ours_{label}_threshold"]
            print(
                f"| CLINC150 | in-scope accuracy (threshold {t}, {label}) | "
                f"{pct(c[f'ours_{label}_in_scope_accuracy'])} | "
                f"{pct(c['baseline_in_scope_accuracy'])} | BERT 96.9, Rasa 91.5 "
                "| ≥ 95 |"
            )
            print(
                f"| CLINC150 | out-of-scope recall (threshold {t}, {label}) | "
                f"{pct(c[f'ours_{label}_oos_recall'])} | {pct(c['baseline_oos_recall'])} | "
                f"BERT 40.3, Rasa 45.3 | ≥ 70 |"
            )
    for name in ("banking77", "clinc150"):
        if name in report:
            r = report[name]
            print(
                f"{name}: encoder fine-tuning {r['encoder_finetune_s']} s, rasa train "
                f"{r['rasa_train_s']} s (peak RSS {r['rasa_train_peak_rss_mb']} MB)"
            )
    if "bot" not in report:
        return
    bot = report["bot"]
    print(
        f"\nparse latency via the Rasa server (HTTP, {bot['parse_messages']} messages, one at a "
        f"time): p50 {bot['parse_p50_ms']} ms, p95 {bot['parse_p95_ms']} ms, "
        f"p99 {bot['parse_p99_ms']} ms (target p95 ≤ 30 ms)"
    )
    print(
        f"training the bot: {bot['bot_rasa_train_s']} s, peak RSS "
        f"{bot['bot_rasa_train_peak_rss_mb']} MB"
    )


if __name__ == "__main__":
    main()
