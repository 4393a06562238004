import pytest

from icrm_models.identity import InvalidIdentityTokenError, sign_identity, verify_identity

KEY = b"test-key"


def test_a_signed_token_names_its_customer() -> None:
    assert verify_identity(sign_identity(42, KEY), KEY) == 42


def test_another_key_is_rejected() -> None:
    with pytest.raises(InvalidIdentityTokenError, match="signature"):
        verify_identity(sign_identity(42, KEY), b"other-key")


def test_an_edited_customer_id_is_rejected() -> None:
    token = sign_identity(42, KEY)
    forged = sign_identity(43, b"attacker").split(".")[0] + "." + token.split(".")[1]
    with pytest.raises(InvalidIdentityTokenError):
        verify_identity(forged, KEY)


def test_an_expired_token_is_rejected() -> None:
    token = sign_identity(42, KEY, ttl_s=60, now=1_000_000)
    assert verify_identity(token, KEY, now=1_000_030) == 42
    with pytest.raises(InvalidIdentityTokenError, match="expired"):
        verify_identity(token, KEY, now=1_000_061)


@pytest.mark.parametrize("junk", ["", "abc", "a.b.c", "x" * 5000, "€.€", "a." + "b" * 43])
def test_junk_is_rejected_cleanly(junk: str) -> None:
    with pytest.raises(InvalidIdentityTokenError):
        verify_identity(junk, KEY)


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
