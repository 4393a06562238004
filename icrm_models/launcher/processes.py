"""Child processes of the stack: free ports, start with logs, wait until healthy, stop cleanly.

Logs are private (0600 in a 0700 folder): the services log conversation ids and errors that may
quote what customers typed.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from icrm_models.private_files import open_private_log


def free_port(host: str = "127.0.0.1") -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        port: int = sock.getsockname()[1]
        return port


def port_is_free(port: int, host: str = "127.0.0.1") -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        try:
            sock.bind((host, port))
        except OSError:
            return False
        return True


@dataclass
class Service:
    """One started child process and where its output goes."""

    name: str
    process: subprocess.Popen[bytes]
    log: Path
    health_url: str

    def tail(self, lines: int = 25) -> str:
        try:
            return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""


@dataclass
class ServiceGroup:
    """Processes started together and stopped together (each in its own process group)."""

    log_dir: Path
    services: list[Service] = field(default_factory=list)

    def start(
        self, name: str, command: Sequence[str], *, env: dict[str, str], cwd: Path, health_url: str
    ) -> Service:
        log = self.log_dir / f"{name}.log"
        with open_private_log(log) as out:
            process = subprocess.Popen(
                list(command),
                cwd=cwd,
                env={**os.environ, **env},
                stdout=out,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                start_new_session=True,
            )
        service = Service(name, process, log, health_url)
        self.services.append(service)
        return service

    def wait_healthy(self, service: Service, *, timeout_s: float) -> None:
        """Poll the health URL until it answers 200; a clear error if the process dies first."""
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            if service.process.poll() is not None:
                raise RuntimeError(
                    f"{service.name} exited with code {service.process.returncode}; "
                    f"last lines of {service.log}:\n{service.tail()}"
                )
            with contextlib.suppress(httpx.HTTPError):
                if httpx.get(service.health_url, timeout=2).status_code == 200:
                    return
            time.sleep(0.5)
        raise RuntimeError(f"{service.name} not healthy after {timeout_s:.0f}s; see {service.log}")

    def stop(self, timeout_s: float = 10) -> None:
        """SIGTERM every process group (even where the leader is gone), then SIGKILL the rest."""
        for service in reversed(self.services):
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(service.process.pid, signal.SIGTERM)
        deadline = time.monotonic() + timeout_s
        for service in self.services:
            remaining = max(deadline - time.monotonic(), 0.1)
            with contextlib.suppress(subprocess.TimeoutExpired):
                service.process.wait(remaining)
            # Whatever is left of the group (the leader or its children) is killed.
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(service.process.pid, signal.SIGKILL)
            service.process.wait()
        self.services.clear()

    def first_dead(self) -> Service | None:
        return next((s for s in self.services if s.process.poll() is not None), None)
