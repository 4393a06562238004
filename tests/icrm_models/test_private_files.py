"""Private folders and files: created 0700/0600 whatever the umask, tightened when ours."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from icrm_models.private_files import open_private_log, private_dir, private_file


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_created_private_whatever_the_umask(tmp_path: Path) -> None:
    old = os.umask(0)
    try:
        folder = private_dir(tmp_path / "a" / "var")
        secret = private_file(folder / "x.secret")
        with open_private_log(folder / "logs" / "web.log") as out:
            out.write(b"started")
    finally:
        os.umask(old)
    assert (mode(folder), mode(secret)) == (0o700, 0o600)
    assert (mode(folder / "logs"), mode(folder / "logs" / "web.log")) == (0o700, 0o600)


@pytest.mark.skipif(os.getuid() != 0, reason="needs root to give a file to another user")
def test_what_belongs_to_someone_else_is_left_alone(tmp_path: Path) -> None:
    theirs = tmp_path / "theirs"
    theirs.mkdir()
    os.chmod(theirs, 0o755)
    os.chown(theirs, 65534, 65534)
    private_dir(theirs)
    assert mode(theirs) == 0o755
