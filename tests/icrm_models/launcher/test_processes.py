import os
import stat
import sys
import time
from pathlib import Path

import pytest

from icrm_models.launcher.processes import ServiceGroup, free_port, port_is_free

# A child that starts a grandchild and ignores SIGTERM's default only through its own handler.
SPAWNER = """
import subprocess, sys, time, pathlib
child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(600)"])
pathlib.Path(sys.argv[1]).write_text(str(child.pid))
time.sleep(600)
"""


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    try:  # a zombie is dead for our purposes
        return Path(f"/proc/{pid}/stat").read_text().split()[2] != "Z"
    except OSError:
        return False


def test_stop_ends_children_and_grandchildren(tmp_path: Path) -> None:
    group = ServiceGroup(tmp_path)
    pid_file = tmp_path / "grandchild.pid"
    service = group.start(
        "spawner",
        [sys.executable, "-c", SPAWNER, str(pid_file)],
        env={},
        cwd=tmp_path,
        health_url="http://127.0.0.1:1/",
    )
    deadline = time.monotonic() + 20
    while not pid_file.exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    grandchild = int(pid_file.read_text())
    assert _alive(service.process.pid) and _alive(grandchild)
    group.stop(timeout_s=5)
    time.sleep(0.2)
    assert not _alive(service.process.pid)
    assert not _alive(grandchild)


def test_a_crashing_service_is_reported_with_its_log(tmp_path: Path) -> None:
    group = ServiceGroup(tmp_path)
    service = group.start(
        "crasher",
        [sys.executable, "-c", "print('boom'); raise SystemExit(3)"],
        env={},
        cwd=tmp_path,
        health_url="http://127.0.0.1:1/",
    )
    with pytest.raises(RuntimeError, match=r"crasher exited with code 3(.|\n)*boom"):
        group.wait_healthy(service, timeout_s=20)
    group.stop()


def test_free_port_is_free() -> None:
    assert port_is_free(free_port())


def test_logs_are_private_even_when_they_existed_before(tmp_path: Path) -> None:
    logs = tmp_path / "logs"
    logs.mkdir(mode=0o755)
    os.chmod(logs, 0o755)
    (logs / "quiet.log").write_text("a customer's message from an earlier run")
    os.chmod(logs / "quiet.log", 0o644)
    group = ServiceGroup(logs)
    service = group.start(
        "quiet",
        [sys.executable, "-c", "print('hello')"],
        env={},
        cwd=tmp_path,
        health_url="http://127.0.0.1:1/",
    )
    service.process.wait(20)
    group.stop()
    assert stat.S_IMODE(logs.stat().st_mode) == 0o700
    assert stat.S_IMODE(service.log.stat().st_mode) == 0o600
    assert service.log.read_text().strip() == "hello"
