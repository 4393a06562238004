"""Forgetting a conversation in the middle of the deletion's own turn, with Rasa's real SQL
tracker store on both sides: what Rasa saves afterwards brings nothing back."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from sqlalchemy import delete
from sqlalchemy.orm import Session

from icrm_models.db.engine import make_engine
from icrm_models.privacy.tracker_store import EVENTS, forget_conversations
from tests.helpers.rasa import run_in_rasa

CHECK = Path(__file__).with_name("rasa_forget_check.py")
TRACES = ("quirinus", "flederwisch", "987654321")


def test_rasa_saves_the_turn_without_bringing_the_conversation_back(tmp_path: Path) -> None:
    database, dump = str(tmp_path / "icrm.db"), str(tmp_path / "held.json")
    stored = run_in_rasa(CHECK, "before", database, dump)
    assert "flederwisch" in json.dumps(stored["stored"]).lower()
    engine = make_engine(f"sqlite:///{database}")
    with Session(engine) as session:
        forget_conversations(session, ["conv-rasa"])
        session.commit()
    engine.dispose()
    outcome: dict[str, Any] = run_in_rasa(CHECK, "after", database, dump)
    rows = json.dumps(outcome["rows"]).lower()
    assert [trace for trace in TRACES if trace in rows] == []
    assert outcome["slot"] is None  # the proof of who they were is gone from the rebuilt tracker
    assert outcome["texts"] == ["yes", "Your account has been deleted."]
    # the newest session: 6 blanked rows + the turn's 4 events; the older session is gone
    assert len(outcome["rows"]) == 10 == outcome["full"]
    assert outcome["retrieved"][0] == "session_started"


def test_deleting_the_rows_mid_turn_would_bring_the_session_back(tmp_path: Path) -> None:
    """Why the newest session is blanked, not deleted: Rasa appends what it did not count."""
    database, dump = str(tmp_path / "icrm.db"), str(tmp_path / "held.json")
    run_in_rasa(CHECK, "before", database, dump)
    engine = make_engine(f"sqlite:///{database}")
    with Session(engine) as session:
        session.execute(delete(EVENTS).where(EVENTS.c.sender_id == "conv-rasa"))
        session.commit()
    engine.dispose()
    outcome = run_in_rasa(CHECK, "after", database, dump)
    assert "flederwisch" in json.dumps(outcome["rows"]).lower()
