"""The whole bot → agent → bot loop in two real browsers (Playwright on Debian's Chromium).

One browser context is the customer on the shop's page with the embedded widget, the other the
support agent in the console. Nothing is mocked: the real Rasa server (the trained model), the
action server, the shop and the console, on one seeded SQLite file.
"""

from __future__ import annotations

import shutil
import sqlite3
import time
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import pytest

from icrm_models.launcher.stack import RunningStack
from icrm_models.runtime.paths import ProjectPaths
from tests.helpers.agents import add_stack_agent
from tests.helpers.ci import skip_or_fail

pytestmark = pytest.mark.e2e
AGENT = ("loop-agent@icrm.test", "Lena Loop", "loop-agent-password-1")
WAIT_MS = 60_000
# What the test saw, kept for people to look at (var/ is not in git).
SHOTS = ProjectPaths.discover().root / "var" / "screenshots"
RONI_CUSTOMER_ID = 1  # Roni Cost, the first seeded customer


@pytest.fixture(scope="module")
def agent_login(database_file: Path) -> tuple[str, str]:
    """An agent of the support team, made the way `icrm agents add` makes one."""
    email, name, password = AGENT
    add_stack_agent(database_file, email=email, name=name, password=password)
    return email, password


@pytest.fixture(scope="module")
def chromium() -> Iterator[object]:
    sync_api = pytest.importorskip("playwright.sync_api")
    binary = shutil.which("chromium")
    if not binary:
        skip_or_fail("no chromium: `make setup-browser` installs it")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=binary, args=["--no-sandbox"])
        yield browser
        browser.close()


def _bot_messages(page: object) -> int:
    return int(page.locator("[data-testid=messages] .msg.bot").count())  # type: ignore[attr-defined]


def _latest_score_of(database_file: Path, customer_id: int) -> int | None:
    """The rating stored on the customer's latest case (what the analysts read)."""
    with closing(sqlite3.connect(database_file)) as db:
        row = db.execute(
            "SELECT csat_score FROM live_cases WHERE customer_id = ? ORDER BY id DESC LIMIT 1",
            (customer_id,),
        ).fetchone()
    return None if row is None else row[0]


def test_customer_agent_and_bot_walk_the_whole_loop(
    stack: RunningStack, chromium: object, agent_login: tuple[str, str], database_file: Path
) -> None:
    from playwright.sync_api import expect

    SHOTS.mkdir(parents=True, exist_ok=True)
    customer = chromium.new_context(viewport={"width": 1280, "height": 900})  # type: ignore[attr-defined]
    agent = chromium.new_context(viewport={"width": 1366, "height": 768})  # type: ignore[attr-defined]
    shop = customer.new_page()
    shop.goto(stack.web_url)
    shop.select_option("[data-testid=customer-picker]", label="Roni Cost")
    if not shop.locator("[data-testid=panel]").is_visible():
        shop.click("[data-testid=launcher]")
    messages = shop.locator("[data-testid=messages]")
    expect(messages).to_contain_text("Roni Cost", timeout=WAIT_MS)
    expect(shop.locator("[data-testid=chat-status]")).to_contain_text("online", timeout=WAIT_MS)

    # 1. the customer asks for a human; the bot hands off
    shop.fill("[data-testid=message-input]", "I want to talk to a human please")
    shop.click("[data-testid=send]")
    expect(messages).to_contain_text("colleague", timeout=WAIT_MS)

    # 2. the agent logs in; the case is in the queue, live
    console = agent.new_page()
    console.goto(stack.console_url)
    email, password = agent_login
    console.fill("[data-testid=login-email]", email)
    console.fill("[data-testid=login-password]", password)
    console.click("[data-testid=login-submit]")
    expect(console.locator("[data-testid=me-name]")).to_contain_text("Lena Loop", timeout=WAIT_MS)
    console.click("[data-testid=tab-unassigned]")
    item = console.locator("[data-testid=case-item]", has_text="talk to a human")
    expect(item.first).to_be_visible(timeout=WAIT_MS)
    item.first.click()
    panel = console.locator("[data-testid=customer-panel]")
    expect(panel).to_contain_text("Roni Cost", timeout=WAIT_MS)
    expect(panel).to_contain_text("10023", timeout=WAIT_MS)

    # 3. the agent claims and replies; the customer sees the reply and who sent it
    console.click("[data-testid=claim]")
    expect(messages).to_contain_text("Lena", timeout=WAIT_MS)
    console.fill("[data-testid=composer]", "Hello Roni, Lena here. Let me look at your parcel.")
    sent = time.perf_counter()
    console.click("[data-testid=send]")
    expect(messages).to_contain_text("Lena here", timeout=WAIT_MS)
    assert time.perf_counter() - sent < 5  # the benchmark measures it; this only catches a stall
    shop.screenshot(path=str(SHOTS / "loop-1-widget-agent-reply.png"))

    # 4. while the agent has it, the bot stays silent and the agent sees the customer live
    bots_before = _bot_messages(shop)
    shop.fill("[data-testid=message-input]", "thank you, it is the blue jacket")
    shop.click("[data-testid=send]")
    transcript = console.locator("[data-testid=transcript]")
    expect(transcript).to_contain_text("blue jacket", timeout=WAIT_MS)
    console.screenshot(path=str(SHOTS / "loop-2-console-claimed.png"))
    shop.wait_for_timeout(3000)
    assert _bot_messages(shop) == bots_before, "the bot answered a conversation an agent holds"

    # 5. the agent hands back; the bot answers the next message with its context
    console.click("[data-testid=handback]")
    expect(messages).to_contain_text("assistant", timeout=WAIT_MS)
    shop.fill("[data-testid=message-input]", "where is my order 10023?")
    shop.click("[data-testid=send]")
    expect(messages).to_contain_text("Order 10023 (", timeout=WAIT_MS)

    # 6. the agent closes with a resolution; the customer rates in one tap
    console.click("[data-testid=open-close]")
    console.click("[data-testid=close-solved]")
    category = console.locator("[data-testid=close-category]")
    if category.evaluate("e => e.tagName") == "SELECT":
        category.select_option(index=1)
    else:
        category.fill("delivery")
    console.click("[data-testid=close-submit]")
    csat = shop.locator("[data-testid=csat]")
    expect(csat.last).to_be_visible(timeout=WAIT_MS)
    csat.last.locator("button[data-score='5']").click()
    expect(messages).to_contain_text("Thank", timeout=WAIT_MS)
    assert _latest_score_of(database_file, RONI_CUSTOMER_ID) == 5
    shop.screenshot(path=str(SHOTS / "loop-3-widget-rated.png"))
    console.screenshot(path=str(SHOTS / "loop-4-console-closed.png"))
    customer.close()
    agent.close()
