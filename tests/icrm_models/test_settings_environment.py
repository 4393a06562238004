"""ICRM_ENVIRONMENT: the demo log-in is on by default only in development, and outside it the
settings refuse the demo log-in and placeholder secrets (issue 15, finding 9); the shop's origins
and the message size limit."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from icrm_models.launcher.rasa_env import rasa_environment
from icrm_models.secret_values import looks_like_placeholder
from icrm_models.settings import Settings

GENERATED = "Jx4sP0_q9ZkLw2Vb7NtR3yHc8mUe5aDf1GiKo6Qr"

pytestmark = pytest.mark.usefixtures("clean_settings_env")


def test_the_demo_login_is_on_by_default_only_in_development(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert Settings().environment == "development" and Settings().demo_login is True
    monkeypatch.setenv("ICRM_ENVIRONMENT", "Production")
    assert Settings().environment == "production" and Settings().demo_login is False
    assert Settings(environment="development").demo_login is True


def test_production_refuses_the_demo_login_and_says_what_to_set(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("ICRM_ENVIRONMENT", "production")
    monkeypatch.setenv("ICRM_DEMO_LOGIN", "true")
    with pytest.raises(ValidationError, match="set ICRM_DEMO_LOGIN=false"):
        Settings()


@pytest.mark.parametrize("field", ["identity_secret", "rasa_token", "action_server_token"])
@pytest.mark.parametrize(
    "value", ["changethis" * 4, "a" * 40, "my-shop-secret-key-for-the-assistant"]
)
def test_production_refuses_placeholder_secrets_without_showing_them(
    monkeypatch: pytest.MonkeyPatch, field: str, value: str
) -> None:
    monkeypatch.setenv("ICRM_ENVIRONMENT", "production")
    monkeypatch.setenv(f"ICRM_{field.upper()}", value)
    with pytest.raises(
        ValidationError, match=f"ICRM_{field.upper()} looks like a placeholder"
    ) as e:
        Settings()
    assert value not in str(e.value)
    monkeypatch.setenv("ICRM_ENVIRONMENT", "development")
    assert Settings().environment == "development"  # a developer's machine may use one


def test_production_takes_generated_secrets_and_refuses_short_ones(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("ICRM_ENVIRONMENT", "production")
    monkeypatch.setenv("ICRM_IDENTITY_SECRET", GENERATED)
    assert Settings().identity_key == GENERATED.encode()
    monkeypatch.setenv("ICRM_IDENTITY_SECRET", GENERATED[:20])
    with pytest.raises(ValidationError, match="at least 32 characters"):
        Settings()
    assert not looks_like_placeholder(GENERATED)


def test_an_unknown_environment_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ICRM_ENVIRONMENT", "staging")
    with pytest.raises(ValidationError, match="development"):
        Settings()


def test_the_shops_origins_are_read_as_a_list_and_checked(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(
        "ICRM_ALLOWED_ORIGINS", "https://Shop.example/, https://www.shop.example:8443"
    )
    settings = Settings()
    assert settings.allowed_origins == ["https://shop.example", "https://www.shop.example:8443"]
    assert settings.shop_origins("http://127.0.0.1:8000") == settings.allowed_origins
    for bad in ("*", "https://shop.example/path", "shop.example", "ftp://shop.example"):
        monkeypatch.setenv("ICRM_ALLOWED_ORIGINS", bad)
        with pytest.raises(ValidationError, match="is not a web origin"):
            Settings()


def test_by_default_rasa_accepts_the_web_apps_own_origin(monkeypatch: pytest.MonkeyPatch) -> None:
    settings = Settings()
    assert settings.allowed_origins == []
    assert settings.shop_origins("http://127.0.0.1:8123/") == [
        "http://127.0.0.1:8123",
        "http://localhost:8123",
    ]
    assert settings.shop_origins("https://shop.example") == ["https://shop.example"]


def test_the_message_limit_defaults_to_2000_characters(monkeypatch: pytest.MonkeyPatch) -> None:
    assert Settings().max_message_chars == 2000
    monkeypatch.setenv("ICRM_MAX_MESSAGE_CHARS", "0")
    with pytest.raises(ValidationError, match="max_message_chars"):
        Settings()


def test_rasa_gets_the_message_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ICRM_MAX_MESSAGE_CHARS", "321")
    env = rasa_environment(Settings(), action_server_url="http://127.0.0.1:1/webhook")
    assert env["ICRM_MAX_MESSAGE_CHARS"] == "321"  # bot/channels/limits.py reads it


@pytest.mark.parametrize("name", ["secret_values", "web_origins"])
def test_the_doctests_run(name: str) -> None:
    import doctest
    import importlib

    result = doctest.testmod(importlib.import_module(f"icrm_models.{name}"))
    assert result.attempted > 0 and result.failed == 0
