"""The widget in a real browser (headless Chromium) on a foreign host page, against a scripted
Rasa (tests/web/scripted_rasa.py): isolation, keyboard, replay, reconnect, agents, CSAT, cards,
mobile. The shop serving /widget.js and the photos is the real web app on a seeded database."""

from __future__ import annotations

import socket
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from selenium import webdriver
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.remote.shadowroot import ShadowRoot
from selenium.webdriver.support.ui import WebDriverWait
from starlette.applications import Starlette
from starlette.responses import HTMLResponse
from starlette.routing import Route

from icrm_models.db.engine import make_engine
from icrm_models.seed.config import SeedConfig
from icrm_models.seed.run import seed
from icrm_models.settings import Settings
from tests.helpers.browsers import headless_chromium
from tests.helpers.shop import AS_OF
from tests.web.scripted_rasa import PHOTO, ScriptedRasa, serve_app
from web.server import create_app

# A host page that styles everything loudly and counts its globals before the widget loads.
HOST_PAGE = """<!doctype html><html lang="en"><head><meta charset="utf-8">
<style>* {{ font-size: 40px !important; color: red !important; }}
div {{ border: 5px solid lime; }}</style>
<script>
const before = Object.keys(window);
document.addEventListener("icrm-widget:ready",
  () => {{ window.__added = Object.keys(window).filter((k) => !before.includes(k)); }});
</script></head>
<body><p id="host-text">The host's own page.</p>
<script src="{shop}/widget.js" data-rasa-url="{rasa}" data-title="Luma help" defer></script>
</body></html>"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def rasa() -> Iterator[ScriptedRasa]:
    server = ScriptedRasa()
    server.start(free_port())
    yield server
    server.stop()


@pytest.fixture(scope="module")
def host_url(rasa: ScriptedRasa, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The foreign host page's URL (its own origin, not the shop's)."""
    settings = Settings(data_dir=tmp_path_factory.mktemp("shop"), demo_login=False)
    engine = make_engine(settings.resolved_database_url)
    seed(engine, SeedConfig(customers=3, as_of=AS_OF))
    engine.dispose()
    shop_port, host_port = free_port(), free_port()
    shop = serve_app(create_app(settings, rasa_url=rasa.url), shop_port)
    page = HOST_PAGE.format(shop=f"http://127.0.0.1:{shop_port}", rasa=rasa.url)
    blank = "<!doctype html><title>no widget</title>"
    routes = [
        Route("/", lambda _: HTMLResponse(page)),
        Route("/blank", lambda _: HTMLResponse(blank)),
    ]
    host = serve_app(Starlette(routes=routes), host_port)  # localhost: not the shop's 127.0.0.1
    yield f"http://localhost:{host_port}/"
    shop.should_exit = host.should_exit = True


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[webdriver.Chrome]:
    chrome = headless_chromium(tmp_path_factory.mktemp("chromium"), browser_log=True)
    yield chrome
    chrome.quit()


Wait = Callable[[Callable[[webdriver.Chrome], object]], object]


def shadow(browser: webdriver.Chrome) -> ShadowRoot:
    return browser.find_element(By.CSS_SELECTOR, "icrm-widget").shadow_root


def part(browser: webdriver.Chrome, test_id: str) -> object:
    return shadow(browser).find_element(By.CSS_SELECTOR, f"[data-testid={test_id}]")


def text_of(browser: webdriver.Chrome, test_id: str) -> str:
    """The part's text, also while the panel is minimised (Selenium's ``.text`` is only what
    is shown)."""
    return str(part(browser, test_id).get_property("textContent"))  # type: ignore[attr-defined]


@pytest.fixture
def page(browser: webdriver.Chrome, host_url: str) -> Iterator[tuple[webdriver.Chrome, Wait]]:
    """The host page, fresh storage, widget connected (still minimised)."""
    browser.set_window_size(1280, 900)
    browser.get(host_url + "blank")  # a page of the host without the widget: nothing writes back
    browser.execute_script("localStorage.clear()")
    browser.get(host_url)
    wait = WebDriverWait(browser, 15).until
    wait(lambda d: text_of(d, "chat-status") == "online")
    yield browser, wait
    for entry in browser.get_log("browser"):  # type: ignore[no-untyped-call]  # shown on failure
        print("browser:", entry["level"], entry["message"])


def conversation(rasa: ScriptedRasa) -> str:
    return str(rasa.received[-1]["session_id"])


def test_one_global_and_the_hosts_styles_stay_out(page: tuple[webdriver.Chrome, Wait]) -> None:
    browser, _ = page
    added = browser.execute_script("return window.__added")  # when the widget was ready
    assert added == ["IcrmWidget"]  # not socket.io's io, nothing else
    panel_font = browser.execute_script(
        "return getComputedStyle(arguments[0]).fontSize", part(browser, "messages")
    )
    assert panel_font == "15px"  # the host's `* { font-size: 40px !important }` stays outside
    host_font = browser.execute_script(
        "return getComputedStyle(document.getElementById('host-text')).fontSize"
    )
    assert host_font == "40px"  # and the widget's styles don't reach the host


def test_keyboard_only_open_send_answer_close(
    page: tuple[webdriver.Chrome, Wait], rasa: ScriptedRasa
) -> None:
    browser, wait = page
    assert not part(browser, "panel").is_displayed()  # type: ignore[attr-defined]
    part(browser, "launcher").send_keys(Keys.ENTER)  # type: ignore[attr-defined]
    wait(lambda d: part(d, "panel").is_displayed())  # type: ignore[attr-defined]
    focused = "return arguments[0].activeElement && arguments[0].activeElement.id"
    assert browser.execute_script(focused, shadow(browser)) == "message"
    part(browser, "message-input").send_keys("hello there", Keys.ENTER)  # type: ignore[attr-defined]
    wait(lambda d: "You said: hello there" in text_of(d, "messages"))
    assert rasa.received[-1]["metadata"]["supports_cards"] is True
    assert len(rasa.received[-1]["metadata"]["client_key"]) == 32
    # A quick reply by keyboard: its payload goes, its title shows.
    yes = shadow(browser).find_elements(By.CSS_SELECTOR, "[data-testid=quick-replies] button")[-2]
    yes.send_keys(Keys.ENTER)
    wait(lambda d: rasa.received[-1]["message"] == "/affirm")
    assert "Yes" in shadow(browser).find_elements(By.CSS_SELECTOR, ".msg.user")[-1].text
    assert yes.get_attribute("disabled") is not None  # answered: the old replies retire
    part(browser, "message-input").send_keys(Keys.ESCAPE)  # type: ignore[attr-defined]
    wait(lambda d: not part(d, "panel").is_displayed())  # type: ignore[attr-defined]
    focused_part = "return arguments[0].activeElement.getAttribute('data-testid')"
    assert browser.execute_script(focused_part, shadow(browser)) == "launcher"


def test_the_conversation_survives_a_reload_and_a_network_drop(
    page: tuple[webdriver.Chrome, Wait], rasa: ScriptedRasa
) -> None:
    browser, wait = page
    browser.execute_script("IcrmWidget.open()")
    part(browser, "message-input").send_keys("first message", Keys.ENTER)  # type: ignore[attr-defined]
    wait(lambda d: "You said: first message" in text_of(d, "messages"))
    first = conversation(rasa)
    browser.refresh()
    wait(lambda d: "You said: first message" in text_of(d, "messages"))  # replayed
    assert "first message" in text_of(browser, "messages")
    rasa.drop_connections()
    wait(lambda d: text_of(d, "chat-status") != "online")
    assert part(browser, "connection-banner").is_displayed()  # type: ignore[attr-defined]
    part(browser, "message-input").send_keys("typed while offline", Keys.ENTER)  # type: ignore[attr-defined]
    wait(lambda d: shadow(d).find_elements(By.CSS_SELECTOR, ".msg.user.pending"))
    rasa.down = False
    wait(lambda d: "You said: typed while offline" in text_of(d, "messages"))
    assert conversation(rasa) == first  # the same conversation, not a new one
    assert not shadow(browser).find_elements(By.CSS_SELECTOR, ".msg.user.pending")
    assert not part(browser, "connection-banner").is_displayed()  # type: ignore[attr-defined]


def test_an_agent_joins_types_writes_and_asks_for_a_rating(
    page: tuple[webdriver.Chrome, Wait], rasa: ScriptedRasa
) -> None:
    browser, wait = page
    browser.execute_script("IcrmWidget.send('I want a human')")
    wait(lambda d: conversation(rasa) and "You said" in text_of(d, "messages"))
    conv = conversation(rasa)
    agent = {"name": "Anna Berg", "initial": "A"}
    rasa.agent_says(
        conv, {"text": "Anna Berg has joined the chat.", "agent": agent, "live": "joined"}
    )
    rasa.agent_says(conv, {"text": "Hi, I'm Anna.", "agent": agent, "live": "message"})
    wait(lambda d: text_of(d, "unread-badge") == "2")  # minimised: the joined note isn't counted
    browser.execute_script("IcrmWidget.open()")
    wait(lambda d: not part(d, "unread-badge").is_displayed())  # type: ignore[attr-defined]
    assert text_of(browser, "chat-title") == "Anna Berg · support"
    bubble = shadow(browser).find_elements(By.CSS_SELECTOR, ".agent-line")[-1]
    assert "Anna Berg" in bubble.text and "Hi, I'm Anna." in bubble.text
    rasa.agent_typing(conv, True)
    wait(lambda d: text_of(d, "typing") == "Anna Berg is typing…")
    rasa.agent_typing(conv, False)
    wait(lambda d: not part(d, "typing").is_displayed())  # type: ignore[attr-defined]
    part(browser, "message-input").send_keys("thanks")  # type: ignore[attr-defined]
    wait(lambda d: {"session_id": conv, "typing": True} in rasa.typing)
    wait(lambda d: {"session_id": conv, "typing": False} in rasa.typing)  # idle: stopped
    rasa.agent_says(conv, {"text": "You're back with the assistant.", "agent": agent,
                           "live": "resume"})  # fmt: skip
    wait(lambda d: "Anna" not in text_of(d, "chat-title"))
    rasa.agent_says(conv, {"text": "How would you rate this chat?", "agent": agent,
                           "live": "csat_request"})  # fmt: skip
    buttons = wait(lambda d: shadow(d).find_elements(By.CSS_SELECTOR, "[data-testid=csat] button"))
    assert "Anna" not in text_of(browser, "chat-title")  # the assistant is back in the header
    assert [b.text for b in buttons] == ["1", "2", "3", "4", "5"]  # type: ignore[attr-defined]
    buttons[3].click()  # type: ignore[index]
    wait(lambda d: rasa.received[-1]["message"] == '/rate_chat{"csat_score": 4}')
    wait(lambda d: "Thanks for rating" in text_of(d, "messages"))
    browser.refresh()  # the replay shows the agent as the agent
    wait(lambda d: "Hi, I'm Anna." in text_of(d, "messages"))
    assert shadow(browser).find_elements(By.CSS_SELECTOR, ".agent-line")


def test_cards_show_the_shops_photos_on_a_foreign_page(
    page: tuple[webdriver.Chrome, Wait], rasa: ScriptedRasa
) -> None:
    browser, wait = page
    browser.execute_script("IcrmWidget.open(); IcrmWidget.send('show cards')")
    cards = wait(lambda d: shadow(d).find_elements(By.CSS_SELECTOR, "[data-testid=product-card]"))
    photo = wait(lambda d: cards[0].find_elements(By.CSS_SELECTOR, ".card-img img"))[0]  # type: ignore[index]
    src = photo.get_attribute("src")
    assert src.startswith("http://127.0.0.1:") and src.endswith(PHOTO)  # the shop's, not the host's
    wait(lambda d: d.execute_script("return arguments[0].naturalWidth", photo) > 0)
    assert cards[1].find_element(By.CSS_SELECTOR, ".card-img").text == "M"  # type: ignore[index]
    assert "€52.00" in cards[0].text and "10% for you" in cards[0].text  # type: ignore[index]
    cards[0].find_element(By.TAG_NAME, "button").click()  # type: ignore[index]
    wait(lambda d: "Added to your basket." in text_of(d, "messages"))
    assert rasa.received[-1]["message"] == '/accept_offer{"offer_id":"7"}'
    browser.refresh()  # cards come back from the history too
    wait(lambda d: shadow(d).find_elements(By.CSS_SELECTOR, "[data-testid=product-card]"))


def test_on_a_phone_the_open_chat_fills_the_screen(
    page: tuple[webdriver.Chrome, Wait], tmp_path: Path
) -> None:
    browser, wait = page
    browser.set_window_size(390, 844)
    browser.execute_script("IcrmWidget.open()")
    wait(lambda d: part(d, "panel").is_displayed())  # type: ignore[attr-defined]
    width, viewport = browser.execute_script(
        "return [arguments[0].getBoundingClientRect().width, window.innerWidth]",
        part(browser, "panel"),
    )
    assert width == viewport
    assert not part(browser, "launcher").is_displayed()  # type: ignore[attr-defined]
