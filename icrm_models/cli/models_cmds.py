"""``icrm models``: train, list, show and promote versions of the customer models."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Annotated

import typer

from icrm_models.cli.console import console, print_propensity, print_rows, print_segments
from icrm_models.db.engine import make_engine
from icrm_models.registry.store import Registry, RegistryError
from icrm_models.settings import get_settings

models_app = typer.Typer(
    help="Customer models: segments, propensity, recommender.", no_args_is_help=True
)


def _registry() -> Registry:
    return Registry(get_settings().resolved_registry_dir)


@models_app.command("train")
def train_command(
    cut: Annotated[str | None, typer.Option(help="Train on data before this date [now].")] = None,
    horizon_days: Annotated[int, typer.Option(help="Propensity horizon.", min=1)] = 30,
    promote: Annotated[bool, typer.Option(help="Promote the new version when done.")] = False,
    embeddings: Annotated[bool, typer.Option(help="Use product-text embeddings.")] = True,
) -> None:
    """Train every model on the database and store a new version (with its model card).

    A scheduled retrain is this command with --promote, e.g. nightly from cron:
    `0 3 * * * cd /srv/icrm && .venv/bin/icrm models train --promote`.
    """
    from icrm_models.cli.data_cmds import _parse_date
    from icrm_models.registry.bundle import BrokenModelsError, checked_bundle
    from icrm_models.training.pipeline import train_models

    settings = get_settings()
    registry = _registry()
    at = _parse_date(cut) if cut else datetime.now(UTC).replace(microsecond=0)
    previous = None
    if (promoted := registry.promoted()) is not None:
        try:
            previous = checked_bundle(registry.load(promoted))
        except (RegistryError, BrokenModelsError) as exc:
            console.print(f"[yellow]ignoring the promoted version: {exc}[/yellow]")
    engine = make_engine(settings.resolved_database_url)
    if cut is None:  # offers nobody answered for a day count as ignored in what is learnt
        from sqlalchemy.orm import Session

        from icrm_models.offers.records import expire_unanswered

        with Session(engine) as session:
            expired = expire_unanswered(session, now=at)
        if expired:
            console.print(f"{expired} unanswered offers marked ignored")
    embed = None
    if embeddings and settings.embedding_model_path is not None:
        from icrm_models.recommend.item_text import embed_products

        model_path = settings.embedding_model_path

        def embed(ids):  # type: ignore[no-untyped-def]
            return embed_products(engine, ids, model_path, cache_dir=settings.cache_dir)

    with console.status("training ...") as status:
        bundle, card = train_models(
            engine,
            at,
            horizon_days=horizon_days,
            previous=previous,
            embed=embed,
            say=lambda step: status.update(step + " ..."),
        )
        base = at.strftime("%Y%m%d-%H%M%S") + "-" + card["code_version"].split("+")[-1]
        version = registry.save(registry.new_name(base), bundle, card)
    _print_metrics(version.card)
    if promote:
        registry.promote(version.name)
    console.print(f"stored version {version.name}" + (" (promoted)" if promote else ""))


def _print_metrics(card: dict[str, object]) -> None:
    metrics = card["metrics"]
    assert isinstance(metrics, dict)
    prop = metrics["propensity"]
    print_propensity(
        f"purchase propensity (validation), chosen: {prop['chosen']}", prop["validation"]
    )
    print_segments(metrics["segments"])
    rec = metrics["recommender"]
    print_rows(
        "recommender",
        ("what", "value"),
        [
            ("tuning NDCG@10", f"{rec['tuning_ndcg@10']:.3f}"),
            ("tuning customers", f"{rec['tuning_customers']:,}"),
        ],
    )


@models_app.command("list")
def list_command() -> None:
    """Every stored version; the promoted one is marked."""
    registry = _registry()
    promoted = registry.promoted()
    versions = registry.versions()
    if not versions:
        console.print(f"no versions in {registry.root}; run `icrm models train`")
        return
    print_rows(
        f"model versions in {registry.root}",
        ("version", "cut", "propensity", "served"),
        [
            (
                v.name,
                str(v.card.get("data", {}).get("cut", ""))[:10],
                v.card.get("metrics", {}).get("propensity", {}).get("chosen", ""),
                "promoted" if v.name == promoted else "",
            )
            for v in versions
        ],
    )


@models_app.command("show")
def show_command(version: Annotated[str, typer.Argument(help="A version from `list`.")]) -> None:
    """The model card of a version."""
    console.print_json(json.dumps(_registry().card(version)))


@models_app.command("promote")
def promote_command(version: Annotated[str, typer.Argument(help="A version from `list`.")]) -> None:
    """Serve this version (the action server picks it up without a restart)."""
    _registry().promote(version)
    console.print(f"promoted {version}")


@models_app.command("rules")
def rules_command(
    version: Annotated[
        str | None, typer.Argument(help="A version from `list` [the promoted one].")
    ] = None,
    product: Annotated[
        str | None, typer.Option(help="Only rules from this product (its SKU).")
    ] = None,
    top: Annotated[int, typer.Option(help="How many rules, strongest first.", min=1)] = 20,
) -> None:
    """The co-purchase rules a version learnt: if a basket holds A, it also holds B."""
    from sqlalchemy import select

    from icrm_models.cli.errors import CliError
    from icrm_models.db.schema import Product
    from icrm_models.registry.bundle import BrokenModelsError, checked_bundle

    registry = _registry()
    name = version or registry.promoted()
    if name is None:
        raise CliError("no version is promoted: name one from `icrm models list`")
    try:
        rules = checked_bundle(registry.load(name)).rules
    except (RegistryError, BrokenModelsError) as exc:
        raise CliError(f"version {name} cannot be read ({exc}): train a new one") from exc
    engine = make_engine(get_settings().resolved_database_url)
    try:
        with engine.connect() as conn:
            product_id = None
            if product is not None:
                product_id = conn.execute(
                    select(Product.id).where(Product.sku == product)
                ).scalar_one_or_none()
                if product_id is None:
                    raise CliError(f"no product with SKU {product!r}")
            table = rules.top(top, product_id=product_id)
            shown = {int(p) for p in table["antecedent"]} | {int(p) for p in table["consequent"]}
            label = {
                int(pid): f"{item_name} ({sku})"
                for pid, sku, item_name in conn.execute(
                    select(Product.id, Product.sku, Product.name).where(Product.id.in_(shown))
                )
            }
    finally:
        engine.dispose()
    if table.empty:
        console.print(f"no rules{f' from {product}' if product else ''} in version {name}")
        return
    print_rows(
        f"co-purchase rules of {name}: pairs in at least {rules.min_orders} of "
        f"{rules.n_orders:,} orders, strongest (lift) first",
        ("if a basket holds", "it also holds", "orders", "support", "confidence", "lift"),
        [
            (
                label.get(int(r.antecedent), str(r.antecedent)),
                label.get(int(r.consequent), str(r.consequent)),
                f"{int(r.orders):,}",
                f"{r.support:.3%}",
                f"{r.confidence:.0%}",
                f"{r.lift:.1f}",
            )
            for r in table.itertuples()
        ],
    )
