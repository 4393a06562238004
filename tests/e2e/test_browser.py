"""A real browser (Debian's headless Chromium) on the demo shop: pick a customer, ask, read."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service as ChromeService
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as ec
from selenium.webdriver.support.select import Select
from selenium.webdriver.support.ui import WebDriverWait

from icrm_models.launcher.stack import RunningStack
from tests.helpers.ci import skip_or_fail

pytestmark = pytest.mark.e2e
CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--window-size=1280,900",
)


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[webdriver.Chrome]:
    chromium, driver = shutil.which("chromium"), shutil.which("chromedriver")
    if not chromium or not driver:
        skip_or_fail("no chromium/chromedriver: `make setup-browser` installs them")
    options = webdriver.ChromeOptions()
    options.binary_location = str(chromium)
    for flag in CHROMIUM_FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={tmp_path_factory.mktemp('chromium')}")
    chrome = webdriver.Chrome(service=ChromeService(executable_path=str(driver)), options=options)
    yield chrome
    chrome.quit()


def test_a_customer_asks_about_their_order_in_the_browser(
    stack: RunningStack, browser: webdriver.Chrome
) -> None:
    wait = WebDriverWait(browser, 60)
    browser.get(stack.web_url)
    wait.until(ec.text_to_be_present_in_element((By.ID, "chat-status"), "online"))
    Select(browser.find_element(By.ID, "customer-picker")).select_by_visible_text("Roni Cost")
    wait.until(ec.text_to_be_present_in_element((By.ID, "messages"), "Logged in as Roni Cost"))
    wait.until(ec.text_to_be_present_in_element((By.ID, "my-orders"), "#10023"))
    box = browser.find_element(By.ID, "message")
    box.send_keys("where is my order 10023?")
    browser.find_element(By.CSS_SELECTOR, "[data-testid=send]").click()
    wait.until(ec.presence_of_element_located((By.CSS_SELECTOR, ".msg.bot")))
    wait.until(lambda d: "Order 10023 (" in d.find_element(By.ID, "messages").text)
    bot = browser.find_elements(By.CSS_SELECTOR, ".msg.bot")[-1].text
    assert "on its way with" in bot
    shot = Path(stack.group.log_dir) / "browser-chat.png"
    browser.save_screenshot(str(shot))


def test_offers_arrive_as_cards_and_a_click_adds_to_the_basket(
    stack: RunningStack, browser: webdriver.Chrome
) -> None:
    wait = WebDriverWait(browser, 60)
    browser.get(stack.web_url)
    wait.until(ec.text_to_be_present_in_element((By.ID, "chat-status"), "online"))
    Select(browser.find_element(By.ID, "customer-picker")).select_by_visible_text(
        "Veronica Costello"
    )
    wait.until(ec.text_to_be_present_in_element((By.ID, "messages"), "Logged in as Veronica"))
    browser.find_element(By.ID, "message").send_keys("any deals for me?")
    browser.find_element(By.CSS_SELECTOR, "[data-testid=send]").click()
    cards = wait.until(
        ec.presence_of_element_located((By.CSS_SELECTOR, "[data-testid=product-cards] .card"))
    )
    assert cards.find_element(By.CSS_SELECTOR, ".card-reason").text
    before = len(browser.find_elements(By.CSS_SELECTOR, ".msg.bot"))
    cards.find_element(By.TAG_NAME, "button").click()
    wait.until(lambda d: len(d.find_elements(By.CSS_SELECTOR, ".msg.bot")) > before)
    assert "basket" in browser.find_elements(By.CSS_SELECTOR, ".msg.bot")[-1].text.lower()
    browser.save_screenshot(str(Path(stack.group.log_dir) / "browser-cards.png"))
