import base64
import json

import pytest

from icrm_models.identity import InvalidIdentityTokenError, mac, sign_identity, verify_identity

KEY = b"test-key"
SID = "conversation-1"


def test_a_signed_token_names_its_customer() -> None:
    assert verify_identity(sign_identity(42, KEY, session_id=SID), KEY, session_id=SID) == 42


def test_another_key_is_rejected() -> None:
    with pytest.raises(InvalidIdentityTokenError, match="signature"):
        verify_identity(sign_identity(42, KEY, session_id=SID), b"other-key", session_id=SID)


def test_an_edited_customer_id_is_rejected() -> None:
    token = sign_identity(42, KEY, session_id=SID)
    forged = (
        sign_identity(43, b"attacker", session_id=SID).split(".")[0] + "." + token.split(".")[1]
    )
    with pytest.raises(InvalidIdentityTokenError):
        verify_identity(forged, KEY, session_id=SID)


def test_an_expired_token_is_rejected() -> None:
    token = sign_identity(42, KEY, session_id=SID, ttl_s=60, now=1_000_000)
    assert verify_identity(token, KEY, session_id=SID, now=1_000_030) == 42
    with pytest.raises(InvalidIdentityTokenError, match="expired"):
        verify_identity(token, KEY, session_id=SID, now=1_000_061)


def test_a_token_proves_nothing_in_another_conversation() -> None:
    """A token read from a stored conversation or a log is useless in a new one."""
    token = sign_identity(42, KEY, session_id=SID)
    with pytest.raises(InvalidIdentityTokenError, match="another conversation"):
        verify_identity(token, KEY, session_id="conversation-2")


def test_tokens_are_short_lived_by_default() -> None:
    token = sign_identity(42, KEY, session_id=SID, now=1_000_000)
    with pytest.raises(InvalidIdentityTokenError, match="expired"):
        verify_identity(token, KEY, session_id=SID, now=1_000_000 + 16 * 60)


@pytest.mark.parametrize("expiry", ["Infinity", "NaN", "1e999", "true", '"9999999999"'])
def test_a_correctly_signed_token_with_a_strange_expiry_is_rejected(expiry: str) -> None:
    raw = f'{{"sub":42,"sid":"{SID}","iat":1,"exp":{expiry}}}'.encode()
    payload = base64.urlsafe_b64encode(raw).rstrip(b"=").decode()
    token = f"{payload}.{mac(KEY, 'identity', payload)}"
    json.loads(raw)  # Python's json accepts Infinity and NaN: the check must not
    with pytest.raises(InvalidIdentityTokenError):
        verify_identity(token, KEY, session_id=SID)


def test_a_token_needs_a_conversation() -> None:
    with pytest.raises(ValueError, match="conversation"):
        sign_identity(42, KEY, session_id="")


@pytest.mark.parametrize("junk", ["", "abc", "a.b.c", "x" * 5000, "€.€", "a." + "b" * 43])
def test_junk_is_rejected_cleanly(junk: str) -> None:
    with pytest.raises(InvalidIdentityTokenError):
        verify_identity(junk, KEY, session_id=SID)


def test_short_secrets_are_refused(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from pydantic import ValidationError

    from icrm_models.settings import Settings

    with pytest.raises(ValidationError, match="at least 32"):
        Settings(data_dir=tmp_path, identity_secret="")


def test_a_generated_secret_is_stable_and_private(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from icrm_models.settings import Settings

    first = Settings(data_dir=tmp_path).identity_key
    assert Settings(data_dir=tmp_path).identity_key == first and len(first) >= 32
    assert (tmp_path / "identity.secret").stat().st_mode & 0o077 == 0
