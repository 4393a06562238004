"""The in-chat proof of a guest: signed, bound to the conversation and the widget's client key."""

import base64

import pytest

from icrm_models.chat_proof import (
    InvalidChatProofError,
    client_key_hash,
    sign_chat_proof,
    verify_chat_proof,
)
from icrm_models.identity import mac

KEY = b"proof-key-" + b"p" * 32
CLIENT = "client-key-" + "c" * 20


def _proof(**overrides: object) -> str:
    arguments: dict[str, object] = {
        "conversation_id": "conv-1",
        "client_key": CLIENT,
        "order_id": 10023,
        "now": 1_000_000,
    }
    arguments.update(overrides)
    return sign_chat_proof(1, KEY, **arguments)  # type: ignore[arg-type]


def test_a_proof_names_the_customer_and_the_order_they_proved() -> None:
    proof = verify_chat_proof(
        _proof(), KEY, conversation_id="conv-1", client_key=CLIENT, now=1_000_010
    )
    assert (proof.customer_id, proof.order_id) == (1, 10023)


@pytest.mark.parametrize(
    ("conversation", "client"),
    [("conv-2", CLIENT), ("conv-1", "another-client-key-xxxxxx"), ("conv-1", None), ("conv-1", "")],
)
def test_a_proof_is_worthless_in_another_conversation_or_client(
    conversation: str, client: str | None
) -> None:
    with pytest.raises(InvalidChatProofError):
        verify_chat_proof(
            _proof(), KEY, conversation_id=conversation, client_key=client, now=1_000_010
        )


def test_a_proof_expires() -> None:
    with pytest.raises(InvalidChatProofError, match="expired"):
        verify_chat_proof(
            _proof(), KEY, conversation_id="conv-1", client_key=CLIENT, now=1_000_000 + 31 * 60
        )


@pytest.mark.parametrize(
    "forged",
    [
        "5:1763900000",  # the old unsigned format "<customer id>:<unix time>"
        "5:inf",
        "5:nan",
        "v1.eyJzdWIiOjV9.AAAA",
        "",
        "v1." + "x" * 600,
    ],
)
def test_forged_slot_values_prove_nothing(forged: str) -> None:
    with pytest.raises(InvalidChatProofError):
        verify_chat_proof(forged, KEY, conversation_id="conv-1", client_key=CLIENT, now=1_000_010)


def test_an_edited_customer_keeps_the_old_signature_and_fails() -> None:
    version, _payload, signature = _proof().split(".")
    other = (
        base64.urlsafe_b64encode(b'{"sub":2,"ord":10023,"exp":9999999999}').rstrip(b"=").decode()
    )
    with pytest.raises(InvalidChatProofError, match="signature"):
        verify_chat_proof(
            f"{version}.{other}.{signature}", KEY, conversation_id="conv-1", client_key=CLIENT
        )


@pytest.mark.parametrize("expiry", ["Infinity", "NaN", "1e999"])
def test_a_signed_proof_with_an_endless_expiry_is_rejected(expiry: str) -> None:
    payload = (
        base64.urlsafe_b64encode(f'{{"sub":1,"ord":null,"exp":{expiry}}}'.encode())
        .rstrip(b"=")
        .decode()
    )
    signature = mac(KEY, "chat-proof", "v1", payload, "conv-1", client_key_hash(CLIENT))
    with pytest.raises(InvalidChatProofError):
        verify_chat_proof(
            f"v1.{payload}.{signature}", KEY, conversation_id="conv-1", client_key=CLIENT
        )


def test_a_proof_needs_a_client_key() -> None:
    with pytest.raises(ValueError, match="client key"):
        _proof(client_key="short")
