"""Files only the account that runs iCRM Assist may read: the data folder, the database, logs.

The data folder (``ICRM_DATA_DIR``, ``var/`` by default) holds the customer database with its
personal data, the secrets and the service logs. Other local users must not read any of it, so
folders we make are 0700 and files 0600, whatever the umask (the umask can only take bits away,
and an existing file keeps the mode it was created with, so existing ones are tightened too).

Only paths that are ours are changed: a folder someone else owns, or a shared one with the sticky
bit (``/tmp``), is left as it is.
"""

from __future__ import annotations

import contextlib
import logging
import os
import stat
from pathlib import Path
from typing import BinaryIO

logger = logging.getLogger(__name__)

PRIVATE_DIR_MODE = 0o700
PRIVATE_FILE_MODE = 0o600


def _ours(info: os.stat_result) -> bool:
    """Whether we may tighten a path: owned by this user and not a shared sticky folder."""
    return info.st_uid == os.getuid() and not info.st_mode & stat.S_ISVTX


def private_dir(path: Path) -> Path:
    """Create ``path`` (and missing parents) and make ``path`` itself 0700; return it.

    Parents that exist already are not touched; an existing ``path`` is tightened when it is ours.
    """
    path.mkdir(parents=True, exist_ok=True, mode=PRIVATE_DIR_MODE)
    tighten(path, PRIVATE_DIR_MODE)
    return path


def tighten(path: Path, mode: int) -> None:
    """Take every permission beyond ``mode`` away from ``path`` if it exists and is ours.

    A path we may not change is logged and left alone: refusing to start over it would take the
    shop down for what is a deployment decision (e.g. a database file owned by another account).
    """
    try:
        info = path.stat()
    except FileNotFoundError:
        return
    if stat.S_IMODE(info.st_mode) & ~mode == 0 or not _ours(info):
        return
    try:
        os.chmod(path, stat.S_IMODE(info.st_mode) & mode)
    except OSError as exc:
        logger.warning("could not make %s private (mode %o): %s", path, mode, exc)


def private_file(path: Path) -> Path:
    """Create ``path`` empty if missing, as 0600; tighten it to 0600 if it exists; return it."""
    with contextlib.suppress(FileExistsError):
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE_MODE))
    tighten(path, PRIVATE_FILE_MODE)
    return path


def open_private_log(path: Path) -> BinaryIO:
    """``path`` truncated and opened for binary writing, 0600, in a 0700 folder.

    For the services' logs: what the services print may quote customers.
    """
    private_dir(path.parent)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, PRIVATE_FILE_MODE)
    out = os.fdopen(fd, "wb")
    tighten(path, PRIVATE_FILE_MODE)  # a log from before keeps its old mode through O_CREAT
    return out
