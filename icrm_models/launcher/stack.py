"""The whole stack on chosen or free ports: action server, Rasa server, the demo web shop and
the agents' console."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from icrm_models.launcher.processes import ServiceGroup, free_port, port_is_free
from icrm_models.launcher.rasa_env import rasa_environment
from icrm_models.launcher.training import train_if_changed
from icrm_models.private_files import private_dir
from icrm_models.runtime.paths import ProjectPaths
from icrm_models.settings import Settings


@dataclass(frozen=True)
class StackPorts:
    """Ports to listen on; None picks a free one."""

    rasa: int | None = None
    actions: int | None = None
    web: int | None = None
    console: int | None = None
    host: str = "127.0.0.1"


@dataclass
class RunningStack:
    """A started stack: where each service answers, and the handle that stops them."""

    rasa_url: str
    action_url: str
    web_url: str
    console_url: str
    model: Path
    rasa_token: str = field(repr=False)
    action_token: str = field(repr=False)
    group: ServiceGroup = field(repr=False)

    def stop(self) -> None:
        self.group.stop()


def _port(wanted: int | None, host: str, name: str) -> int:
    if wanted is None:
        return free_port(host)
    if not port_is_free(wanted, host):
        raise RuntimeError(f"port {wanted} for the {name} is taken; choose another one")
    return wanted


def rasa_run_command(
    paths: ProjectPaths, model: Path, host: str, port: int, *, cors_origins: Sequence[str]
) -> list[str]:
    """``rasa run`` through ``rasa_runtime/run_rasa.py``, which takes the HTTP API token from
    ``ICRM_RASA_TOKEN`` in its environment: a token on the command line would be readable by
    every local user in the process list."""
    return [
        str(paths.rasa_python),
        str(paths.root / "rasa_runtime" / "run_rasa.py"),
        "run",
        "--model",
        str(model),
        "--endpoints",
        str(paths.endpoints),
        "--credentials",
        str(paths.bot / "credentials.yml"),
        "--interface",
        host,
        "--port",
        str(port),
        "--cors",
        *cors_origins,
    ]


def rasa_server_env(
    settings: Settings,
    *,
    action_url: str,
    web_url: str,
    paths: ProjectPaths,
    console_url: str | None = None,
) -> dict[str, str]:
    """The Rasa server's environment: endpoints.yml's variables, the shop's origins (the only
    pages whose sockets bot/channels accepts), the live route's secret and the console that
    hears the customer's typing (bot/channels/live.py) and, only when the HTTP API is enabled,
    its token (``rasa_runtime/run_rasa.py`` opens the API only when it gets one)."""
    env = rasa_environment(settings, action_server_url=f"{action_url}/webhook", paths=paths)
    env["ICRM_ALLOWED_ORIGINS"] = ",".join(settings.shop_origins(web_url))
    env["ICRM_LIVE_TOKEN"] = settings.live_api_token
    console = settings.console_url or console_url
    if console:
        env["ICRM_CONSOLE_URL"] = console
    if settings.rasa_api_enabled:
        env["ICRM_RASA_TOKEN"] = settings.rasa_api_token
    return env


def start_stack(
    settings: Settings,
    paths: ProjectPaths,
    ports: StackPorts = StackPorts(),
    *,
    say: Callable[[str], None] = print,
) -> RunningStack:
    """Train if needed, start the four services, wait until each is healthy.

    On any failure everything started so far is stopped again before the error propagates.
    """
    paths.require_runtimes()
    private_dir(settings.data_dir)  # database, secrets and logs: for this account only
    log_dir = settings.data_dir / "logs"
    say("checking the Rasa model (trains only when bot/ changed) ...")
    model, trained = train_if_changed(
        paths, settings.resolved_models_dir, log=log_dir / "rasa-train.log"
    )
    say(f"{'trained' if trained else 'reusing'} model {model.name}")
    host = ports.host
    # Rasa is the action server's only client: it stays on its own (loopback) address
    # whatever --host the public services take.
    action_host = settings.action_server_host
    action_port = _port(ports.actions, action_host, "action server")
    rasa_port = _port(ports.rasa, host, "Rasa server")
    web_port = _port(ports.web, host, "web shop")
    console_port = _port(ports.console, host, "agents' console")
    action_url = f"http://{action_host}:{action_port}"
    rasa_url = f"http://{host}:{rasa_port}"
    web_url = f"http://{host}:{web_port}"
    console_url = f"http://{host}:{console_port}"
    # Every child sees the same settings, made explicit so no process derives its own.
    shared_env = {
        "ICRM_DATA_DIR": str(settings.data_dir),
        "ICRM_DATABASE_URL": settings.resolved_database_url,
        "ICRM_IDENTITY_SECRET": settings.identity_key.decode(),
        "ICRM_ACTION_SERVER_TOKEN": settings.action_server_api_token,
        "ICRM_ACTION_SERVER_HOST": action_host,
    }
    if settings.embedding_model_path:
        shared_env["ICRM_EMBEDDING_MODEL_PATH"] = str(settings.embedding_model_path)
    group = ServiceGroup(log_dir)
    try:
        actions = group.start(
            "action-server",
            [str(paths.app_python), "-m", "actions", "--port", str(action_port)],
            env={**shared_env, "HF_HUB_OFFLINE": "1"},
            cwd=paths.root,
            health_url=f"{action_url}/health",
        )
        rasa = group.start(
            "rasa",
            rasa_run_command(
                paths, model, host, rasa_port, cors_origins=settings.shop_origins(web_url)
            ),
            env=rasa_server_env(
                settings,
                action_url=action_url,
                web_url=web_url,
                paths=paths,
                console_url=console_url,
            ),
            cwd=paths.root,
            health_url=f"{rasa_url}/",
        )
        web = group.start(
            "web",
            [
                str(paths.app_python),
                "-m",
                "web",
                "--host",
                host,
                "--port",
                str(web_port),
                "--rasa-url",
                rasa_url,
            ],
            env=shared_env,
            cwd=paths.root,
            health_url=f"{web_url}/healthz",
        )
        agents_console = group.start(
            "console",
            [
                str(paths.app_python),
                "-m",
                "console",
                "--host",
                host,
                "--port",
                str(console_port),
                "--rasa-url",
                rasa_url,
            ],
            # the console and Rasa's live route share the one secret
            env={**shared_env, "ICRM_LIVE_TOKEN": settings.live_api_token},
            cwd=paths.root,
            health_url=f"{console_url}/healthz",
        )
        say("starting the action server, Rasa, the web shop and the agents' console ...")
        group.wait_healthy(actions, timeout_s=settings.start_timeout_s)
        group.wait_healthy(web, timeout_s=settings.start_timeout_s)
        group.wait_healthy(agents_console, timeout_s=settings.start_timeout_s)
        group.wait_healthy(rasa, timeout_s=settings.rasa_start_timeout_s)
    except BaseException:
        group.stop()
        raise
    return RunningStack(
        rasa_url=rasa_url,
        action_url=action_url,
        web_url=web_url,
        console_url=console_url,
        model=model,
        rasa_token=settings.rasa_api_token,
        action_token=settings.action_server_api_token,
        group=group,
    )
