"""Who the customer is in an action test: the shop's identity token and the in-chat proof.

Signed with the secret the ``shop_db`` fixture gives the action server, and bound to the
conversation and client key of the trackers in ``tests.helpers.trackers``.
"""

from __future__ import annotations

from icrm_models.chat_proof import sign_chat_proof, verify_chat_proof
from icrm_models.identity import sign_identity
from tests.helpers.trackers import CLIENT_KEY, SENDER

SECRET = "action-test-secret-" + "x" * 32


def token_for(customer_id: int, session_id: str = SENDER) -> str:
    """The shop's token for ``customer_id`` in conversation ``session_id``."""
    return sign_identity(customer_id, SECRET.encode(), session_id=session_id)


def proof_for(customer_id: int, order_id: int | None = None, *, session_id: str = SENDER) -> str:
    """The in-chat proof a guest who proved ``order_id`` holds (conversation and client bound)."""
    return sign_chat_proof(
        customer_id,
        SECRET.encode(),
        conversation_id=session_id,
        client_key=CLIENT_KEY,
        order_id=order_id,
    )


def proven_customer(proof: object) -> int:
    """The customer an in-chat proof (the slot value) names, checked like the actions check it."""
    return verify_chat_proof(
        str(proof), SECRET.encode(), conversation_id=SENDER, client_key=CLIENT_KEY
    ).customer_id
