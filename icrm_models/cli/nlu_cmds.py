"""``icrm nlu``: the assistant's language understanding, exported and evaluated."""

from __future__ import annotations

import csv
import json
from dataclasses import asdict
from pathlib import Path
from typing import Annotated

import typer
from sqlalchemy.orm import Session

from icrm_models.cli.console import console, print_rows, print_table
from icrm_models.cli.nlu_suggest_cmd import suggest_command
from icrm_models.db.engine import make_engine
from icrm_models.embeddings.onnx_export import export_encoder
from icrm_models.launcher.training import train_if_changed
from icrm_models.nlu.blind_set import BLIND_SET_DIR, seen_in_training
from icrm_models.nlu.bot_data import AnnotatedExample, bot_nlu_data
from icrm_models.nlu.choices import stored_choices
from icrm_models.nlu.cross_validation import FoldPrediction, cross_validate, markdown_report
from icrm_models.nlu.encoder import adapted_encoder
from icrm_models.nlu.entity_metrics import entity_label
from icrm_models.nlu.evaluation import Evaluation, evaluate_predictions, weakest_intents
from icrm_models.nlu.labelled import read_labelled
from icrm_models.nlu.predict import model_intents, predict
from icrm_models.nlu.report import (
    INTENT_HEADERS,
    PAIR_HEADERS,
    REGISTER_HEADERS,
    evaluation_json,
    evaluation_markdown,
    intent_rows,
    pair_rows,
    register_rows,
    summary_rows,
)
from icrm_models.nlu.train import annotated_nlu_yaml, train_nlu
from icrm_models.runtime.paths import ProjectPaths
from icrm_models.settings import get_settings

nlu_app = typer.Typer(help="The assistant's language understanding.", no_args_is_help=True)
nlu_app.command("suggest")(suggest_command)


@nlu_app.command("export-encoder")
def export_encoder_command(
    force: Annotated[bool, typer.Option(help="Export again even if up to date.")] = False,
) -> None:
    """Export all-MiniLM-L6-v2 to ONNX for the Rasa pipeline and check it against the original."""
    settings = get_settings()
    paths = ProjectPaths.discover()
    if settings.embedding_model_path is None:
        raise FileNotFoundError("no sentence-transformers model: set ICRM_EMBEDDING_MODEL_PATH")
    with console.status("exporting the sentence encoder to ONNX ..."):
        report = export_encoder(settings.embedding_model_path, paths.encoder_dir, force=force)
    state = "up to date" if report.reused else "exported"
    console.print(
        f"{state}: {report.folder} (dimension {report.dimension}, "
        f"max difference to sentence-transformers {report.max_abs_diff:.1e})"
    )


@nlu_app.command("evaluate")
def evaluate_command(
    data: Annotated[
        Path | None,
        typer.Option(
            help="CSV with the columns text,intent (register optional), or a folder of such "
            "CSVs (default: the blind test set, tests/data/nlu_blind/)"
        ),
    ] = None,
    model: Annotated[
        Path | None, typer.Option(help="Rasa model (default: the bot's current model)")
    ] = None,
    out: Annotated[
        Path | None, typer.Option(help="Predictions JSON (default: data_dir/results/nlu-NAME.json)")
    ] = None,
    markdown: Annotated[
        Path | None, typer.Option(help="Also write the tables as Markdown to this file.")
    ] = None,
) -> None:
    """Run the trained assistant's NLU on labelled messages and print how well it did.

    Without --data it scores the blind test set, the only messages written without sight of
    the training data (see tests/data/nlu_blind/README.md).
    """
    paths = ProjectPaths.discover()
    data = data or paths.root / BLIND_SET_DIR
    # Bad input fails here, before minutes of training or parsing.
    rows = read_labelled(data)
    settings = get_settings()
    paths.require_runtimes()
    if model is None:
        log = settings.data_dir / "logs" / "rasa-train.log"
        with console.status("training the Rasa model if bot/ changed ..."):
            model, _ = train_if_changed(paths, settings.resolved_models_dir, log=log)
    elif not model.exists():
        raise FileNotFoundError(f"no Rasa model at {model}")
    with console.status(f"parsing {len(rows):,} messages ..."):
        predictions = predict(paths, model, [r.text for r in rows])
    # The bot's training messages as they are now (the --model given may predate them).
    training_texts = [e.text for e in bot_nlu_data(paths.bot / "data" / "nlu").examples]
    evaluation = evaluate_predictions(
        rows,
        [p.intent for p in predictions],
        [[str(r["name"]) for r in p.ranking if r.get("name")] for p in predictions],
        seen=seen_in_training(rows, training_texts),
        known_intents=model_intents(model),
    )
    _print_evaluation(evaluation, f"NLU on {data.name} ({model.name})")
    target = out or settings.data_dir / "results" / f"nlu-{data.stem}.json"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(
        json.dumps(
            {
                "data": str(data),
                "files": sorted({r.source for r in rows if r.source}),
                "model": str(model),
                **evaluation_json(evaluation),
                # "intent" is the label, "predicted" the model's reading: set after the spread,
                # which would otherwise overwrite the label with Prediction.intent
                "predictions": [
                    {
                        "text": r.text,
                        "register": r.register,
                        "source": r.source,
                        **asdict(p),
                        "intent": r.intent,
                        "predicted": p.intent,
                    }
                    for r, p in zip(rows, predictions, strict=True)
                ],
            },
            indent=1,
        )
    )
    console.print(f"predictions written to {target}")
    if markdown is not None:
        markdown.write_text(evaluation_markdown(evaluation), encoding="utf-8")
        console.print(f"Markdown tables written to {markdown}")


def _print_evaluation(evaluation: Evaluation, title: str) -> None:
    """The overall figures, then per register, per intent (weakest first), confused pairs."""
    print_table(title, summary_rows(evaluation), headers=("measure", "value"))
    if evaluation.per_register:
        print_rows("per register", REGISTER_HEADERS, register_rows(evaluation))
    weakest_first = weakest_intents(evaluation, len(evaluation.per_intent))
    print_rows("per intent, weakest first", INTENT_HEADERS, intent_rows(weakest_first))
    if evaluation.confused_pairs:
        print_rows("most confused (true → predicted)", PAIR_HEADERS, pair_rows(evaluation))


@nlu_app.command("cross-validate")
def cross_validate_command(
    folds: Annotated[int, typer.Option(help="Number of folds.")] = 3,
    out: Annotated[
        Path | None, typer.Option(help="Markdown report [default: docs/nlu_cross_validation.md]")
    ] = None,
) -> None:
    """Stratified k-fold cross-validation of the NLU on the bot's own training messages."""
    settings = get_settings()
    paths = ProjectPaths.discover()
    paths.require_runtimes()
    data = bot_nlu_data(paths.bot / "data" / "nlu")
    examples = data.examples
    epochs = settings.nlu_encoder_epochs

    def train_and_predict(
        train: list[AnnotatedExample], texts: list[str], work: Path
    ) -> list[FoldPrediction]:
        if settings.embedding_model_path is None:
            raise FileNotFoundError("no sentence-transformers model: set ICRM_EMBEDDING_MODEL_PATH")
        plain = [(e.text, e.intent) for e in train]
        encoder = (
            adapted_encoder(settings.embedding_model_path, plain, work / "encoder", epochs=epochs)
            if epochs > 0
            else export_encoder(settings.embedding_model_path, paths.encoder_dir).folder
        )
        trained = train_nlu(
            paths,
            plain,
            work / "rasa",
            encoder_dir=encoder,
            nlu_data=annotated_nlu_yaml(train, data.other_blocks),
        )
        return [
            (
                p.intent,
                [(e["start"], e["end"], entity_label(e)) for e in p.entities],
            )
            for p in predict(paths, trained.model, texts)
        ]

    results = cross_validate(examples, folds, train_and_predict, progress=console.print)
    report = markdown_report(
        results,
        title="NLU cross-validation on the bot's own training data",
        notes=(
            f"{len(examples):,} messages, {len({e.intent for e in examples})} intents, "
            f"{sum(len(e.entities) for e in examples):,} annotated entities, {folds} stratified "
            f"folds; the pipeline of bot/config.yml, trained on each fold's training part with its "
            f"entity annotations, lookup tables and regexes, the encoder fine-tuned for {epochs} "
            f"epochs on that part only. Held-out messages are parsed as typed."
        ),
    )
    target = out or paths.root / "docs" / "nlu_cross_validation.md"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(report, encoding="utf-8")
    console.print(report)
    console.print(f"written to {target}")


@nlu_app.command("choices")
def choices_command(
    out: Annotated[
        Path | None, typer.Option(help="CSV to write (default: data_dir/results/nlu-choices.csv)")
    ] = None,
) -> None:
    """Collect what customers picked at "Did you mean …?" as labelled examples (text,intent).

    For review: the file is never merged into the training data automatically.
    """
    settings = get_settings()
    engine = make_engine(settings.resolved_database_url)
    try:
        with Session(engine) as session:
            found = stored_choices(session)
    finally:
        engine.dispose()
    target = out or settings.data_dir / "results" / "nlu-choices.csv"
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["text", "intent", "conversation_id"])
        writer.writerows((c.text, c.intent, c.conversation_id) for c in found)
    console.print(
        f"{len(found):,} labelled examples from the fallback's choices written to {target}"
    )
