"""Migration 0005: the console's tables, their CHECK constraints, indexes, and its downgrade."""

import pytest
from alembic import command
from sqlalchemy import Engine, inspect, text
from sqlalchemy.exc import IntegrityError

from icrm_models.db.migrate import alembic_config, upgrade
from tests.icrm_models.live.conftest import NOW

LIVE_TABLES = {
    "agents",
    "agent_sessions",
    "login_attempts",
    "live_cases",
    "live_notes",
    "canned_replies",
    "agent_audit",
}
CASE = (
    "INSERT INTO live_cases (conversation_id, status, reason, priority, summary, first_message, "
    "team, queued_at, updated_at, csat_score) VALUES ('c', :status, 'asked', 'normal', '', '', "
    "'support', :now, :now, :score)"
)


@pytest.mark.parametrize(
    ("status", "score"), [("pending", None), ("closed", 0), ("closed", 6)], ids=str
)
def test_the_database_refuses_an_unknown_status_or_a_rating_outside_1_to_5(
    engine: Engine, status: str, score: int | None
) -> None:
    with pytest.raises(IntegrityError), engine.begin() as conn:
        conn.execute(text(CASE), {"status": status, "score": score, "now": NOW})


def test_a_valid_case_row_is_accepted(engine: Engine) -> None:
    with engine.begin() as conn:
        conn.execute(text(CASE), {"status": "closed", "score": 5, "now": NOW})


def test_the_lookups_of_the_console_are_indexed(engine: Engine) -> None:
    inspector = inspect(engine)
    cases = {ix["name"]: ix for ix in inspector.get_indexes("live_cases")}
    assert cases["uq_live_cases_open_conversation"]["column_names"] == ["conversation_id"]
    assert cases["uq_live_cases_open_conversation"]["unique"]
    assert not cases["ix_live_cases_conversation_id"]["unique"]
    assert cases["ix_live_cases_status"]["column_names"] == ["status", "queued_at"]
    assert cases["ix_live_cases_assignee_id"]["column_names"] == ["assignee_id"]
    attempts = [ix["column_names"] for ix in inspector.get_indexes("login_attempts")]
    assert ["key", "at"] in attempts


def test_downgrade_removes_the_tables_and_upgrade_brings_them_back(engine: Engine) -> None:
    assert set(inspect(engine).get_table_names()) >= LIVE_TABLES
    command.downgrade(alembic_config(engine), "0004")
    assert not LIVE_TABLES & set(inspect(engine).get_table_names())
    upgrade(engine)
    assert set(inspect(engine).get_table_names()) >= LIVE_TABLES
