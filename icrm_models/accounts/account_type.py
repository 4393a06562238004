"""Personal and business accounts: reading the wish from a message, and switching."""

from __future__ import annotations

import enum
import re
from collections.abc import Iterable
from typing import Literal

from sqlalchemy.orm import Session

from icrm_models.active_accounts import active_customer

AccountType = Literal["personal", "business"]

_TYPE_WORDS: tuple[tuple[AccountType, re.Pattern[str]], ...] = (
    (
        "business",
        re.compile(
            r"\b(?:bu?i?s+i?n?e?s+e?s?|company|corporate|work|professional|firm|b2b)\b", re.I
        ),
    ),
    ("personal", re.compile(r"\b(?:per?sonn?al|private|individual|privat)\b", re.I)),
)
_TARGET = re.compile(r"\b(?:to|into)\s+(?:(?:a|an|my|the)\s+)?(\w+)", re.IGNORECASE)
_BOTH = re.compile(r"\b(?:between|and|or)\b|[/&]", re.IGNORECASE)


def account_type_of(word: str) -> AccountType | None:
    """The account type one word or entity value names ("bussiness" -> "business")."""
    for account_type, words in _TYPE_WORDS:
        if words.fullmatch(word.strip()):
            return account_type
    return None


def wanted_account_type(text: str | None, entities: Iterable[str] = ()) -> AccountType | None:
    """The account type a customer asks for, or None when it isn't clear.

    One type mentioned (as an ``account_type`` entity or a word) is the answer. Both mentioned:
    the one after "to" or "into" ("from personal to business"), else the last one ("I'm in
    personal, need the business one"); both joined by "and", "or" or "between" stay unclear.
    """
    named = {t for t in (account_type_of(e) for e in entities if e) if t is not None}
    if len(named) == 1:
        return named.pop()
    text = str(text or "")[:1000]
    found = [
        (match.start(), account_type)
        for account_type, words in _TYPE_WORDS
        for match in words.finditer(text)
    ]
    kinds = {kind for _, kind in found}
    if len(kinds) == 1:
        return kinds.pop()
    if not kinds or _BOTH.search(text):
        return None
    for target in reversed(_TARGET.findall(text)):
        kind = account_type_of(target)
        if kind is not None:
            return kind
    return max(found)[1]


class SwitchResult(enum.Enum):
    SWITCHED = "switched"
    ALREADY = "already"
    NOT_FOUND = "not_found"


def switch_account_type(
    session: Session, *, customer_id: int, account_type: AccountType
) -> SwitchResult:
    """Make ``customer_id``'s account ``account_type`` and commit; say if it already was."""
    if account_type not in ("personal", "business"):
        raise ValueError(f"unknown account type {account_type!r}")
    customer = active_customer(session, customer_id)
    if customer is None:
        return SwitchResult.NOT_FOUND
    if customer.account_type == account_type:
        return SwitchResult.ALREADY
    customer.account_type = account_type
    session.commit()
    return SwitchResult.SWITCHED
