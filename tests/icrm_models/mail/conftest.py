"""The accounts tests' seeded shop: account e-mails are what the sender mostly sends."""

from tests.icrm_models.accounts.conftest import session

__all__ = ["session"]
