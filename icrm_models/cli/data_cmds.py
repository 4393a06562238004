"""``icrm db``, ``icrm seed`` and ``icrm import``: fill and migrate the customer database."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated

import typer

from icrm_models.cli.console import (
    console,
    print_propensity,
    print_rows,
    print_segments,
    print_table,
    progress_bar,
)
from icrm_models.db.engine import make_engine
from icrm_models.db.migrate import upgrade
from icrm_models.importers.online_retail import import_online_retail
from icrm_models.seed.config import SeedConfig
from icrm_models.seed.run import AlreadySeededError, is_empty, reset, seed
from icrm_models.settings import get_settings

db_app = typer.Typer(help="The customer database.", no_args_is_help=True)
import_app = typer.Typer(help="Import data from other systems.", no_args_is_help=True)


@db_app.command("upgrade")
def db_upgrade() -> None:
    """Create or migrate the database schema to the newest version (idempotent)."""
    settings = get_settings()
    upgrade(make_engine(settings.resolved_database_url))
    console.print(f"schema up to date: {settings.resolved_database_url}")


def _parse_date(value: str | None) -> datetime:
    if value is None:
        return datetime.now(UTC).replace(microsecond=0)
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError as exc:
        raise ValueError(f"--as-of must be a date like 2026-11-23, got {value!r}") from exc
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def seed_command(
    customers: Annotated[int, typer.Option(help="Number of synthetic customers.", min=1)] = 1000,
    random_seed: Annotated[int, typer.Option("--seed", help="Random seed.")] = 42,
    as_of: Annotated[str | None, typer.Option(help="End of the history (default: now).")] = None,
    reset_first: Annotated[
        bool, typer.Option("--reset", help="Delete existing data first.")
    ] = False,
    force: Annotated[
        bool, typer.Option(help="Let --reset delete imported or real customers too.")
    ] = False,
    if_empty: Annotated[bool, typer.Option(help="Do nothing when data exists.")] = False,
    chunk_size: Annotated[int, typer.Option(help="Customers per transaction.", min=1)] = 2000,
    products: Annotated[
        int,
        typer.Option(help="Grow the catalogue to this many products (0: as shipped).", min=0),
    ] = 0,
    basket_items: Annotated[
        float, typer.Option(help="Mean products per order (3.1: ~10 order lines a customer).")
    ] = 1.6,
) -> None:
    """Load the Luma catalogue and generate synthetic customers, orders and behaviour."""
    settings = get_settings()
    engine = make_engine(settings.resolved_database_url)
    upgrade(engine)
    if reset_first:
        reset(engine, force=force)
    elif if_empty and not is_empty(engine):
        console.print("database already seeded; nothing to do")
        return
    config = SeedConfig(
        customers=customers,
        seed=random_seed,
        as_of=_parse_date(as_of),
        chunk_size=chunk_size,
        products=products,
        basket_items=basket_items,
    )
    with progress_bar() as bar:
        task = bar.add_task("customers", total=customers)
        try:
            totals = seed(engine, config, on_progress=lambda n: bar.update(task, completed=n))
        except AlreadySeededError as exc:
            raise ValueError(str(exc)) from exc
    print_table(
        f"seeded {settings.resolved_database_url}", sorted(totals.items()), ("table", "rows")
    )


@import_app.command("online-retail")
def import_online_retail_command(
    file: Annotated[Path, typer.Argument(help="CSV or CSV.GZ in the UCI Online Retail format.")],
    encoding: Annotated[str, typer.Option(help="Text encoding of the file.")] = "utf-8",
) -> None:
    """Import Online Retail transactions (invoices, C-cancellations, guest rows)."""
    settings = get_settings()
    engine = make_engine(settings.resolved_database_url)
    with progress_bar() as bar:
        task = bar.add_task("rows", total=None)
        report = import_online_retail(
            engine, file, encoding=encoding, on_progress=lambda n: bar.update(task, completed=n)
        )
    print_table(f"imported {file.name}", report.summary())


def evaluate_command(
    transactions: Annotated[Path, typer.Option(help="Online Retail CSV or CSV.GZ.")],
    train_until: Annotated[str, typer.Option(help="Cut date: train on what came before.")],
    horizon_days: Annotated[int, typer.Option(help="Days after the cut scored.", min=1)] = 90,
    propensity_horizon_days: Annotated[int, typer.Option(min=1)] = 30,
    output: Annotated[Path, typer.Option(help="Where the figures go as JSON.")] = Path(
        "evaluation.json"
    ),
    embeddings: Annotated[bool, typer.Option(help="Use the product-text signal.")] = False,
    encoding: Annotated[str, typer.Option(help="Text encoding of the file.")] = "utf-8",
) -> None:
    """Score recommenders, propensity and segments on anyone's transactions, side by side."""
    import json

    from icrm_models.shop_evaluation import evaluate_transactions

    settings = get_settings()
    cut = _parse_date(train_until)
    with console.status("evaluating ...") as status:
        figures = evaluate_transactions(
            transactions,
            cut,
            horizon_days=horizon_days,
            propensity_horizon_days=propensity_horizon_days,
            encoding=encoding,
            embedding_model=settings.embedding_model_path if embeddings else None,
            say=lambda message: status.update(message),
        )
    recs = figures["recommendations"]
    print_rows(
        f"recommendations @{recs['k']} ({recs['customers_scored']:,} customers)",
        ("recommender", "HR", "NDCG", "coverage"),
        [
            (r["name"], f"{r['hr']:.3f}", f"{r['ndcg']:.3f}", f"{r['coverage']:.3f}")
            for r in recs["results"]
        ],
    )
    if recs["ours_minus_baseline"]:
        print_rows(
            "ours minus each baseline, paired over the same customers (95 % interval)",
            ("baseline", "HR", "", "NDCG", ""),
            [
                (
                    c["baseline"],
                    _difference(c["hr"]),
                    c["hr_verdict"],
                    _difference(c["ndcg"]),
                    c["ndcg_verdict"],
                )
                for c in recs["ours_minus_baseline"]
            ],
        )
    prop = figures["propensity"]
    print_propensity(f"purchase propensity ({prop['horizon_days']} days)", prop["results"])
    print_segments(figures["segments"])
    output.write_text(json.dumps(figures, indent=2))
    console.print(f"figures written to {output}")


def _difference(figure: dict[str, float]) -> str:
    """``+0.012 [+0.004, +0.020]``: a paired difference and its interval as one table cell."""
    return f"{figure['mean']:+.3f} [{figure['low']:+.3f}, {figure['high']:+.3f}]"
