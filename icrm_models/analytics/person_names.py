"""Person names in chat text, from context phrases and a name lexicon.

Customers name themselves and others in a few set ways: "my name is anna schmidt", "this is
John", "tell Marie Curie", "Mr Patel", a signature ("thanks, Peter"). A *strong* context
("my name is", "name:", a title) takes the next word whatever it is (unless a stop word); a
*weak* one ("this is", "i'm", "tell", "thanks") takes it only when it is a known first name.
Without context a capitalised known first name counts ("Can Peter pick it up?"), and so does a
lower-case first name followed by a known surname ("can anna schmidt collect it"). A name then
runs on over surnames and capitalised words: "Marie Curie", "anna van der berg".

What must survive: the shop's product names ("Olivia 1/4 Zip Light Jacket", "Hamilton watch")
— a first name followed by one of the catalogue's words is a product, not a person; and lone
surnames, which are too often ordinary words ("brown", "hall", "cook").
"""

from __future__ import annotations

import re
from collections.abc import Collection

from icrm_models.analytics.name_cues import (
    CONTRACTION,
    GAP,
    HERE,
    NOT_BEFORE_NAME,
    PARTICLES,
    RELATIONS,
    SAINTS,
    SELF_INTRO,
    SIGN_OFFS,
    SIGNATURE,
    STREET_WORDS,
    STRONG_CUES,
    context_of,
)
from icrm_models.analytics.name_lexicon import NOT_NAMES, NameLexicon, fold_accents

Span = tuple[int, int, str]

_WORD = re.compile(r"[^\W\d_](?:[^\W\d_]|['’.-](?=[^\W\d_]))*")


class PersonNameFinder:
    """Finds person names; ``product_words`` are the lower-case words of the shop's products."""

    def __init__(self, lexicon: NameLexicon, product_words: Collection[str] = ()) -> None:
        self.lexicon = lexicon
        self.product_words = frozenset(product_words)

    def _starts_name(
        self,
        word: str,
        context: str | None,
        previous: tuple[str, ...],
        following: str = "",
        before_capital: bool = False,
        signature: bool = False,
    ) -> bool:
        lower = fold_accents(_base(word.lower()))
        capital = word[0].isupper() and not (len(word) > 1 and word.isupper())
        lexicon = self.lexicon
        known = lower in lexicon.first_names
        if len(word) > 1 and word.isupper() and context != "strong":
            return False  # shouting ("WHERE IS MY ORDER", "MIA"), or an acronym
        if CONTRACTION.search(lower):
            return False  # "I'm", "don't", "we'll": O'Brien and d'Arcy are no contractions
        if context == "strong":
            if lower in NOT_NAMES or (lower.endswith("ed") and not known):
                return False
            return lower not in lexicon.common_words or lower in lexicon.ambiguous or known
        if context == "person" and capital and lower not in lexicon.common_words:
            return lower not in NOT_NAMES and (known or lower not in self.product_words)
        after = fold_accents(following.lower())
        if (
            not known
            and capital
            and following[:1].isupper()
            and after in lexicon.surnames
            and not lexicon.is_everyday(after)
            and self._distinctive(lower)
        ):
            return True  # "from Pradeep Kumar": an unknown first name before a known surname
        if not known and capital and context is None and lower in lexicon.surnames:
            # "i mean Chowdhury": a capitalised surname that is no English word or place, and
            # no part of a capitalised run already turned down ("profile of Nadia Haddad")
            return (
                self._distinctive(lower)
                and NOT_BEFORE_NAME.isdisjoint(previous[-1:])
                and not before_capital
            )
        if context == "weak" and lower in lexicon.places:
            return False  # "ship to france", "ordering from Bristol": a place or a word
        if not known:
            # "my wife chioma": after a relation, a lower-case word that is no English word
            # "i am chidi okeke": after "i am", two such words
            if context != "person" or not self._distinctive(lower, length=3):
                return False
            if signature:
                return True  # "regards obinna", "cheers, tendai": a signature
            if not previous:
                return False
            if previous[-1] in RELATIONS:
                return True

            return previous[-1] in SELF_INTRO and self._distinctive(after, 3)
        if lower in lexicon.ambiguous or lower in lexicon.common_words:
            return capital and context == "person"
        if context is None and capital and not NOT_BEFORE_NAME.isdisjoint(previous):
            return False
        # a lower-case name without context must be followed by a surname (see find)
        return capital or context is not None or True

    def _distinctive(self, lower: str, length: int = 4) -> bool:
        """Whether ``lower`` is no English word, place or product word: a name if anything."""
        return (
            len(lower) >= length
            and lower.isalpha()
            and lower not in self.product_words
            and lower not in NOT_NAMES
            and not self.lexicon.is_everyday(lower)
        )

    def _continues_name(self, word: str, lowered_start: bool, strong: bool) -> bool:
        lower = word.lower()
        lexicon = self.lexicon
        if lower in PARTICLES:
            return True
        if word[0].isupper() and not lowered_start and len(word) > 1 and not word.isupper():
            # "Nguyen Van An": a capitalised name goes on over capitalised names, even "An"
            folded = fold_accents(lower)
            if folded in lexicon.first_names or folded in lexicon.surnames:
                return True
        if lowered_start and word.islower() and self._distinctive(fold_accents(lower), 3):
            return True  # "farhan chowdury", "leilani kahananui": no English word
        if lower in lexicon.common_words and lower not in lexicon.ambiguous:
            return False
        if strong and (word[0].isupper() or lowered_start):
            # "my name is anna koleśnik": any word, but no verb ("Mr Patel ordered")
            return word[0].isupper() or not lower.endswith(("ed", "ing"))
        if word[0].isupper():
            return not lowered_start or lower in lexicon.surnames or lower in lexicon.first_names
        return lower in lexicon.surnames or lower in lexicon.first_names

    def _is_product(self, words: list[str], index: int) -> bool:
        if words[index] not in self.product_words:
            return False
        following = words[index + 1 : index + 3]
        return any(word in self.product_words for word in following)

    def _initial(self, text: str, matches: list[re.Match[str]], index: int) -> bool:
        """Whether ``matches[index]`` is an initial ("J." of "J. Smith") before a surname."""
        match = matches[index]
        return (
            len(match.group()) == 1
            and match.group().isupper()
            and text[match.end() : match.end() + 2] == ". "
            and index + 1 < len(matches)
            and matches[index + 1].group()[0].isupper()
        )

    def find(self, text: str) -> list[Span]:
        """Spans of person names in ``text``."""
        matches = list(_WORD.finditer(text))
        words = [m.group().lower() for m in matches]
        spans: list[Span] = []
        index = 0
        first_names = self.lexicon.first_names
        common = self.lexicon.common_words
        while index < len(matches):
            match = matches[index]
            lower = words[index]
            if (
                lower in common
                and not match.group()[0].isupper()
                and not (index and words[index - 1] in STRONG_CUES)
                and ":" not in text[max(0, match.start() - 3) : match.start()]
            ):
                index += 1  # a lower-case everyday word starts a name only after "my name is"
                continue
            if not (
                fold_accents(lower) in first_names
                or match.group()[0].isupper()
                or (index and words[index - 1] in STRONG_CUES)
                or (index and words[index - 1] in RELATIONS)
                or (index and words[index - 1] in SIGN_OFFS)
                or text[max(0, match.start() - 7) : match.start()]
                .lower()
                .rstrip()
                .endswith("name:")
            ):
                index += 1
                continue
            context = context_of(words, index, text[max(0, match.start() - 12) : match.start()])
            if context is not None and index > 0:
                gap = text[matches[index - 1].end() : match.start()]
                if not GAP.fullmatch(gap) and context != "strong":
                    context = None
            word = match.group()
            previous = tuple(words[max(0, index - 2) : index])
            if index and text[matches[index - 1].end() : match.start()].strip() not in ("", "&"):
                previous = ()  # "the guy on the phone, Kevin": punctuation ends the phrase
            if self._initial(text, matches, index) and context in ("strong", "person"):
                next_match = matches[index + 1]
                spans.append((match.start(), next_match.end(), "NAME"))
                index += 2
                continue
            if (
                not self._starts_name(
                    word,
                    context,
                    previous,
                    matches[index + 1].group() if index + 1 < len(matches) else "",
                    index > 0 and matches[index - 1].group()[0].isupper(),
                    index > 0
                    and words[index - 1] in SIGN_OFFS
                    and not text[match.end() :].strip(" .!,\n"),
                )
                or (context != "strong" and self._is_product(words, index))
                or (index and words[index - 1] in SAINTS)
            ):
                index += 1
                continue
            lowered_start = not word[0].isupper()
            end = index
            while (
                end + 1 < len(matches)
                and end - index < 5
                and text[matches[end].end() : matches[end + 1].start()] in (" ", "-")
                and (
                    # a particle is followed by a name: "van der Berg", "Van An", "bin Saeed"
                    (words[end] in PARTICLES and matches[end + 1].group()[0].isupper())
                    or self._continues_name(
                        matches[end + 1].group(), lowered_start, context == "strong"
                    )
                )
            ):
                end += 1
            while end > index and words[end] in PARTICLES:
                end -= 1
            if words[end] in STREET_WORDS or (
                end + 1 < len(words) and words[end + 1] in STREET_WORDS
            ):
                index = end + 1  # "it's Baker Street 21": a street
                continue
            if (
                end + 1 < len(words)
                and words[end + 1] in self.product_words
                and text[matches[end].end() : matches[end + 1].start()] == " "
            ):
                index = end + 1  # "Dr. Martens boots", "the Jackson bag": a product
                continue
            if (
                context is None
                and not lowered_start
                and end == index
                and fold_accents(_base(lower)) in self.lexicon.places
            ):
                index += 1  # "just Sydney and Melbourne", "Jordan": a lone place or word
                continue
            if (
                context is None
                and lowered_start
                and not self._has_surname_next(words, index)
                and not (
                    # "is katarzyna there": a name no English dictionary lists ("roman" is)
                    self._distinctive(fold_accents(_base(lower)), length=5)
                    and fold_accents(_base(lower)) not in self.lexicon.dictionary_names
                )
            ):
                index += 1
                continue
            spans.append((match.start(), matches[end].end(), "NAME"))
            index = end + 1
        return spans + self._signed(text)

    def _signed(self, text: str) -> list[Span]:
        """A name that signs the message off or introduces the writer ("... . Ngozi",
        "Will Okonkwo-Hart here"): capitalised words that are names or no English words."""
        spans: list[Span] = []
        patterns = [(SIGNATURE, max(0, len(text) - 80))]  # the end only: a long text is slow
        if "here" in text:
            patterns.append((HERE, 0))
        for pattern, position in patterns:
            for match in pattern.finditer(text, position):
                words = [w for w in match.group(1).split() if w.lower() not in PARTICLES]
                if any(len(w) > 1 and w.isupper() for w in words):
                    continue  # shouting ("not changed, CANCELLED") or an acronym
                folded = [fold_accents(w.lower()) for w in words]
                lexicon = self.lexicon
                if " ".join(folded) in lexicon.places or any(w in lexicon.places for w in folded):
                    continue  # "Amsterdam, Netherlands", "Hong Kong": a place
                names = [
                    all(
                        p in lexicon.first_names or p in lexicon.surnames or self._distinctive(p, 3)
                        for p in w.split("-")
                    )
                    for w in folded
                ]
                strong = [
                    self._distinctive(w, 3) or w.split("-")[0] in lexicon.surnames for w in folded
                ]
                # "... here" says it is a person: its words need not all be known names
                named = all(names) or pattern is HERE
                if len(folded) == 1 and pattern is not HERE:
                    # one word alone ("ok. Nike", "Sorry. Lol") signs only as a known name
                    named = (
                        folded[0] in lexicon.first_names and folded[0] not in lexicon.common_words
                    )
                if named and any(strong) and words[0].lower() not in NOT_NAMES:
                    spans.append((match.start(1), match.end(1), "NAME"))
        return spans

    def _has_surname_next(self, words: list[str], index: int) -> bool:
        return index + 1 < len(words) and words[index + 1] in self.lexicon.surnames


def _base(word: str) -> str:
    """``word`` without a possessive: "katarzyna's" → "katarzyna"."""
    for suffix in ("'s", "’s"):
        if word.endswith(suffix):
            return word[: -len(suffix)]
    return word
