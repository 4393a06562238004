"""Every table has an erasure policy: a new table can't silently keep what forget-me forgets."""

from icrm_models.db.schema import Base
from icrm_models.privacy.erasure import TABLE_POLICY


def test_every_table_of_the_schema_has_an_erasure_policy() -> None:
    missing = set(Base.metadata.tables) - set(TABLE_POLICY)
    assert missing == set(), f"say in icrm_models/privacy/erasure.py what erasure does to {missing}"
