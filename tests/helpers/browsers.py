"""Debian's headless Chromium under Selenium, the one way the browser tests start it."""

from __future__ import annotations

import shutil
from pathlib import Path

from selenium import webdriver
from selenium.webdriver.chrome.service import Service as ChromeService

from tests.helpers.ci import skip_or_fail

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


def headless_chromium(user_data_dir: Path, *, browser_log: bool = False) -> webdriver.Chrome:
    """A fresh Chromium with its own profile; skips (or fails on CI) without the browser.

    ``browser_log`` keeps the page's console messages readable through ``get_log("browser")``.
    """
    chromium, driver = shutil.which("chromium"), shutil.which("chromedriver")
    if not chromium or not driver:
        skip_or_fail("no chromium/chromedriver: `make setup-browser` installs them")
    options = webdriver.ChromeOptions()
    options.binary_location = str(chromium)
    for flag in CHROMIUM_FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={user_data_dir}")
    if browser_log:
        options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    return webdriver.Chrome(service=ChromeService(executable_path=str(driver)), options=options)
