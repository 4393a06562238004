"""Rasa's ``events`` table at any size, made of conversations Rasa really stored.

The shapes come from a real tracker store, not from our idea of it: ``--capture`` reads the
``events`` of a database a real Rasa wrote (e.g. after ``icrm demo conversations --n 40``) into
``analytics_scale_templates.json.gz`` (one list of serialised events per conversation, in
order). ``write_events`` then replays those conversations under new sender ids, each moved to a
random start within ``days`` (more in the shop's busy hours), with the numbers in its texts
changed (order numbers, e-mails: the redactor still has real work), until ``turns`` customer,
bot and agent messages are written. Rows are what Rasa's ``SQLTrackerStore.save`` writes.

    .venv/bin/python benchmarks/analytics_scale_data.py --capture sqlite:////tmp/demo/icrm.db
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, insert, select

from icrm_models.privacy.tracker_store import EVENTS

TEMPLATES = Path(__file__).with_name("analytics_scale_templates.json.gz")
TURN_EVENTS = frozenset({"user", "bot"})  # a customer's message; the bot's or an agent's
START = 1_767_225_600.0  # 2026-01-01 00:00 UTC: generated conversations start after it
# relative traffic per hour of the day (a shop's chat: quiet at night, busy in the evening)
HOURLY = (1, 1, 1, 1, 1, 2, 3, 5, 7, 8, 8, 8, 9, 8, 8, 8, 8, 9, 10, 11, 10, 8, 5, 3)
DIGITS = re.compile(r"\b1\d{4}\b")  # the demo shop's order numbers
EMAIL = re.compile(r"\b[\w.+-]+@[\w-]+(\.[\w-]+)+\b")
BATCH = 20_000


def _signature(events: list[dict[str, Any]]) -> tuple[str, ...]:
    """What a conversation does: its sequence of actions and event types, without texts."""
    return tuple(str(e.get("name") or e.get("event")) for e in events if e.get("event") != "user")


def capture(url: str, out: Path = TEMPLATES, *, prefix: str = "", limit: int = 80) -> int:
    """Save conversations of the tracker store at ``url`` as templates; how many.

    Only senders starting with ``prefix``; at most ``limit``, as varied as possible: one of
    each distinct course (the sequence of actions and events) in turn, round and round.
    """
    from icrm_models.db.engine import make_engine

    engine = make_engine(url)
    conversations: dict[str, list[dict[str, Any]]] = {}
    with engine.connect() as connection:
        rows = connection.execute(
            select(EVENTS.c.sender_id, EVENTS.c.data)
            .where(EVENTS.c.sender_id.startswith(prefix))
            .order_by(EVENTS.c.id)
        )
        for sender, data in rows:
            conversations.setdefault(str(sender), []).append(json.loads(data))
    engine.dispose()
    courses: dict[tuple[str, ...], list[list[dict[str, Any]]]] = {}
    for events in conversations.values():
        if _turns(events) > 0:
            courses.setdefault(_signature(events), []).append(events)
    kept: list[list[dict[str, Any]]] = []
    while len(kept) < limit and any(courses.values()):
        for group in courses.values():
            if group and len(kept) < limit:
                kept.append(group.pop(0))
    with gzip.open(out, "wt", encoding="utf-8") as file:
        json.dump(kept, file, separators=(",", ":"))
    return len(kept)


def load_templates(path: Path = TEMPLATES) -> list[list[dict[str, Any]]]:
    """The captured conversations (``FileNotFoundError`` saying how to capture some)."""
    if not path.exists():
        raise FileNotFoundError(f"{path} missing: capture a real tracker store with --capture")
    with gzip.open(path, "rt", encoding="utf-8") as file:
        templates: list[list[dict[str, Any]]] = json.load(file)
    return templates


def _turns(events: list[dict[str, Any]]) -> int:
    return sum(1 for e in events if e.get("event") in TURN_EVENTS)


def _start(rng: random.Random, days: int) -> float:
    day = rng.randrange(days)
    hour = rng.choices(range(24), weights=HOURLY)[0]
    return START + day * 86_400 + hour * 3600 + rng.random() * 3600


def _vary(text: str, order: str, email: str) -> str:
    """The same message about another order and another e-mail address."""
    return EMAIL.sub(email, DIGITS.sub(order, text))


def _conversation(
    template: list[dict[str, Any]], sender: str, rng: random.Random, days: int
) -> Iterator[dict[str, Any]]:
    """The rows of ``template`` replayed as conversation ``sender``."""
    first = next((e["timestamp"] for e in template if e.get("timestamp")), 0.0)
    shift = _start(rng, days) - first
    order = str(rng.randrange(10_000, 99_999))
    email = f"shopper{rng.randrange(10**6)}@example.com"
    for event in template:
        data = dict(event)
        if data.get("timestamp"):
            data["timestamp"] = data["timestamp"] + shift
        if isinstance(data.get("text"), str):
            data["text"] = _vary(data["text"], order, email)
            if isinstance(data.get("parse_data"), dict):
                data["parse_data"] = {**data["parse_data"], "text": data["text"]}
        yield {
            "sender_id": sender,
            "type_name": data["event"],
            "timestamp": data.get("timestamp"),
            "intent_name": (data.get("parse_data") or {}).get("intent", {}).get("name"),
            "action_name": data.get("name"),
            "data": json.dumps(data),
        }


def write_events(
    engine: Engine,
    turns: int,
    *,
    seed: int = 19,
    days: int = 30,
    templates: list[list[dict[str, Any]]] | None = None,
    live: int = 64,
) -> dict[str, int]:
    """Write conversations into ``events`` (created if missing) until ``turns`` messages.

    ``live`` conversations go on at once, their events interleaved as a busy Rasa writes them
    (an ingest must carry each conversation across its batches). Returns the counts written:
    ``turns``, ``events``, ``conversations``.
    """
    if turns < 1:
        raise ValueError(f"turns must be at least 1, not {turns}")
    chosen = templates if templates is not None else load_templates()
    sizes = [_turns(t) for t in chosen]
    rng = random.Random(seed)
    EVENTS.metadata.create_all(engine, tables=[EVENTS])
    written = {"turns": 0, "events": 0, "conversations": 0}

    def another() -> Iterator[dict[str, Any]] | None:
        if written["turns"] >= turns:
            return None
        index = rng.randrange(len(chosen))
        sender = f"bench-{written['conversations']:07d}"
        written["turns"] += sizes[index]
        written["conversations"] += 1
        return _conversation(chosen[index], sender, rng, days)

    pool = [c for c in (another() for _ in range(live)) if c is not None]
    batch: list[dict[str, Any]] = []
    with engine.begin() as connection:
        while pool:
            slot = rng.randrange(len(pool))
            for _ in range(rng.randint(1, 6)):  # a turn's few events come together
                row = next(pool[slot], None)
                if row is None:
                    replacement = another()
                    if replacement is None:
                        pool.pop(slot)
                    else:
                        pool[slot] = replacement
                    break
                batch.append(row)
            if len(batch) >= BATCH:
                connection.execute(insert(EVENTS), batch)
                written["events"] += len(batch)
                batch = []
        if batch:
            connection.execute(insert(EVENTS), batch)
            written["events"] += len(batch)
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--capture", metavar="DATABASE_URL", required=True)
    parser.add_argument("--prefix", default="demo-", help="only senders starting with this")
    parser.add_argument("--limit", type=int, default=80, help="at most this many conversations")
    args = parser.parse_args()
    saved = capture(args.capture, prefix=args.prefix, limit=args.limit)
    print(f"{saved} conversations saved to {TEMPLATES}")


if __name__ == "__main__":
    main()
