"""Canned replies: the team's and everyone's, placeholders filled or left as visible gaps."""

from sqlalchemy.orm import Session

from icrm_models.db.tables.live import CannedReply
from icrm_models.live.canned import DEMO_REPLIES, canned_for, fill, seed_canned_replies


def test_fill_puts_values_in_and_leaves_visible_gaps_never_none() -> None:
    body = "Hi {first_name}, {agent_name} here about order {order_id}. {typo}"
    assert fill(body, first_name="Roni", order_id=10023, agent_name="Anna") == (
        "Hi Roni, Anna here about order 10023. {typo}"
    )
    gaps = fill(body, first_name=None, order_id="  ", agent_name=None)
    assert gaps == "Hi [first name], [your name] here about order [order number]. {typo}"
    assert "None" not in gaps


def test_canned_for_gives_a_teams_replies_and_the_shared_ones(db: Session) -> None:
    assert seed_canned_replies(db) == len(DEMO_REPLIES)
    assert seed_canned_replies(db) == 0  # idempotent
    db.add(CannedReply(shortcut="iban", title="Refund by transfer", body="...", team="billing"))
    db.flush()
    support = [reply.shortcut for reply in canned_for(db, "support")]
    billing = [reply.shortcut for reply in canned_for(db, "billing")]
    assert "iban" not in support and "iban" in billing
    assert set(support) == {shortcut for shortcut, _title, _body in DEMO_REPLIES}
    assert support == sorted(support)
    assert len(canned_for(db, None)) == len(DEMO_REPLIES) + 1
