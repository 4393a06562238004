"""A support agent working the agents' console through its HTTP API, as the console page does.

Log in (CSRF token first, then e-mail and password), go online, and for a handed-off
conversation: find its case in the queue, claim it, reply, close it solved or not solved. One
logged-in client serves every conversation of a run (the console allows one agent many cases).
Every refusal raises :class:`ConsoleError` with the console's own answer.

An agent counts as online only while the console page's heartbeat comes (every minute); this
client sends one every ``HEARTBEAT_S`` while it is open, and on :meth:`aclose` puts the presence
back to what it was before (a demo run must not leave the agent "online" with nobody there).
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from typing import Any

import httpx

HEARTBEAT_S = 30.0


class ConsoleError(RuntimeError):
    """The console refused or could not be reached; the message says which call and why."""


class ConsoleAgent:
    """An agent's session in the console at ``console_url``."""

    def __init__(
        self, console_url: str, *, email: str, password: str, timeout_s: float = 30
    ) -> None:
        self.email = email
        self._password = password
        self._http = httpx.AsyncClient(base_url=console_url.rstrip("/"), timeout=timeout_s)
        self._csrf = ""
        self._presence_before = "offline"
        self._heartbeat: asyncio.Task[None] | None = None

    async def aclose(self) -> None:
        """Stop the heartbeat, restore the presence from before, log out, close the client."""
        if self._heartbeat is not None:
            self._heartbeat.cancel()
            with contextlib.suppress(ConsoleError):  # the session expires by itself then
                await self.post("/api/presence", {"presence": self._presence_before})
                await self.post("/api/logout", {})
        await self._http.aclose()

    async def _beat(self) -> None:
        while True:
            await asyncio.sleep(HEARTBEAT_S)
            # a lost beat only risks "nobody online" until the next one
            with contextlib.suppress(ConsoleError):
                await self.post("/api/presence", {"presence": "online"})

    async def log_in(self) -> None:
        """Log in and set the presence to online (customers then hear a colleague will join)."""
        login_csrf = (await self._call("GET", "/api/csrf"))["csrf"]
        answer = await self._http.post(
            "/api/login",
            json={"email": self.email, "password": self._password},
            headers={"X-CSRF-Token": str(login_csrf)},
        )
        if answer.status_code != 200:
            raise ConsoleError(
                f"the console refused the log-in of {self.email}: {answer.status_code} "
                f"{answer.text[:200]}"
            )
        self._csrf = str(answer.json()["csrf"])
        me = await self._call("GET", "/api/me")
        self._presence_before = str(me["agent"].get("presence") or "offline")
        await self.post("/api/presence", {"presence": "online"})
        self._heartbeat = asyncio.create_task(self._beat())

    async def _call(self, method: str, path: str, **kwargs: Any) -> Any:
        try:
            answer = await self._http.request(method, path, **kwargs)
        except httpx.HTTPError as error:
            raise ConsoleError(f"console {method} {path}: {type(error).__name__} {error}") from None
        if answer.status_code >= 400:
            raise ConsoleError(f"console {method} {path}: {answer.status_code} {answer.text[:200]}")
        return answer.json()

    async def post(self, path: str, body: dict[str, Any]) -> Any:
        """A change (carries the CSRF token)."""
        return await self._call("POST", path, json=body, headers={"X-CSRF-Token": self._csrf})

    async def case_of(self, conversation_id: str, *, wait_s: float = 20) -> int:
        """The open case of ``conversation_id``, waiting up to ``wait_s`` for the handoff."""
        deadline = time.monotonic() + wait_s
        while True:
            for row in await self._call("GET", "/api/cases", params={"view": "unassigned"}):
                if row.get("conversation_id") == conversation_id:
                    return int(row["case_id"])
            if time.monotonic() > deadline:
                raise ConsoleError(f"no case in the console's queue for {conversation_id}")
            await asyncio.sleep(0.3)

    async def claim(self, case_id: int) -> None:
        await self.post(f"/api/cases/{case_id}/claim", {})

    async def reply(self, case_id: int, text: str) -> None:
        await self.post(f"/api/cases/{case_id}/reply", {"text": text})

    async def close(self, case_id: int, *, resolution: str, category: str) -> None:
        """Close the case; the console then asks the customer for a rating."""
        await self.post(
            f"/api/cases/{case_id}/close", {"resolution": resolution, "category": category}
        )
