"""The demo's console agents: one agent and one supervisor, with passwords kept between runs.

``icrm up`` (with the demo log-in on) makes sure both exist, so the agent console can be tried
at once. Their passwords are random, generated on the first run and kept in the data folder
(``demo-agents.secret``, 0600, one ``e-mail password`` line per agent): the same after every
restart, and never in the repository, so a demo left running on a network is no open door.
If that file is lost, new passwords are generated and the agents' hashes follow them.
"""

from __future__ import annotations

import os
import secrets
from datetime import datetime
from pathlib import Path

from sqlalchemy.orm import Session

from icrm_models.db.statuses import AgentRole
from icrm_models.live.agents import add_agent, agent_by_email
from icrm_models.live.canned import seed_canned_replies
from icrm_models.live.passwords import hash_password, verify_password
from icrm_models.private_files import PRIVATE_FILE_MODE, private_dir, tighten

PASSWORDS_FILE = "demo-agents.secret"
# email, display name, role, team
DEMO_AGENTS: tuple[tuple[str, str, AgentRole, str], ...] = (
    ("agent@demo.icrm", "Anna", AgentRole.AGENT, "support"),
    ("supervisor@demo.icrm", "Sam", AgentRole.SUPERVISOR, "support"),
)


def _read_passwords(path: Path) -> dict[str, str]:
    """The ``e-mail password`` lines of ``path`` (none if it does not exist)."""
    if not path.exists():
        return {}
    tighten(path, PRIVATE_FILE_MODE)
    passwords = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        email, _, password = line.strip().partition(" ")
        if email and password:
            passwords[email] = password
    return passwords


def _write_passwords(path: Path, passwords: dict[str, str]) -> None:
    """Replace ``path`` atomically with a 0600 file of ``passwords``."""
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, PRIVATE_FILE_MODE)
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        out.writelines(f"{email} {password}\n" for email, password in sorted(passwords.items()))
    os.replace(temporary, path)


def demo_passwords(data_dir: Path) -> dict[str, str]:
    """The demo agents' passwords, generated (and stored) for those that have none yet."""
    path = private_dir(data_dir) / PASSWORDS_FILE
    passwords = _read_passwords(path)
    missing = [email for email, *_ in DEMO_AGENTS if email not in passwords]
    if missing:
        passwords.update({email: secrets.token_urlsafe(15) for email in missing})
        _write_passwords(path, passwords)
    return passwords


def seed_demo_agents(
    session: Session, data_dir: Path, *, now: datetime
) -> list[tuple[str, str, str]]:
    """Make sure the demo agents exist with their stored passwords; ``(email, password, role)``.

    Idempotent: an existing demo agent keeps its row (and stays disabled if it was disabled);
    only its password hash is renewed when it no longer matches the stored password. Also adds
    the demo's canned replies that are missing. The caller commits.
    """
    passwords = demo_passwords(data_dir)
    seeded = []
    for email, name, role, team in DEMO_AGENTS:
        password = passwords[email]
        agent = agent_by_email(session, email)
        if agent is None:
            add_agent(
                session,
                email=email,
                display_name=name,
                password=password,
                role=role,
                team=team,
                now=now,
            )
        elif not verify_password(agent.password_hash, password):
            agent.password_hash = hash_password(password)
        seeded.append((email, password, role.value))
    seed_canned_replies(session)
    session.flush()
    return seeded
