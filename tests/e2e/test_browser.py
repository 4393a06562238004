"""A real browser (Debian's headless Chromium) on the demo shop: pick a customer, ask, read.

The chat is the embeddable widget (/widget.js), drawn in an open shadow root: Selenium's
``By.ID`` does not pierce it, so the widget's parts are found from ``shadow_root`` by CSS.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from selenium import webdriver
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.shadowroot import ShadowRoot
from selenium.webdriver.remote.webelement import WebElement
from selenium.webdriver.support import expected_conditions as ec
from selenium.webdriver.support.select import Select
from selenium.webdriver.support.ui import WebDriverWait

from icrm_models.launcher.stack import RunningStack
from tests.helpers.browsers import headless_chromium

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[webdriver.Chrome]:
    chrome = headless_chromium(tmp_path_factory.mktemp("chromium"))
    yield chrome
    chrome.quit()


def widget(browser: webdriver.Chrome) -> ShadowRoot:
    """The widget's shadow root (the page has one ``<icrm-widget>``)."""
    host = WebDriverWait(browser, 30).until(
        ec.presence_of_element_located((By.CSS_SELECTOR, "icrm-widget"))
    )
    return host.shadow_root


def in_widget(css: str, text: str) -> Callable[[webdriver.Chrome], bool]:
    """A wait condition: ``text`` in the widget's element ``css``."""
    return lambda d: text in widget(d).find_element(By.CSS_SELECTOR, css).text


def open_shop(
    browser: webdriver.Chrome, url: str, wait: WebDriverWait[webdriver.Chrome]
) -> ShadowRoot:
    """The shop page with the chat open and connected."""
    browser.get(url)
    browser.execute_script("localStorage.clear(); sessionStorage.clear();")
    browser.get(url)
    chat = widget(browser)
    if not chat.find_element(By.CSS_SELECTOR, "[data-testid=panel]").is_displayed():
        chat.find_element(By.CSS_SELECTOR, "[data-testid=launcher]").click()
    wait.until(in_widget("[data-testid=chat-status]", "online"))
    return chat


def test_a_customer_asks_about_their_order_in_the_browser(
    stack: RunningStack, browser: webdriver.Chrome
) -> None:
    wait = WebDriverWait(browser, 60)
    chat = open_shop(browser, stack.web_url, wait)
    Select(browser.find_element(By.ID, "customer-picker")).select_by_visible_text("Roni Cost")
    wait.until(in_widget("[data-testid=messages]", "Logged in as Roni Cost"))
    wait.until(ec.text_to_be_present_in_element((By.ID, "my-orders"), "#10023"))
    chat.find_element(By.CSS_SELECTOR, "[data-testid=message-input]").send_keys(
        "where is my order 10023?"
    )
    chat.find_element(By.CSS_SELECTOR, "[data-testid=send]").click()
    wait.until(in_widget("[data-testid=messages]", "Order 10023 ("))
    bot = widget(browser).find_elements(By.CSS_SELECTOR, ".msg.bot")[-1].text
    assert "on its way with" in bot
    shot = Path(stack.group.log_dir) / "browser-chat.png"
    browser.save_screenshot(str(shot))

    # A reload (or another page of the shop) shows the same conversation, replayed by Rasa.
    browser.refresh()
    wait.until(in_widget("[data-testid=messages]", "Order 10023 ("))
    assert (
        "where is my order 10023?"
        in widget(browser).find_element(By.CSS_SELECTOR, "[data-testid=messages]").text
    )


def test_offers_arrive_as_cards_and_a_click_adds_to_the_basket(
    stack: RunningStack, browser: webdriver.Chrome
) -> None:
    wait = WebDriverWait(browser, 60)
    chat = open_shop(browser, stack.web_url, wait)
    Select(browser.find_element(By.ID, "customer-picker")).select_by_visible_text(
        "Veronica Costello"
    )
    wait.until(in_widget("[data-testid=messages]", "Logged in as Veronica"))
    chat.find_element(By.CSS_SELECTOR, "[data-testid=message-input]").send_keys("any deals for me?")
    chat.find_element(By.CSS_SELECTOR, "[data-testid=send]").click()
    card = wait.until(
        lambda d: widget(d).find_elements(By.CSS_SELECTOR, "[data-testid=product-cards] .card")
    )[0]
    assert card.find_element(By.CSS_SELECTOR, ".card-reason").text
    # The photo is the shop's file, and it loaded (the letter placeholder is gone).
    photo = wait.until(lambda d: card.find_elements(By.CSS_SELECTOR, ".card-img img"))[0]
    assert "/static/products/" in (photo.get_attribute("src") or "")
    assert browser.execute_script("return arguments[0].naturalWidth", photo) > 0

    def bot_messages(d: webdriver.Chrome) -> list[WebElement]:
        return widget(d).find_elements(By.CSS_SELECTOR, ".msg.bot")

    before = len(bot_messages(browser))
    card.find_element(By.TAG_NAME, "button").click()
    wait.until(lambda d: len(bot_messages(d)) > before)
    assert "basket" in bot_messages(browser)[-1].text.lower()
    browser.save_screenshot(str(Path(stack.group.log_dir) / "browser-cards.png"))
