"""Migration 0003 strips the clear-text link tokens that account e-mails used to keep."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import JSON, Column, DateTime, Integer, MetaData, String, Table, insert, select

from icrm_models.accounts.outbox import LINK_PLACEHOLDER
from icrm_models.db.engine import make_engine
from icrm_models.db.migrate import upgrade

TOKEN = "Zq8-old-clear-text-token-0123456789abcdef"
LINK = f"https://luma-sports.example/customer/account/create/?token={TOKEN}"

OUTBOX = Table(
    "outbox",
    MetaData(),
    Column("id", Integer, primary_key=True),
    Column("channel", String),
    Column("recipient", String),
    Column("template", String),
    Column("subject", String),
    Column("body", String),
    Column("payload", JSON),
    Column("status", String),
    Column("created_at", DateTime(timezone=True)),
)


def test_old_tokens_leave_the_outbox(sqlite_url: str) -> None:
    engine = make_engine(sqlite_url)
    upgrade(engine, "0002")
    with engine.begin() as conn:
        conn.execute(
            insert(OUTBOX).values(
                channel="email",
                recipient="new.person@example.org",
                template="account_signup_link",
                subject="Finish creating your account",
                body=f"Hello,\n\nclick the link below:\n{LINK}\n\nThe link is valid until ...",
                payload={"token": TOKEN, "link": LINK, "expires_at": "2026-11-24T12:00:00+00:00"},
                status="queued",
                created_at=datetime(2026, 11, 23, tzinfo=UTC),
            )
        )
    upgrade(engine)
    with engine.connect() as conn:
        body, payload = conn.execute(select(OUTBOX.c.body, OUTBOX.c.payload)).one()
    engine.dispose()
    assert TOKEN not in body and LINK_PLACEHOLDER in body
    assert payload == {"expires_at": "2026-11-24T12:00:00+00:00"}
