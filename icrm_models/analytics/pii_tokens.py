"""Words that are personal or secret by their shape: e-mail addresses, tokens, keys, passwords.

E-mail addresses are found by their ``@`` (also the "anna at gmail dot com" spelling customers
use to dodge filters). Secrets are found by shape — JWTs, the prefixes of well-known API keys
(Stripe, GitHub, AWS, Slack, Google, OpenAI-style ``sk-``), bearer tokens, long mixed-case
random strings — and by context: whatever follows "password is", "pin:", "api key =" and the
like. A discount code ("SAVE10") is neither: it has no such context and is too short.
"""

from __future__ import annotations

import re

Span = tuple[int, int, str]

_EMAIL = re.compile(r"[\w.+'-]*\w@\w[\w-]*(?:\.[\w-]+)*")
_SPELLED_EMAIL = re.compile(
    r"\b[\w.+-]+\s*(?:\(at\)|\[at\]|\sat\s)\s*[\w-]+\s*(?:\(dot\)|\[dot\]|\sdot\s|\.)\s*"
    r"(?:com|net|org|de|nl|fr|uk|co\.uk|co|io|info|eu|me)\b",
    re.IGNORECASE,
)

_KEY_SHAPES = re.compile(
    r"\beyJ[\w-]{8,}\.[\w-]{8,}\.[\w-]*"  # JWT
    r"|\b(?:sk|pk|rk)_(?:live|test)_[A-Za-z0-9]{8,}"  # Stripe
    r"|\bsk-[A-Za-z0-9_-]{16,}"  # OpenAI-style
    r"|\bgh[pousr]_[A-Za-z0-9]{20,}"  # GitHub
    r"|\b(?:AKIA|ASIA)[0-9A-Z]{16}\b"  # AWS access key id
    r"|\bxox[abprs]-[A-Za-z0-9-]{10,}"  # Slack
    r"|\bAIza[\w-]{30,}"  # Google API key
    r"|\b[Bb]earer\s+[\w\-.~+/=]{8,}"
)
# a long random-looking word: upper, lower case and digits mixed, 20+ characters
_RANDOM_WORD = re.compile(r"(?<![\w/.])[A-Za-z0-9_\-+/=]{20,}(?![\w/])")
_HEX_WORD = re.compile(r"\b(?=[0-9a-f]*[a-f])(?=[0-9a-f]*[0-9])[0-9a-f]{32,}\b")
_SECRET_CONTEXT = re.compile(
    r"\b(?:password|passwort|passwd|pass ?word|passcode|pwd|pw|pin(?: code| number)?|api[ _-]?key"
    r"|access[ _-]?key|secret(?: key)?|token|otp|one[ -]time (?:code|password)"
    r"|security code|verification code|login code|cvv|cvc|cvv2)"
    r"(?P<sep>\s*(?:(?:is|ist|was|will be|should be)\b|[=:-])\s*|\s+)"
    r"(?P<value>[^\s,;]+)",
    re.IGNORECASE,
)
# what follows "password" without "is"/":" is a secret only when it looks like one
_SECRETISH = re.compile(r"(?=.*\d)|(?=.*[^\w\s])|(?=.*[A-Z].*[a-z])")
_NOT_A_VALUE = frozenset(
    [
        "a",
        "an",
        "the",
        "my",
        "your",
        "it",
        "me",
        "and",
        "or",
        "but",
        "for",
        "to",
        "of",
        "on",
        "in",
        "reset",
        "change",
        "changed",
        "changing",
        "forgot",
        "forgotten",
        "please",
        "pls",
        "plz",
        "help",
        "again",
        "not",
        "no",
        "doesnt",
        "isnt",
        "wont",
        "cant",
        "work",
        "working",
        "works",
        "wrong",
        "incorrect",
        "expired",
        "invalid",
        "there",
        "here",
        "that",
        "this",
        "so",
        "too",
        "still",
        "now",
        "doesnt",
        "doesn't",
        "ain't",
        "aint",
        "isn't",
        "isnt",
        "won't",
        "can't",
        "lost",
        "urgent",
        "broken",
        "locked",
        "blocked",
        "gone",
        "very",
        "ok",
        "fine",
        "correct",
        "right",
        "new",
        "old",
        "same",
        "different",
        "weak",
        "strong",
        "long",
        "short",
        "required",
        "needed",
    ]
)


def find_emails(text: str) -> list[Span]:
    """E-mail addresses, written or spelled out."""
    spans: list[Span] = []
    if "@" in text:
        spans.extend((m.start(), m.end(), "EMAIL") for m in _EMAIL.finditer(text))
    if " at " in text or "(at)" in text or "[at]" in text:
        spans.extend((m.start(), m.end(), "EMAIL") for m in _SPELLED_EMAIL.finditer(text))
    return spans


def _random_looking(word: str) -> bool:
    has_digit = any(c.isdigit() for c in word)
    return has_digit and any(c.islower() for c in word) and any(c.isupper() for c in word)


def find_secrets(text: str) -> list[Span]:
    """Tokens, keys and passwords."""
    spans = [(m.start(), m.end(), "SECRET") for m in _KEY_SHAPES.finditer(text)]
    for match in _SECRET_CONTEXT.finditer(text):
        value = match.group("value").rstrip(".!?")
        if not value or value.lower() in _NOT_A_VALUE:
            continue
        strong = match.group("sep").strip() != ""
        if value.isalpha() and value.islower() and value.endswith(("ing", "ed")):
            continue  # "password is working", "pin is locked"
        if strong or _SECRETISH.match(value):
            start = match.start("value")
            spans.append((start, start + len(value), "SECRET"))
    if len(text) >= 20:
        spans.extend(
            (m.start(), m.end(), "SECRET")
            for m in _RANDOM_WORD.finditer(text)
            if _random_looking(m.group())
        )
        spans.extend((m.start(), m.end(), "SECRET") for m in _HEX_WORD.finditer(text))
    return spans
