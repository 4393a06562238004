"""``icrm agents``, run as a person runs it (the installed console script, its own database)."""

import os
import subprocess
import sys
from pathlib import Path

from sqlalchemy.orm import Session

from icrm_models.db.engine import make_engine
from icrm_models.live.agents import authenticate
from tests.icrm_models.live.conftest import NOW

ICRM = Path(sys.executable).with_name("icrm")
PASSWORD = "a good long password"


def icrm(*args: str, data_dir: Path, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "ICRM_DATA_DIR": str(data_dir), "COLUMNS": "150"}
    env.pop("ICRM_DATABASE_URL", None)
    return subprocess.run(
        [str(ICRM), *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )


def test_add_list_and_disable_an_agent(tmp_path: Path) -> None:
    added = icrm(
        "agents", "add", "--email", "Anna@Shop.test", "--name", "Anna", "--role", "supervisor",
        "--team", "billing", "--password-stdin", data_dir=tmp_path, stdin=PASSWORD + "\n",
    )  # fmt: skip
    assert added.returncode == 0, added.stderr
    assert "added supervisor anna@shop.test (Anna, team billing)" in added.stdout
    assert PASSWORD not in added.stdout + added.stderr
    engine = make_engine(f"sqlite:///{tmp_path}/icrm.db")
    with Session(engine) as session:
        assert authenticate(session, "anna@shop.test", PASSWORD, now=NOW) is not None

    listed = icrm("agents", "list", data_dir=tmp_path)
    assert listed.returncode == 0, listed.stderr
    assert "anna@shop.test" in listed.stdout and "supervisor" in listed.stdout
    assert "billing" in listed.stdout and PASSWORD not in listed.stdout

    disabled = icrm("agents", "disable", "ANNA@shop.test", data_dir=tmp_path)
    assert disabled.returncode == 0, disabled.stderr
    with Session(engine) as session:
        assert authenticate(session, "anna@shop.test", PASSWORD, now=NOW) is None
    assert "disabled" in icrm("agents", "list", data_dir=tmp_path).stdout
    engine.dispose()


def test_refusals_are_one_clear_line(tmp_path: Path) -> None:
    short = icrm(
        "agents", "add", "--email", "b@shop.test", "--name", "B", "--password-stdin",
        data_dir=tmp_path, stdin="short\n",
    )  # fmt: skip
    assert short.returncode == 1
    assert "error: the password is shorter than 10 characters" in short.stderr
    assert "Traceback" not in short.stderr
    empty = icrm(
        "agents", "add", "--email", "b@shop.test", "--name", "B", "--password-stdin",
        data_dir=tmp_path, stdin="",
    )  # fmt: skip
    assert empty.returncode == 1 and "no password on standard input" in empty.stderr
    missing = icrm("agents", "disable", "nobody@shop.test", data_dir=tmp_path)
    assert missing.returncode == 1 and "no agent with e-mail nobody@shop.test" in missing.stderr
    assert "no agents yet" in icrm("agents", "list", data_dir=tmp_path).stdout


def test_the_password_is_no_command_line_option(tmp_path: Path) -> None:
    result = icrm("agents", "add", "--help", data_dir=tmp_path)
    assert result.returncode == 0
    assert "--password-stdin" in result.stdout
    assert "--password " not in result.stdout and "--password\n" not in result.stdout
