"""Invoice numbers as customers type them: "INV-010023", "inv010023", "INV 010023", "#INV-10023".

The shop's numbers are ``INV-`` plus the order number padded to six digits (see the seed); a
customer's spelling is brought to that form before it reaches a query.
"""

from __future__ import annotations

import re

_INVOICE = re.compile(r"^#?\s*inv(?:oice)?\s*(?:no\.?|nr\.?|number)?\s*[-_#:./\s]*\s*(\d{1,10})$")
# An invoice number inside a sentence: "INV" right before the digits (not "invoice for 10023").
_IN_TEXT = re.compile(r"(?<![a-z0-9])inv[\s\-_#:.]{0,2}(\d{5,6})(?![0-9])")


def parse_invoice_number(text: str | None) -> str | None:
    """The invoice number in ``text`` in the shop's form ("INV-010023"), or None."""
    if text is None:
        return None
    cleaned = str(text).strip().lower()
    match = _INVOICE.match(cleaned) if len(cleaned) <= 40 else None
    if match is None:
        return None
    return f"INV-{int(match.group(1)):06d}"


def find_invoice_number(text: str | None) -> str | None:
    """The first invoice number written inside ``text`` ("... invoice inv010023 ..."), or None.

    For messages where the language model didn't mark the number; only the "INV" spelling counts.
    """
    if not text:
        return None
    match = _IN_TEXT.search(str(text)[:2000].lower())
    return f"INV-{int(match.group(1)):06d}" if match else None
