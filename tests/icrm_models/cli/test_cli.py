"""The ``icrm`` command, run as a user runs it (a subprocess of the installed console script)."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ICRM = Path(sys.executable).with_name("icrm")
SAMPLE = Path(__file__).parents[2] / "data" / "online_retail_sample.csv"


def icrm(*args: str, data_dir: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "ICRM_DATA_DIR": str(data_dir), "COLUMNS": "120"}
    env.pop("ICRM_DATABASE_URL", None)
    return subprocess.run(
        [str(ICRM), *args], capture_output=True, text=True, env=env, timeout=300, check=False
    )


@pytest.mark.parametrize(
    "command",
    [
        [],
        ["up"],
        ["seed"],
        ["db"],
        ["db", "upgrade"],
        ["import"],
        ["import", "online-retail"],
        ["bot"],
        ["bot", "train"],
        ["bot", "test"],
        ["bot", "validate"],
        ["models"],
        ["models", "train"],
        ["models", "promote"],
        ["evaluate"],
        ["agents"],
        ["agents", "add"],
        ["agents", "list"],
        ["agents", "disable"],
        ["analytics"],
        ["analytics", "ingest"],
        ["analytics", "report"],
        ["nlu", "suggest"],
        ["demo"],
        ["demo", "conversations"],
    ],
)
def test_every_command_has_help(command: list[str], tmp_path: Path) -> None:
    result = icrm(*command, "--help", data_dir=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "Usage" in result.stdout


def test_seed_then_import_into_the_embedded_database(tmp_path: Path) -> None:
    result = icrm("seed", "--customers", "30", "--as-of", "2026-11-23", data_dir=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "customers" in result.stdout and "30" in result.stdout
    assert (tmp_path / "icrm.db").exists()
    again = icrm("seed", "--if-empty", data_dir=tmp_path)
    assert "already seeded" in again.stdout
    imported = icrm("import", "online-retail", str(SAMPLE), data_dir=tmp_path)
    assert imported.returncode == 0, imported.stderr
    assert "rows rejected" in imported.stdout and "zero unit price" in imported.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["import", "online-retail", "/no/such/file.csv"],
            "error: no such file: /no/such/file.csv",
        ),
        (["seed", "--as-of", "yesterday"], "error: --as-of must be a date"),
    ],
)
def test_errors_are_one_clear_line(args: list[str], message: str, tmp_path: Path) -> None:
    result = icrm(*args, data_dir=tmp_path)
    assert result.returncode == 1
    assert result.stderr.splitlines()[0].startswith(message)
    assert "Traceback" not in result.stderr


def test_seeding_an_already_seeded_database_says_how_to_start_over(tmp_path: Path) -> None:
    assert icrm("seed", "--customers", "5", data_dir=tmp_path).returncode == 0
    result = icrm("seed", "--customers", "5", data_dir=tmp_path)
    assert result.returncode == 1
    assert "icrm seed --reset" in result.stderr


def test_evaluate_on_transactions_exported_from_a_synthetic_shop(tmp_path: Path) -> None:
    """The real-data path end to end: a CSV in the Online Retail format in, one table out."""
    import csv
    import json

    from sqlalchemy import select

    from icrm_models.db.engine import make_engine
    from icrm_models.db.schema import Order, OrderItem, Product
    from icrm_models.importers.online_retail_file import REQUIRED_COLUMNS
    from icrm_models.seed.config import SeedConfig
    from icrm_models.seed.run import seed
    from tests.helpers.shop import AS_OF

    engine = make_engine(f"sqlite:///{tmp_path}/shop.db")
    seed(engine, SeedConfig(customers=500, as_of=AS_OF))
    export = tmp_path / "transactions.csv"
    with engine.connect() as conn, export.open("w", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(REQUIRED_COLUMNS)
        rows = conn.execute(
            select(
                Order.id,
                Product.sku,
                Product.name,
                OrderItem.quantity,
                Order.placed_at,
                OrderItem.unit_price,
                Order.customer_id,
                Order.status,
            )
            .join(OrderItem, OrderItem.order_id == Order.id)
            .join(Product, Product.id == OrderItem.product_id)
            .order_by(Order.id)
        )
        for oid, sku, name, qty, at, price, cid, status in rows:
            if status != "cancelled":
                writer.writerow(
                    [oid, sku, name, qty, at.strftime("%Y-%m-%d %H:%M:%S"), price, cid, "Germany"]
                )
    engine.dispose()
    output = tmp_path / "figures.json"
    result = icrm(
        "evaluate",
        "--transactions",
        str(export),
        "--train-until",
        "2026-07-01",
        "--output",
        str(output),
        data_dir=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    for name in (
        "most popular",
        "item co-purchase",
        "implicit ALS",
        "ours (blend)",
        "rfm_logistic",
        "gradient_boosting",
    ):
        assert name in result.stdout
    figures = json.loads(output.read_text())
    names = [r["name"] for r in figures["recommendations"]["results"]]
    assert names[-1] == "ours (blend)" and figures["segments"]["sizes"]
    compared = figures["recommendations"]["ours_minus_baseline"]
    assert [c["baseline"] for c in compared] == names[:-1]
    for c in compared:
        assert c["hr"]["low"] <= c["hr"]["mean"] <= c["hr"]["high"]
        assert c["hr_verdict"] in ("better", "level", "worse")
    assert "ours minus each baseline" in result.stdout


def test_models_train_list_show_promote(tmp_path: Path) -> None:
    assert (
        icrm("seed", "--customers", "400", "--as-of", "2026-11-23", data_dir=tmp_path).returncode
        == 0
    )
    trained = icrm("models", "train", "--cut", "2026-11-23", "--no-embeddings", data_dir=tmp_path)
    assert trained.returncode == 0, trained.stderr
    assert "ROC-AUC" in trained.stdout and "segment" in trained.stdout
    listed = icrm("models", "list", data_dir=tmp_path)
    version = listed.stdout.split("20261123-")[1].split()[0]
    name = f"20261123-{version}"
    shown = icrm("models", "show", name, data_dir=tmp_path)
    assert '"feature' in shown.stdout and '"artefact_sha256"' in shown.stdout
    assert icrm("models", "promote", name, data_dir=tmp_path).returncode == 0
    assert "promoted" in icrm("models", "list", data_dir=tmp_path).stdout
    rules = icrm("models", "rules", "--top", "5", data_dir=tmp_path)  # of the promoted version
    assert rules.returncode == 0 and "co-purchase rules of " + name in rules.stdout, rules.stdout
    unknown = icrm("models", "rules", name, "--product", "NO-SUCH-SKU", data_dir=tmp_path)
    assert unknown.returncode == 1 and "no product with SKU 'NO-SUCH-SKU'" in unknown.stderr
    missing = icrm("models", "promote", "nope", data_dir=tmp_path)
    assert missing.returncode == 1 and "no version nope" in missing.stderr
