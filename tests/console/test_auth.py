"""Log-in, log-out, the cookie and the CSRF token, and the log-in limit."""

from __future__ import annotations

from starlette.testclient import TestClient

from tests.console.conftest import PASSWORD, log_in


def test_an_agent_logs_in_and_the_cookie_is_http_only_and_strict(client: TestClient) -> None:
    csrf = client.get("/api/csrf").json()["csrf"]
    answer = client.post(
        "/api/login",
        json={"email": "Anna@Shop.test ", "password": PASSWORD},
        headers={"X-CSRF-Token": csrf},
    )
    assert answer.status_code == 200
    cookie = answer.headers["set-cookie"]
    assert cookie.startswith("icrm_console=") and "HttpOnly" in cookie
    assert "samesite=strict" in cookie.lower()
    assert answer.json()["agent"]["display_name"] == "Anna Berg"
    assert "password" not in answer.text
    me = client.get("/api/me").json()
    assert me["agent"]["email"] == "anna@shop.test" and me["csrf"] == answer.json()["csrf"]


def test_without_a_cookie_every_api_route_is_401(client: TestClient) -> None:
    for path in ("/api/me", "/api/cases", "/api/cases/1", "/api/agents", "/api/stream"):
        answer = client.get(path)
        assert answer.status_code == 401, path
        assert answer.json() == {"error": "Please log in."}


def test_a_post_without_the_sessions_csrf_token_is_403(client: TestClient) -> None:
    log_in(client, "anna@shop.test")
    answer = client.post("/api/presence", json={"presence": "online"}, headers={"X-CSRF-Token": ""})
    assert answer.status_code == 403 and "security token" in answer.json()["error"]
    wrong = client.post("/api/presence", json={"presence": "online"}, headers={"X-CSRF-Token": "x"})
    assert wrong.status_code == 403
    assert client.post("/api/presence", json={"presence": "online"}).status_code == 200


def test_the_log_in_itself_needs_the_double_submit_token(client: TestClient) -> None:
    client.get("/api/csrf")
    answer = client.post("/api/login", json={"email": "anna@shop.test", "password": PASSWORD})
    assert answer.status_code == 403
    assert "icrm_console=" not in answer.headers.get("set-cookie", "")


def test_wrong_passwords_are_limited_then_refused_with_429(client: TestClient) -> None:
    csrf = client.get("/api/csrf").json()["csrf"]
    headers = {"X-CSRF-Token": csrf}
    for _ in range(5):
        wrong = client.post(
            "/api/login",
            json={"email": "ben@shop.test", "password": "not it at all"},
            headers=headers,
        )
        assert wrong.status_code == 401 and wrong.json() == {"error": "Wrong e-mail or password."}
    refused = client.post(
        "/api/login", json={"email": "ben@shop.test", "password": PASSWORD}, headers=headers
    )
    assert refused.status_code == 429
    assert refused.json()["error"] == "Too many failed log-ins. Wait 15 minutes, then try again."


def test_an_unknown_agent_gets_the_same_answer_as_a_wrong_password(client: TestClient) -> None:
    csrf = client.get("/api/csrf").json()["csrf"]
    answer = client.post(
        "/api/login",
        json={"email": "nobody@shop.test", "password": PASSWORD},
        headers={"X-CSRF-Token": csrf},
    )
    assert answer.status_code == 401 and answer.json() == {"error": "Wrong e-mail or password."}


def test_log_out_ends_the_session(client: TestClient) -> None:
    log_in(client, "anna@shop.test")
    cookie = client.cookies["icrm_console"]
    assert client.post("/api/logout").status_code == 200
    client.cookies.set("icrm_console", cookie)  # the old cookie, replayed
    assert client.get("/api/me").status_code == 401


def test_the_page_has_the_security_headers(client: TestClient) -> None:
    page = client.get("/")
    assert page.status_code == 200 and 'data-testid="login-form"' in page.text
    assert "script-src 'self'" in page.headers["content-security-policy"]
    assert page.headers["x-content-type-options"] == "nosniff"
    assert client.get("/static/console.js").status_code == 200
