"""``icrm nlu``: the assistant's language understanding, exported and evaluated."""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path
from typing import Annotated

import typer

from icrm_models.cli.console import console, print_rows, print_table
from icrm_models.embeddings.onnx_export import export_encoder
from icrm_models.launcher.nlu_encoder import adapted_encoder
from icrm_models.launcher.paths import ProjectPaths
from icrm_models.launcher.training import train_if_changed
from icrm_models.nlu.bot_data import AnnotatedExample, bot_nlu_data
from icrm_models.nlu.cross_validation import FoldPrediction, cross_validate, markdown_report
from icrm_models.nlu.entity_metrics import entity_label
from icrm_models.nlu.labelled import read_labelled_csv
from icrm_models.nlu.metrics import score_intents
from icrm_models.nlu.predict import model_intents, predict
from icrm_models.nlu.train import annotated_nlu_yaml, train_nlu
from icrm_models.settings import get_settings

nlu_app = typer.Typer(help="The assistant's language understanding.", no_args_is_help=True)


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
    data: Annotated[Path, typer.Option(help="CSV with the columns text,intent.")],
    model: Annotated[
        Path | None, typer.Option(help="Rasa model [default: the bot's current model]")
    ] = None,
    out: Annotated[
        Path | None, typer.Option(help="Predictions JSON [default: data_dir/results/...]")
    ] = None,
) -> None:
    """Run the trained assistant's NLU on labelled messages and print how well it did."""
    settings = get_settings()
    paths = ProjectPaths.discover()
    paths.require_runtimes()
    rows = read_labelled_csv(data)
    if model is None:
        log = settings.data_dir / "logs" / "rasa-train.log"
        with console.status("training the Rasa model if bot/ changed ..."):
            model, _ = train_if_changed(paths, settings.resolved_models_dir, log=log)
    elif not model.exists():
        raise FileNotFoundError(f"no Rasa model at {model}")
    with console.status(f"parsing {len(rows):,} messages ..."):
        predictions = predict(paths, model, [r.text for r in rows])
    scores = score_intents(
        [r.intent for r in rows],
        [p.intent for p in predictions],
        known_intents=model_intents(model),
    )
    print_table(
        f"NLU on {data.name}",
        [
            ("messages", scores.messages),
            ("accuracy", f"{scores.accuracy:.3f}"),
            ("macro-F1", f"{scores.macro_f1:.3f}"),
            ("in-scope accuracy", _fmt(scores.in_scope_accuracy)),
            (
                f"out-of-scope recall ({scores.out_of_scope_messages})",
                _fmt(scores.out_of_scope_recall),
            ),
            ("labels not in the domain (all errors)", sum(scores.unknown_intents.values())),
        ],
        headers=("measure", "value"),
    )
    if scores.confused_pairs:
        print_rows(
            "most confused (true → predicted)",
            ("true", "predicted", "messages"),
            [(t, p, str(n)) for t, p, n in scores.confused_pairs],
        )
    target = out or settings.data_dir / "results" / f"nlu-{data.stem}.json"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(
        json.dumps(
            {
                "data": str(data),
                "model": str(model),
                "scores": asdict(scores),
                "predictions": [
                    {"text": r.text, "intent": r.intent, **asdict(p)}
                    for r, p in zip(rows, predictions, strict=True)
                ],
            },
            indent=1,
        )
    )
    console.print(f"predictions written to {target}")


def _fmt(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.3f}"


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
