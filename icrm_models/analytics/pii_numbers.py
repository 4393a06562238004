"""Personal numbers in chat text: payment cards, IBANs and phone numbers, told apart from the rest.

A shop's chat is full of numbers that must survive redaction: five-digit order ids, amounts,
dates, quantities, long tracking numbers. So a digit sequence becomes ``[CARD]`` only when it has
13–19 digits, a card network's prefix and a valid Luhn check digit; ``[IBAN]`` only when its
ISO 13616 mod-97 checksum holds for the country's length; ``[PHONE]`` only when its shape says
phone (an international ``+``/``00`` prefix, a national trunk ``0``, brackets, the North-American
3-3-4 grouping) or a word like "call" or "phone" stands just before it.

Each finder returns ``(start, end, label)`` spans; :mod:`icrm_models.analytics.redaction` merges
them.
"""

from __future__ import annotations

import re

Span = tuple[int, int, str]

# A run of digits with single separators (space, dot, dash, slash) and brackets, as phone and
# card numbers are written: "+44 (0)20 7946 0958", "4111-1111-1111-1111", "555.123.4567".
_DIGIT_RUN = re.compile(r"(?<![\w@+])(?:\+\s?)?\(?\d(?:[\d()]|[ .\-/]{1,3}(?=[(\d]))*\d\)?(?![\w])")
_GROUP = re.compile(r"\d+")
_PHONE_CONTEXT = re.compile(
    r"(?:call|calls|ring|phone|mobile|cell|tel|telephone|number|no|nr|whatsapp|text|sms"
    r"|reach|contact|landline|fax|dial)\b[\s:.#]*(?:me|us|him|her|is|was|on|at|:|-)?[\s:.]*"
    r"(?:me|on|at|is)?[\s:]*$",
    re.IGNORECASE,
)

_PHONE_AFTER = re.compile(
    r"^\s*(?:is|was|=)?\s*(?:my|the|our)?\s*(?:new|old|work|home|mobile|cell)?\s*"
    r"(?:phone|mobile|cell|number|tel|telephone|landline|whatsapp)\b",
    re.IGNORECASE,
)
_CARD_CONTEXT = re.compile(
    r"(?:card|visa|mastercard|maestro|amex|debit|credit|paid with|pay with|charge|charged"
    r"|refund(?: it)? to|use)\b[\w\s:#]{0,15}$",
    re.IGNORECASE,
)
_CARD_AFTER = re.compile(r"\s*(?:exp|expiry|expires|valid|cvv|cvc)\b", re.IGNORECASE)
# Maestro cards may have 12 digits; those count only after a word about cards.
_MAESTRO_PREFIX = re.compile(r"^(?:50|5[6-9]|6[0-9])")

# numbers that are the shop's, not a person's: "reference number 7788 3344"
_NOT_PHONE_CONTEXT = re.compile(
    r"(?:reference|ref|order|invoice|tracking|parcel|transaction|booking|case|ticket|account"
    r"|customer|item|sku|receipt|refund|payment|return|rma|voucher|gift card)\b\W*(?:\w+\W+)?$",
    re.IGNORECASE,
)

# Card networks' first digits (IIN ranges): Visa, Mastercard, Amex, Discover, JCB, Diners,
# Maestro, UnionPay. A tracking number that happens to pass Luhn rarely starts like these.
_CARD_PREFIX = re.compile(r"^(?:4|5[0-9]|2[2-7]|3[4-9]|30|6[0-9])")

# IBAN lengths by country (ISO 13616 registry, the countries a European shop meets).
_IBAN_LENGTH = {
    "AD": 24, "AT": 20, "BA": 20, "BE": 16, "BG": 22, "CH": 21, "CY": 28, "CZ": 24, "DE": 22,
    "DK": 18, "EE": 20, "ES": 24, "FI": 18, "FO": 18, "FR": 27, "GB": 22, "GI": 23, "GL": 18,
    "GR": 27, "HR": 21, "HU": 28, "IE": 22, "IS": 26, "IT": 27, "LI": 21, "LT": 20, "LU": 20,
    "LV": 21, "MC": 27, "ME": 22, "MK": 19, "MT": 31, "NL": 18, "NO": 15, "PL": 28, "PT": 25,
    "RO": 24, "RS": 22, "SE": 24, "SI": 19, "SK": 24, "SM": 27, "TR": 26, "UA": 29, "VA": 22,
    "AZ": 28, "BH": 22, "BR": 29, "CR": 22, "DO": 28, "EG": 29, "GE": 22, "GT": 28, "IL": 23,
    "JO": 30, "KW": 30, "KZ": 20, "LB": 28, "MD": 24, "MR": 27, "MU": 30, "PK": 24, "PS": 29,
    "QA": 29, "SA": 24, "TN": 24, "AE": 23, "XK": 20, "BY": 28, "IQ": 23, "LC": 32, "SC": 31,
    "ST": 25, "SV": 28, "TL": 23, "VG": 24, "AL": 28,
}  # fmt: skip
_IBAN_START = re.compile(r"(?<![A-Za-z0-9])([A-Za-z]{2})(\d{2})(?=[ -]?[A-Za-z0-9])")


def luhn_valid(digits: str) -> bool:
    """Whether ``digits`` (only digits) end in a valid Luhn check digit."""
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = ord(char) - 48
        if position % 2:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return total % 10 == 0


def _is_card(digits: str) -> bool:
    return 13 <= len(digits) <= 19 and bool(_CARD_PREFIX.match(digits)) and luhn_valid(digits)


def _card_within(
    text: str, start: int, groups: list[re.Match[str]], card_context: bool
) -> Span | None:
    """A card number made of consecutive digit groups of a run (a run can join other numbers)."""
    for first in range(len(groups)):
        digits = ""
        for last in range(first, len(groups)):
            digits += groups[last].group()
            if len(digits) > 19:
                break
            if _is_card(digits) or (
                card_context
                and len(digits) == 12
                and bool(_MAESTRO_PREFIX.match(digits))
                and luhn_valid(digits)
            ):
                return start + groups[first].start(), start + groups[last].end(), "CARD"
    return None


def _looks_like_phone(run: str, digits: str, groups: list[str], before: str, after: str) -> bool:
    count = len(digits)
    if count < 7 or count > 15 + 2:
        return False
    if run.startswith("+"):
        return 8 <= count <= 15
    if digits.startswith("00") and not run.startswith("("):
        return 10 <= count <= 17
    if "(" in run and 9 <= count <= 15:
        return True
    separated = len(groups) > 1
    if digits.startswith("0") and 9 <= count <= 12 and (separated or count >= 10):
        return True
    lengths = [len(g) for g in groups]
    if lengths in ([3, 3, 4], [1, 3, 3, 4], [3, 4]) and not run.count("/"):
        # North-American 555-123-4567 / 1 555 123 4567; 7-digit local 555-1234 needs context
        return lengths != [3, 4] or bool(_PHONE_CONTEXT.search(before))
    if _NOT_PHONE_CONTEXT.search(before):
        return False
    return count <= 15 and bool(_PHONE_CONTEXT.search(before) or _PHONE_AFTER.match(after))


# an extension after a phone number: "ext 22", "x105", "Durchwahl 3"
_EXTENSION = re.compile(r"\s*,?\s*(?:ext\.?|extension|x|durchwahl|dw|poste)\s*\d{1,5}\b", re.I)


def find_numbers(text: str) -> list[Span]:
    """Card and phone numbers in ``text`` (IBANs: :func:`find_ibans`)."""
    spans: list[Span] = []
    for match in _DIGIT_RUN.finditer(text):
        run = match.group()
        groups = list(_GROUP.finditer(run))
        digits = "".join(g.group() for g in groups)
        if len(digits) < 7:
            continue
        before = text[max(0, match.start() - 30) : match.start()]
        if len(digits) >= 12:
            card_context = len(digits) == 12 and bool(
                _CARD_CONTEXT.search(before) or _CARD_AFTER.match(text, match.end())
            )
            card = _card_within(text, match.start(), groups, card_context)
            if card is not None:
                spans.append(card)
                continue
        after = text[match.end() : match.end() + 40]
        if _looks_like_phone(run, digits, [g.group() for g in groups], before, after):
            start, end = match.start(), match.end()
            # a bracket that only closes or only opens belongs to the sentence, not the number
            if text[start] == "(" and ")" not in run:
                start += 1
            if text[end - 1] == ")" and "(" not in run:
                end -= 1
            extension = _EXTENSION.match(text, end)
            spans.append((start, extension.end() if extension else end, "PHONE"))
    return spans


def iban_valid(iban: str) -> bool:
    """Whether ``iban`` (upper case, no spaces) has its country's length and mod-97 checksum."""
    if _IBAN_LENGTH.get(iban[:2]) != len(iban):
        return False
    moved = iban[4:] + iban[:4]
    number = "".join(str(int(char, 36)) for char in moved)
    return int(number) % 97 == 1


def find_ibans(text: str) -> list[Span]:
    """IBANs written with or without spaces, in any case, checksum-validated."""
    spans: list[Span] = []
    for match in _IBAN_START.finditer(text):
        country = match.group(1).upper()
        length = _IBAN_LENGTH.get(country)
        if length is None:
            continue
        chars: list[str] = []
        position = match.start()
        while position < len(text) and len(chars) < length:
            char = text[position]
            if char.isascii() and char.isalnum():
                chars.append(char.upper())
            elif not (char in " -" and position + 1 < len(text) and text[position + 1].isalnum()):
                break
            position += 1
        if len(chars) == length and iban_valid("".join(chars)):
            spans.append((match.start(), position, "IBAN"))
    return spans
