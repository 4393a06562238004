"""Which account detail a customer wants to change, and whether the new value is sensible.

Everything here is pure text handling (no database), so the chat can check a value before it
asks the next question. Values come straight from customers' messages: anything odd (control or
bidi characters, markup, SQL fragments, 10 kB of text) is refused, never "cleaned" into shape.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Literal

from icrm_models.identity_check import normalise_email

AccountField = Literal["name", "email", "address"]
FIELDS: tuple[AccountField, ...] = ("name", "email", "address")

NAME_MAX = 100
ADDRESS_MIN, ADDRESS_MAX = 8, 200

# Checked in this order: "e-mail address" is about the e-mail, not the postal address.
_FIELD_WORDS: tuple[tuple[AccountField, re.Pattern[str]], ...] = (
    ("email", re.compile(r"\be-?\s?mails?\b|@", re.IGNORECASE)),
    (
        "name",
        re.compile(
            r"\b(?:(?:first|last|middle|maiden|display|full|family|sur)\s?name|name|spell\w*|"
            r"typo|married)\b",
            re.IGNORECASE,
        ),
    ),
    (
        "address",
        re.compile(r"\b(?:addr?ess?e?|adress\w*|moved?|street|post\s?code|zip|flat)\b", re.I),
    ),
)
# Names that aren't the customer's: the chat must not overwrite the person's name with them.
_OTHER_NAMES = re.compile(r"\b(?:company|business|user)\s?name\b", re.IGNORECASE)
_UNSUPPORTED = re.compile(
    r"\b(?:pass\s?word|pw|phone|mobile|number|birth\w*|date of birth|gender|picture|photo|"
    r"language|vat|company|two-factor|2fa|username)\b",
    re.IGNORECASE,
)
# Quoting and markup characters: legal in exotic addresses, but not in any a customer types.
_NOT_IN_EMAILS = set('<>()[]\\,;:"`')
_EMAIL_IN_TEXT = re.compile(r"[^\s@<>()\[\],;:\"']{1,64}@[^\s@<>()\[\],;:\"']{1,190}")
# Lead-ins people put before the value itself ("it should be Anna Berg", "my new address is ...").
_LEAD_IN = re.compile(
    r"^(?:(?:it'?s|it is|it should be|should be|that'?s|make it|change it to|please|pls|"
    r"my (?:new |correct |full )?(?:name|address) is|the (?:new |correct )?(?:name|address) is|"
    r"new (?:name|address)|name|address|call me|i'?m|i am|i live at|i moved to)"
    r"\s*[:,-]?\s+)+",
    re.IGNORECASE,
)
_TRAILER = re.compile(r"(?:[\s,]+(?:please|pls|thanks|thank you|thx))+[.!]*$", re.IGNORECASE)
_QUOTES = "\"'“”‘’«»"
_NAME_PUNCTUATION = set(" -'’.")
_ADDRESS_PUNCTUATION = set(" -'’.,/#()&:")


def field_in_text(text: str | None) -> AccountField | None:
    """The detail ``text`` talks about ("change my email" -> "email"), or None."""
    if not text or _OTHER_NAMES.search(text[:1000]):
        return None
    for field, words in _FIELD_WORDS:
        if words.search(text[:1000]):
            return field
    return None


def mentions_unsupported_detail(text: str | None) -> bool:
    """Whether ``text`` asks about a detail the chat can't change (password, phone, birthday)."""
    return bool(text) and bool(_UNSUPPORTED.search(str(text)[:1000]))


def _plausible_email(email: str) -> bool:
    """No control, format (bidi overrides, zero-width) or unassigned characters, and none of
    the quoting/markup characters that only odd (or hostile) addresses contain."""
    return not any(
        unicodedata.category(char).startswith("C") or char in _NOT_IN_EMAILS for char in email
    )


def find_email(text: str | None, *, last: bool = False) -> str | None:
    """The (first, or ``last``) e-mail address in ``text``, normalised; None when there is none.

    "it's Ana@Example.com." -> "ana@example.com"; "from a@x.org to b@x.org" (last) -> "b@x.org".
    """
    if not text:
        return None
    text = str(text)[:1000]
    whole = normalise_email(text)
    if whole is not None:
        return whole if _plausible_email(whole) else None
    found = [normalise_email(c.rstrip(".!?")) for c in _EMAIL_IN_TEXT.findall(text)]
    valid = [email for email in found if email is not None and _plausible_email(email)]
    if not valid:
        return None
    return valid[-1] if last else valid[0]


def _only(text: str, allowed_punctuation: set[str], *, digits: bool) -> bool:
    """Whether ``text`` holds only letters (any script), the given punctuation and digits."""
    for char in text:
        if char in allowed_punctuation or char.isalpha():
            continue
        if digits and char.isdecimal():
            continue
        if unicodedata.category(char) in ("Mn", "Mc"):  # combining accents
            continue
        return False
    return True


def _tidy(text: str) -> str:
    """Whitespace collapsed, lead-ins ("it's", "my new name is") and "please" removed."""
    text = " ".join(unicodedata.normalize("NFC", text).split())
    text = _TRAILER.sub("", _LEAD_IN.sub("", text))
    return text.strip().strip(_QUOTES).strip()


def clean_name(text: str | None) -> str | None:
    """``text`` as a customer's name, or None when it can't be one.

    Letters of any script, spaces, hyphens, apostrophes and dots; at least two letters; at most
    ``NAME_MAX`` characters.
    """
    if text is None or len(str(text)) > NAME_MAX * 2:
        return None
    name = _tidy(str(text)).strip(" .")
    if not 2 <= len(name) <= NAME_MAX or sum(c.isalpha() for c in name) < 2:
        return None
    return name if _only(name, _NAME_PUNCTUATION, digits=False) else None


def clean_address(text: str | None) -> str | None:
    """``text`` as a postal address, or None when it doesn't look like one.

    Between ``ADDRESS_MIN`` and ``ADDRESS_MAX`` characters, letters and at least one digit
    (a house number or postcode), usual punctuation only, and not an e-mail address.
    """
    if text is None or len(str(text)) > ADDRESS_MAX * 2:
        return None
    address = _tidy(str(text)).strip(" ,.")
    if not ADDRESS_MIN <= len(address) <= ADDRESS_MAX or "@" in address:
        return None
    if not any(c.isalpha() for c in address) or not any(c.isdecimal() for c in address):
        return None
    return address if _only(address, _ADDRESS_PUNCTUATION, digits=True) else None


def clean_value(field: AccountField, text: str | None) -> str | None:
    """``text`` as a new value of ``field``, normalised, or None when it isn't valid."""
    if field == "email":
        return find_email(text)
    if field == "name":
        return clean_name(text)
    return clean_address(text)
