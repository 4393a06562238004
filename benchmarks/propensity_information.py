"""Does information the feature set leaves out lift purchase propensity on Online Retail?

`propensity_ceiling.py` shows our models at the ceiling of our features. This script asks the
next question: does anything else the file holds carry signal? Each candidate source is added
to our features, one at a time and then all together:

- product text: what the customer buys, as shares of K clusters of the product embeddings
  (all-MiniLM-L6-v2 over name and description), and as the first 12 principal components of
  the customer's mean product embedding;
- season: the share of Christmas products among the customer's lines, overall and in the last
  60 days (a gift wholesaler's customers stock up for Christmas from the summer on);
- time of day: the mean hour of the customer's orders (trade buyers order in office hours);
- country: the customer's country, the 8 most common one-hot.

For every source and cut it scores, as `icrm evaluate` does, a logistic regression and the
calibrated booster trained on four monthly snapshots before the cut; and the in-period
ceiling of `propensity_ceiling.py` (learners cross-validated inside the scored month).

    .venv/bin/python benchmarks/propensity_information.py [--transactions FILE] [--clusters 30]

Prints a markdown table of means over the cuts; writes
benchmarks/results/propensity_information.json.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np
import pandas as pd
from propensity_ceiling import DEFAULT, ROOT, in_period_ceiling
from sklearn.cluster import KMeans
from sklearn.decomposition import PCA
from sqlalchemy import Engine, select

from icrm_models.db.engine import make_engine
from icrm_models.db.schema import Customer, Product
from icrm_models.features.definitions import FEATURE_VERSION
from icrm_models.features.lines import LineCache
from icrm_models.importers.online_retail import import_online_retail
from icrm_models.propensity.labels import purchase_labels
from icrm_models.propensity.training import (
    Features,
    compare_models,
    memoised_features,
    stacked_snapshots,
)
from icrm_models.recommend.item_text import embed_products
from icrm_models.settings import get_settings

CUTS = ("2011-06-01", "2011-07-01", "2011-08-01", "2011-09-01")
HORIZON_DAYS = 30
SNAPSHOTS = 4
Extra = Callable[[datetime], pd.DataFrame]  # cut -> extra features per customer
OURS = f"ours (feature version {FEATURE_VERSION})"


class Sources:
    """The candidate information sources, computed per cut from the purchase lines."""

    def __init__(self, engine: Engine, lines: LineCache, clusters: int) -> None:
        self.lines = lines
        with engine.connect() as conn:
            products = conn.execute(select(Product.id, Product.name)).all()
            countries = dict(conn.execute(select(Customer.id, Customer.country)).all())
        ids = np.array([p[0] for p in products])
        settings = get_settings()
        vectors = embed_products(
            engine, ids, settings.embedding_model_path, cache_dir=settings.cache_dir
        )
        self.cluster = pd.Series(
            KMeans(clusters, n_init=4, random_state=0).fit_predict(vectors), index=ids
        )
        self.components = pd.DataFrame(PCA(12, random_state=0).fit_transform(vectors), index=ids)
        self.christmas = pd.Series(
            ["CHRISTMAS" in str(p[1]).upper() for p in products], index=ids, dtype=float
        )
        country = pd.Series(countries).fillna("unknown")
        top = country.value_counts().index[:8]
        self.country = pd.get_dummies(country.where(country.isin(top), "other")).astype(float)

    def product_clusters(self, cut: datetime) -> pd.DataFrame:
        d = self.lines.purchases(cut)
        shares = pd.crosstab(d.customer_id, d.product_id.map(self.cluster), normalize="index")
        return shares.add_prefix("text_cluster_")

    def product_components(self, cut: datetime) -> pd.DataFrame:
        d = self.lines.purchases(cut)
        rows = pd.DataFrame(self.components.loc[d.product_id].to_numpy(), index=d.customer_id)
        return rows.groupby(level=0).mean().add_prefix("text_pc_")

    def season(self, cut: datetime) -> pd.DataFrame:
        d = self.lines.purchases(cut).assign(christmas=lambda f: f.product_id.map(self.christmas))
        recent = d[d.placed_at >= pd.Timestamp(cut - timedelta(days=60))]
        return pd.concat(
            [
                d.groupby("customer_id").christmas.mean().rename("christmas_share"),
                recent.groupby("customer_id").christmas.mean().rename("christmas_share_60d"),
            ],
            axis=1,
        )

    def time_of_day(self, cut: datetime) -> pd.DataFrame:
        orders = self.lines.purchases(cut).drop_duplicates("order_id")
        hours = orders.placed_at.dt.hour + orders.placed_at.dt.minute / 60
        return hours.groupby(orders.customer_id).mean().rename("mean_order_hour").to_frame()

    def countries(self, cut: datetime) -> pd.DataFrame:
        return self.country.add_prefix("country_")

    def named(self) -> dict[str, list[Extra]]:
        each: dict[str, Extra] = {
            "product text clusters": self.product_clusters,
            "product text components": self.product_components,
            "season (Christmas share)": self.season,
            "time of day": self.time_of_day,
            "country": self.countries,
        }
        return {
            OURS: [],
            **{f"+ {name}": [extra] for name, extra in each.items()},
            "+ all of them": list(each.values()),
        }


def with_extras(features: Features, extras: list[Extra]) -> Features:
    """Our features at a cut, joined with the extra sources (0 where a customer has none)."""

    def joined(cut: datetime) -> pd.DataFrame:
        frame = features(cut)
        for extra in extras:
            frame = frame.join(extra(cut), how="left")
        return frame.fillna(0.0)

    return joined


def score_cut(engine: Engine, features: Features, cut: datetime) -> dict[str, float]:
    """Temporal logistic and boosting ROC-AUC at ``cut``, and the in-period ceiling."""
    X_train, y_train = stacked_snapshots(engine, cut, HORIZON_DAYS, SNAPSHOTS, features)
    X_test = features(cut)
    y_test = purchase_labels(engine, X_test.index, cut, HORIZON_DAYS)
    columns = [c for c in X_train.columns if c in X_test.columns]
    temporal = compare_models(X_train[columns], y_train, X_test[columns], y_test, columns)
    ceiling, _, _ = in_period_ceiling(features, engine, cut, HORIZON_DAYS)
    return {
        "logistic": temporal["logistic"]["roc_auc"],
        "boosting": temporal["gradient_boosting"]["roc_auc"],
        "ceiling": max(ceiling.values()),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--transactions", type=Path, default=DEFAULT)
    parser.add_argument("--clusters", type=int, default=30)
    parser.add_argument("--cuts", nargs="+", default=list(CUTS))
    args = parser.parse_args()
    if args.transactions is None or not args.transactions.exists():
        raise SystemExit("no Online Retail file: pass --transactions FILE")
    cuts = [datetime.fromisoformat(c).replace(tzinfo=UTC) for c in args.cuts]
    results: dict[str, dict[str, list[float]]] = {}
    with tempfile.TemporaryDirectory(prefix="propensity-information-") as tmp:
        engine = make_engine(f"sqlite:///{tmp}/retail.db")
        import_online_retail(engine, args.transactions)
        lines = LineCache(engine)
        base = memoised_features(engine, lines)
        sources = Sources(engine, lines, args.clusters)
        for name, extras in sources.named().items():
            started = time.perf_counter()
            features = with_extras(base, extras)
            per_cut = [score_cut(engine, features, cut) for cut in cuts]
            results[name] = {k: [s[k] for s in per_cut] for k in per_cut[0]}
            print(f"{name}: {time.perf_counter() - started:.0f} s", flush=True)
        engine.dispose()
    reference = {k: float(np.mean(v)) for k, v in results[OURS].items()}
    print(f"\nROC-AUC, purchase within {HORIZON_DAYS} days; mean over cuts {', '.join(args.cuts)}")
    print("\n| features | logistic | boosting | in-period CV ceiling | per cut (logistic) |")
    print("|---|---|---|---|---|")
    for name, measured in results.items():
        cells = []
        for key in ("logistic", "boosting", "ceiling"):
            mean = float(np.mean(measured[key]))
            delta = "" if name.startswith("ours") else f" ({mean - reference[key]:+.3f})"
            cells.append(f"{mean:.3f}{delta}")
        per_cut = " / ".join(f"{v:.3f}" for v in measured["logistic"])
        print(f"| {name} | " + " | ".join(cells) + f" | {per_cut} |")
    out = ROOT / "benchmarks" / "results" / "propensity_information.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(
        json.dumps(
            {
                "horizon_days": HORIZON_DAYS,
                "cuts": args.cuts,
                "clusters": args.clusters,
                "roc_auc": results,
            },
            indent=2,
        )
    )
    print(f"\nwritten to {out}")


if __name__ == "__main__":
    main()
