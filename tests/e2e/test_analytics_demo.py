"""The analyst's whole path on the real stack: scripted conversations, ingest, report, browser.

Twelve scripted conversations of different kinds (order look-ups as member and as guest, offers
accepted and declined, a form completed and one abandoned, small talk, a fallback the customer
leaves after, handoffs an agent answers in the console and the customer rates) go through Rasa's
REST channel and the console's API exactly as ``icrm demo conversations`` plays them. Then the
ingest reads Rasa's tracker store, the report is written, and headless Chromium opens it: the
KPIs and the charts must be there. Screenshots go to var/screenshots/analytics-demo*.png.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select

from icrm_models.analytics.frames import load
from icrm_models.analytics.report import write_report
from icrm_models.analytics.tracker_source import ingest_tracker_store
from icrm_models.db.engine import make_engine
from icrm_models.db.tables.analytics import AnalyticsConversation, AnalyticsTurn
from icrm_models.demo_conversations.cast import load_cast
from icrm_models.demo_conversations.plan import PlannedConversation, plan_conversations
from icrm_models.demo_conversations.runner import (
    ConversationResult,
    DemoTarget,
    play_conversations,
)
from icrm_models.demo_conversations.scripts import script_named
from icrm_models.launcher.stack import RunningStack
from icrm_models.runtime.paths import ProjectPaths
from tests.helpers.agents import add_stack_agent
from tests.helpers.browsers import headless_chromium
from tests.helpers.stack import SECRET

pytestmark = pytest.mark.e2e
AGENT = ("analytics-agent@icrm.test", "Anna", "analytics-agent-password-1")
SHOTS = ProjectPaths.discover().root / "var" / "screenshots"
# one conversation of each of these kinds; other e2e tests rely on customers 1 to 10
SCRIPTS = (
    "order look-up (logged in)",
    "order look-up (guest, verified)",
    "offers accepted",
    "offers declined",
    "product search",
    "return completed",
    "complaint abandoned",
    "small talk",
    "left after a fallback",
    "out of scope",
    "handoff solved",
    "handoff not solved",
)
LEAVE_ALONE = range(1, 11)


@pytest.fixture(scope="module")
def engine(database_file: Path) -> Iterator[Engine]:
    engine = make_engine(f"sqlite:///{database_file}")
    yield engine
    engine.dispose()


@pytest.fixture(scope="module")
def planned(engine: Engine) -> list[PlannedConversation]:
    cast = load_cast(engine, exclude=LEAVE_ALONE)
    return [
        plan_conversations(1, seed=index, cast=[cast[index]], scripts=[script_named(name)])[0]
        for index, name in enumerate(SCRIPTS)
    ]


@pytest.fixture(scope="module")
def played(
    stack: RunningStack, database_file: Path, planned: list[PlannedConversation]
) -> list[ConversationResult]:
    email, name, password = AGENT
    add_stack_agent(database_file, email=email, name=name, password=password)
    target = DemoTarget(
        rasa_url=stack.rasa_url,
        console_url=stack.console_url,
        identity_key=SECRET.encode(),
        agent_email=email,
        agent_password=password,
    )
    return list(asyncio.run(play_conversations(target, planned, concurrency=4)))


def test_demo_conversations_become_a_report_an_analyst_can_read(
    stack: RunningStack,
    engine: Engine,
    planned: list[PlannedConversation],
    played: list[ConversationResult],
    tmp_path: Path,
) -> None:
    errors = [(r.script, r.error) for r in played if r.error]
    assert not errors, errors
    # what was said is in the analytics tables after one ingest
    result = ingest_tracker_store(engine)
    assert result.rejected == 0
    senders = [p.sender for p in planned]
    with engine.connect() as connection:
        conversations = {
            row.conversation_id: row
            for row in connection.execute(
                select(AnalyticsConversation).where(
                    AnalyticsConversation.conversation_id.in_(senders)
                )
            )
        }
        agent_turns = connection.scalar(
            select(func.count())
            .select_from(AnalyticsTurn)
            .where(AnalyticsTurn.actor == "agent", AnalyticsTurn.conversation_id.in_(senders))
        )
    assert set(conversations) == set(senders)
    by_script = {p.script: conversations[p.sender] for p in planned}
    solved = by_script["handoff solved"]
    assert solved.handoff_at is not None and solved.agent_first_reply_at is not None
    assert solved.csat_score in {3, 4, 5}
    assert by_script["handoff not solved"].csat_score in {1, 2, 3}
    assert agent_turns and agent_turns >= 4
    assert by_script["left after a fallback"].fallbacks >= 1
    assert by_script["order look-up (guest, verified)"].customer_turns >= 3

    # the report over today, opened the way an analyst opens it
    out = tmp_path / "report.html"
    since = (datetime.now(UTC) - timedelta(days=1)).date()
    summary = write_report(load(engine, since), out)
    assert summary.kpis["conversations"] >= len(planned) and summary.charts >= 3
    html = out.read_text(encoding="utf-8")
    assert '<script src="http' not in html  # self-contained: works offline
    SHOTS.mkdir(parents=True, exist_ok=True)
    browser = headless_chromium(tmp_path / "profile")
    try:
        browser.set_window_size(1280, 2400)
        browser.get(out.as_uri())
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            charts = browser.execute_script(
                "return document.querySelectorAll('.plotly-graph-div .main-svg').length"
            )
            if charts and charts >= 3:
                break
            time.sleep(0.5)
        assert charts >= 3, "the report's charts did not render"
        body = browser.find_element("tag name", "body").text.lower()
        for kpi in ("conversations", "containment", "handoff", "csat"):
            assert kpi in body, kpi
        browser.save_screenshot(str(SHOTS / "analytics-demo-1-top.png"))
        browser.execute_script("window.scrollTo(0, document.body.scrollHeight / 2)")
        time.sleep(0.5)
        browser.save_screenshot(str(SHOTS / "analytics-demo-2-middle.png"))
    finally:
        browser.quit()
