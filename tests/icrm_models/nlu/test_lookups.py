from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from icrm_models.db.engine import make_engine
from icrm_models.db.migrate import upgrade
from icrm_models.nlu.lookups import LOOKUP_FILE, lookup_tables, lookups_yaml
from icrm_models.seed.config import SeedConfig
from icrm_models.seed.run import seed
from tests.helpers.shop import AS_OF

BOT = Path(__file__).parents[3] / "bot"


def test_tables_come_from_the_catalogue_and_match_the_committed_file(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path}/shop.db")
    seed(engine, SeedConfig(customers=3, as_of=AS_OF))
    with Session(engine) as session:
        tables = lookup_tables(session)
    engine.dispose()
    assert "chaz kangeroo hoodie" in tables["product"]
    assert "hoodie" in tables["product"]  # the product kind, from the name's last word
    assert {"jackets", "jacket", "fitness equipment"} <= set(tables["category"])
    assert "black" in tables["color"]
    assert not set(tables["product"]) & set(tables["category"])
    committed = (BOT / "data" / "nlu" / LOOKUP_FILE).read_text()
    assert committed == lookups_yaml(tables), "run `icrm bot lookups` on the demo shop"


def test_an_empty_catalogue_is_a_clear_error(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path}/empty.db")
    upgrade(engine)
    with Session(engine) as session, pytest.raises(ValueError, match="catalogue is empty"):
        lookup_tables(session)
    engine.dispose()
