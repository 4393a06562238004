"""The whole stack on chosen or free ports: action server, Rasa server and the demo web shop."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from icrm_models.launcher.paths import ProjectPaths
from icrm_models.launcher.processes import ServiceGroup, free_port, port_is_free
from icrm_models.launcher.rasa_env import rasa_environment
from icrm_models.launcher.training import train_if_changed
from icrm_models.settings import Settings

RASA_START_TIMEOUT_S = 240  # loading TensorFlow and the model takes a while on 2 cores


@dataclass(frozen=True)
class StackPorts:
    """Ports to listen on; None picks a free one."""

    rasa: int | None = None
    actions: int | None = None
    web: int | None = None
    host: str = "127.0.0.1"


@dataclass
class RunningStack:
    """A started stack: where each service answers, and the handle that stops them."""

    rasa_url: str
    action_url: str
    web_url: str
    model: Path
    rasa_token: str
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
    paths: ProjectPaths, model: Path, host: str, port: int, token: str
) -> list[str]:
    """``rasa run`` with the HTTP API behind ``token``.

    The token goes as ``--auth-token=<token>``: a random token may start with "-", and as a
    separate argument argparse would take it for an option and refuse to start.
    """
    return [
        str(paths.rasa_bin),
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
        "--enable-api",
        f"--auth-token={token}",
        "--cors",
        "*",
    ]


def start_stack(
    settings: Settings,
    paths: ProjectPaths,
    ports: StackPorts = StackPorts(),
    *,
    say: Callable[[str], None] = print,
) -> RunningStack:
    """Train if needed, start the three services, wait until each is healthy.

    On any failure everything started so far is stopped again before the error propagates.
    """
    paths.require_runtimes()
    log_dir = settings.data_dir / "logs"
    say("checking the Rasa model (trains only when bot/ changed) ...")
    model, trained = train_if_changed(
        paths, settings.resolved_models_dir, log=log_dir / "rasa-train.log"
    )
    say(f"{'trained' if trained else 'reusing'} model {model.name}")
    host = ports.host
    action_port = _port(ports.actions, host, "action server")
    rasa_port = _port(ports.rasa, host, "Rasa server")
    web_port = _port(ports.web, host, "web shop")
    action_url = f"http://{host}:{action_port}"
    rasa_url = f"http://{host}:{rasa_port}"
    web_url = f"http://{host}:{web_port}"
    # Every child sees the same settings, made explicit so no process derives its own.
    shared_env = {
        "ICRM_DATA_DIR": str(settings.data_dir),
        "ICRM_DATABASE_URL": settings.resolved_database_url,
        "ICRM_IDENTITY_SECRET": settings.identity_key.decode(),
        "ICRM_RASA_TOKEN": settings.rasa_api_token,
    }
    if settings.embedding_model_path:
        shared_env["ICRM_EMBEDDING_MODEL_PATH"] = str(settings.embedding_model_path)
    group = ServiceGroup(log_dir)
    try:
        actions = group.start(
            "action-server",
            [str(paths.app_python), "-m", "actions", "--host", host, "--port", str(action_port)],
            env={**shared_env, "HF_HUB_OFFLINE": "1"},
            cwd=paths.root,
            health_url=f"{action_url}/health",
        )
        rasa = group.start(
            "rasa",
            rasa_run_command(paths, model, host, rasa_port, settings.rasa_api_token),
            env=rasa_environment(settings, action_server_url=f"{action_url}/webhook", paths=paths),
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
        say("starting the action server, Rasa and the web shop ...")
        group.wait_healthy(actions, timeout_s=60)
        group.wait_healthy(web, timeout_s=60)
        group.wait_healthy(rasa, timeout_s=RASA_START_TIMEOUT_S)
    except BaseException:
        group.stop()
        raise
    return RunningStack(
        rasa_url=rasa_url,
        action_url=action_url,
        web_url=web_url,
        model=model,
        rasa_token=settings.rasa_api_token,
        group=group,
    )
