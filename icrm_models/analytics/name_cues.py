"""The words and phrases around a person's name in a chat message, for :mod:`person_names`.

A *strong* cue ("my name is", "Mr", "name on the card is") is followed by a name whatever the
word; a *person* cue ("this is", "thanks", "my wife", "tell") by a capitalised word or a known
name; a *weak* one ("for", "to", "from") only by a known, unambiguous name. Also: the particles
inside names ("van der", "bin", "Al"), the words after which a capitalised word is a place or a
thing ("the", "in", "St."), relations, sign-offs and self-introductions, and the patterns of a
signature ("... . Ngozi") and of a writer introducing themself ("Will Okonkwo-Hart here").
"""

from __future__ import annotations

import re

_STRONG = (
    ("my", "name", "is"), ("my", "name's"), ("my", "names"), ("name", "is"), ("names", "is"),
    ("mr",), ("mrs",), ("ms",), ("miss",), ("mx",), ("dr",), ("herr",), ("frau",), ("madame",),
    ("monsieur",), ("mme",), ("signed",), ("surname", "is"), ("first", "name", "is"),
    ("last", "name", "is"), ("full", "name", "is"), ("name", "on", "the", "card", "is"),
    ("cardholder",), ("recipient", "is"), ("c/o",), ("attn",), ("name", "was"),
    ("names", "was"), ("name", "should", "be"), ("account", "holder"), ("titulaire",),
    ("beneficiary",), ("payee",), ("on", "behalf", "of"),
)  # fmt: skip
# people-words: what follows is a person when it is capitalised or a known first name
_PERSON = (
    ("this", "is"), ("it's",), ("its",), ("i", "am"), ("i'm",), ("im",), ("call", "me"),
    ("tell",), ("ask",), ("thanks",), ("thank", "you"), ("thx",), ("cheers",), ("best",),
    ("bye",), ("regards",), ("sincerely",), ("yours",), ("love",), ("husband",), ("wife",),
    ("son",), ("daughter",), ("mother",), ("father",), ("mum",), ("mom",), ("dad",),
    ("brother",), ("sister",), ("friend",), ("neighbour",), ("neighbor",), ("colleague",),
    ("partner",), ("boyfriend",), ("girlfriend",), ("flatmate",), ("roommate",),
    ("housemate",), ("assistant",), ("boss",), ("manager",), ("aunt",), ("uncle",),
    ("grandma",), ("grandpa",), ("cousin",), ("nephew",), ("niece",), ("fiance",),
    ("fiancee",), ("hi",), ("hello",), ("hey",), ("dear",), ("speak", "to"), ("talk", "to"),
    ("spoke", "to"), ("spoke", "with"), ("talked", "to"), ("called",), ("named",),
    ("surname",), ("signed", "by"), ("sign",), ("agent",), ("courier",), ("driver",),
    ("ta",), ("thanks", "a", "lot"), ("thanks", "so", "much"), ("thank", "you", "so", "much"),
    ("thank", "you", "very", "much"), ("many", "thanks"), ("me", "again"), ("grandmother",),
    ("grandfather",), ("grandson",), ("granddaughter",), ("stepson",), ("stepdaughter",),
    ("attention", "of"), ("ask", "for"), ("asked", "for"), ("asking", "for"),
)  # fmt: skip
# prepositions: what follows is a person only when it is a known, unambiguous first name
_WEAK = (
    ("for",), ("to",), ("from",), ("with",), ("and",), ("by",), ("me",), ("-",), ("name",),
)  # fmt: skip
_STRONG_SET = frozenset(_STRONG)
# last words of strong phrases: a word after one of these is looked at whatever it is
STRONG_CUES = frozenset(phrase[-1] for phrase in _STRONG)
PERSON_CUES = frozenset(phrase[-1] for phrase in _PERSON)
_PERSON_SET = frozenset(_PERSON)
_WEAK_SET = frozenset(_WEAK)
PARTICLES = frozenset(
    [
        "bin",
        "binti",
        "bint",
        "ibn",
        "al",
        "el",
        "ben",
        "ap",
        "abu",
        "ould",
        "van",
        "von",
        "der",
        "den",
        "de",
        "del",
        "della",
        "di",
        "da",
        "du",
        "le",
        "la",
        "dos",
        "das",
        "ter",
        "ten",
        "mc",
    ]
)
NAME_COLON = re.compile(r"\bname\s*[:=-]\s*$", re.IGNORECASE)
# a capitalised name right after these is a place or a thing: "in Devon", "the Jackson bag"
# a capitalised name after these is a place: "St. Louis", "San Diego", "Port Elizabeth"
SAINTS = frozenset(["st", "saint", "san", "santa", "sainte", "santo", "fort", "port", "mount"])
NOT_BEFORE_NAME = frozenset(
    [
        "the",
        "a",
        "an",
        "this",
        "that",
        "these",
        "those",
        "your",
        "our",
        "their",
        "in",
        "at",
        "near",
        "to",
        "from",
        "of",
        "via",
        "into",
    ]
)
GAP = re.compile(r"[\s,:]*")
_NAME_RUN = (
    r"((?:[A-ZÀ-Þ][\w'’-]+)(?:\s+(?:[A-ZÀ-Þ][\w'’-]+|van|von|de|der|den|bin|binti|al|el|ap))"
    r"{0,3})"
)
# the last words of a message, after a stop or a comma: "Please cancel. Ngozi", "Ta, Gethin"
SIGNATURE = re.compile(rf"(?:^|[.!?,;:\n]\s*|\s[-–—]\s*){_NAME_RUN}\s*[.!]*\s*$")
# the writer introduced at the start of a sentence: "Will Okonkwo-Hart here"
HERE = re.compile(rf"(?:^|[.!?,;:\n]\s*){_NAME_RUN}\s+here\b")
# a name run that ends before one of these is a street: "it's Baker Street 21"
_STREET_WORDS_TEXT = """
    street st road rd avenue ave lane ln drive dr close way place square crescent terrace
    court gardens grove boulevard blvd straße strasse str rue calle via straat weg laan
"""
STREET_WORDS = frozenset(_STREET_WORDS_TEXT.split())
# words that sign a message off: a lower-case word after them, at the end, is a name
SIGN_OFFS = frozenset(["thanks", "thx", "regards", "cheers", "ta", "best", "sincerely", "bye"])
# last words of a self-introduction: "i am", "i'm", "this is", "its"
SELF_INTRO = frozenset(["am", "i'm", "im", "is", "it's", "its", "me"])
# people a customer names by relation: a lower-case word after these may be a name
_RELATIONS_TEXT = """
    husband wife son daughter mother father mum mom dad brother sister friend neighbour
    neighbor colleague partner boyfriend girlfriend flatmate roommate housemate assistant
    boss manager aunt uncle grandma grandpa cousin nephew niece fiance fiancee grandmother
    grandfather grandson granddaughter stepson stepdaughter
"""
RELATIONS = frozenset(_RELATIONS_TEXT.split())
CONTRACTION = re.compile(r"['’](?:m|re|ve|d|ll|t)$")


def context_of(words: list[str], index: int, text_before: str) -> str | None:
    """``strong``, ``person``, ``weak`` or ``None``: what the words before ``index`` say."""
    if NAME_COLON.search(text_before):
        return "strong"
    for length in (5, 4, 3, 2, 1):
        if index >= length:
            phrase = tuple(words[index - length : index])
            if phrase in _STRONG_SET:
                return "strong"
            if phrase in _PERSON_SET:
                return "person"
            if phrase in _WEAK_SET:
                return "weak"
    return None
