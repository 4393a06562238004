"""The demo shop's defences: the demo log-in only in development, security headers on every
response, and a page that needs no inline script (so the CSP can forbid it)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from icrm_models.settings import Settings
from web.security_headers import content_security_policy
from web.server import STATIC, create_app, main
from widget.bundle import WIDGET_SOURCES, WIDGET_STATIC

RASA = "http://127.0.0.1:5999"


def app(settings: Settings) -> TestClient:
    return TestClient(create_app(settings, rasa_url=RASA))


@pytest.mark.parametrize(
    "settings",
    [
        pytest.param({"environment": "production"}, id="production"),
        pytest.param({"demo_login": False}, id="switched-off"),
    ],
)
def test_the_demo_login_and_its_customer_list_answer_only_in_development(
    tmp_path: Path, settings: dict[str, object]
) -> None:
    shop = app(Settings(data_dir=tmp_path, **settings))  # type: ignore[arg-type]
    assert shop.get("/api/customers").json() == []
    assert shop.post("/api/login", json={"customer_id": 1, "session_id": "s"}).status_code == 403


def test_even_unchecked_production_settings_get_no_demo_login(tmp_path: Path) -> None:
    unchecked = Settings.model_construct(
        data_dir=tmp_path, environment="production", demo_login=True, database_url=None
    )
    shop = app(unchecked)
    assert shop.get("/api/customers").json() == []
    assert shop.post("/api/login", json={"customer_id": 1, "session_id": "s"}).status_code == 403


def test_the_web_app_refuses_to_start_with_the_demo_login_in_production(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("ICRM_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("ICRM_ENVIRONMENT", "production")
    monkeypatch.setenv("ICRM_DEMO_LOGIN", "true")
    monkeypatch.setattr("web.server.uvicorn.run", pytest.fail)  # it must not get this far
    with pytest.raises(SystemExit) as stopped:
        main(["--host", "127.0.0.1"])
    message = str(stopped.value)
    assert "ICRM_DEMO_LOGIN" in message and "production" in message and "\n" not in message


@pytest.mark.parametrize("path", ["/", "/api/config", "/widget.js", "/healthz", "/nowhere"])
def test_every_response_carries_the_security_headers(tmp_path: Path, path: str) -> None:
    response = app(Settings(data_dir=tmp_path, demo_login=False)).get(path)
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response.headers["X-Frame-Options"] == "SAMEORIGIN"
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self';" in csp and "unsafe" not in csp
    assert f"connect-src 'self' {RASA} ws://127.0.0.1:5999;" in csp
    assert csp.endswith("frame-ancestors 'self'")


def test_the_shops_origins_may_frame_the_page(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path, allowed_origins="https://shop.example")  # type: ignore[arg-type]
    csp = app(settings).get("/").headers["Content-Security-Policy"]
    assert csp.endswith("frame-ancestors 'self' https://shop.example")


def test_a_secure_rasa_url_is_reached_over_wss() -> None:
    csp = content_security_policy(rasa_url="https://chat.shop.example/")
    assert "connect-src 'self' https://chat.shop.example wss://chat.shop.example;" in csp


def test_the_page_needs_no_inline_script_or_style() -> None:
    page = (STATIC / "index.html").read_text()
    scripts = re.findall(r"<script\b([^>]*)>(.*?)</script>", page, flags=re.S | re.I)
    own = ('src="/static/', 'src="/widget.js"')
    assert scripts
    assert all(any(s in attrs for s in own) and not body.strip() for attrs, body in scripts)
    assert not re.search(r"<style\b|\sstyle=|\son[a-z]+=|javascript:", page, flags=re.I)
    for script in (STATIC / "shop.js", *(WIDGET_STATIC / name for name in WIDGET_SOURCES)):
        source = script.read_text()
        assert not re.search(r"\beval\(|new Function\(|setAttribute\(\s*[\"']on", source)
