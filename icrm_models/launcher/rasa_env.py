"""The environment variables endpoints.yml reads, derived from the one settings object."""

from __future__ import annotations

from urllib.parse import urlsplit

from sqlalchemy.engine import make_url

from icrm_models.runtime.paths import ProjectPaths
from icrm_models.settings import Settings


def tracker_store_url(database_url: str) -> str:
    """Rasa's tracker store URL for our database (Rasa's runtime ships psycopg2, not psycopg 3)."""
    url = make_url(database_url)
    if url.get_backend_name() == "postgresql":
        url = url.set(drivername="postgresql")
    elif url.get_backend_name() == "sqlite":
        url = url.set(drivername="sqlite")
    return url.render_as_string(hide_password=False)


def event_broker_environment(settings: Settings) -> dict[str, str]:
    """endpoints.yml's event broker variables: all empty (no broker) unless
    ``ICRM_EVENT_BROKER_URL`` is set, else its host, port, credentials and queue.

    Rasa puts the user and password back into the URL itself, and appends the port when the
    URL lacks it, so the URL given to Rasa carries neither (credentials stay URL-encoded).
    """
    env = {
        "ICRM_EVENT_BROKER_URL": "",
        "ICRM_EVENT_BROKER_PORT": "5672",
        "ICRM_EVENT_BROKER_USERNAME": "",
        "ICRM_EVENT_BROKER_PASSWORD": "",
        "ICRM_EVENT_BROKER_QUEUE": settings.event_broker_queue,
    }
    if not settings.event_broker_url:
        return env
    parts = urlsplit(settings.event_broker_url)
    if parts.scheme not in ("amqp", "amqps") or not parts.hostname:
        raise ValueError(
            "ICRM_EVENT_BROKER_URL must be amqp://user:password@host:port/vhost, got "
            f"{parts.scheme}://{parts.hostname or ''}..."
        )
    port = parts.port or (5671 if parts.scheme == "amqps" else 5672)
    credentials, _, _ = parts.netloc.rpartition("@")
    username, _, password = credentials.partition(":")
    env.update(
        {
            "ICRM_EVENT_BROKER_URL": f"{parts.scheme}://{parts.hostname}:{port}{parts.path}",
            "ICRM_EVENT_BROKER_PORT": str(port),
            "ICRM_EVENT_BROKER_USERNAME": username or "guest",
            "ICRM_EVENT_BROKER_PASSWORD": password or "guest",
        }
    )
    return env


def rasa_environment(
    settings: Settings, *, action_server_url: str, paths: ProjectPaths | None = None
) -> dict[str, str]:
    """Variables for Rasa's endpoints.yml, our components and a quiet TensorFlow."""
    env = {
        **(paths or ProjectPaths.discover()).rasa_serving_env(),
        "ICRM_ACTION_SERVER_URL": action_server_url,
        "ICRM_ACTION_SERVER_TOKEN": settings.action_server_api_token,
        "ICRM_TRACKER_STORE_URL": tracker_store_url(settings.resolved_database_url),
        "ICRM_MAX_MESSAGE_CHARS": str(settings.max_message_chars),  # bot/channels/
        "ICRM_LOCK_STORE_TYPE": "in_memory",
        "ICRM_LOCK_STORE_HOST": "",
        "ICRM_LOCK_STORE_PORT": "6379",
        "ICRM_LOCK_STORE_DB": "1",
        **event_broker_environment(settings),
    }
    if settings.lock_store_url:
        parts = urlsplit(settings.lock_store_url)
        if parts.scheme != "redis":
            raise ValueError(
                f"ICRM_LOCK_STORE_URL must be redis://host:port/db, got {settings.lock_store_url!r}"
            )
        env.update(
            {
                "ICRM_LOCK_STORE_TYPE": "redis",
                "ICRM_LOCK_STORE_HOST": parts.hostname or "127.0.0.1",
                "ICRM_LOCK_STORE_PORT": str(parts.port or 6379),
                "ICRM_LOCK_STORE_DB": parts.path.strip("/") or "1",
            }
        )
    return env
