"""The redactor's general patterns for names and addresses of many countries (issue 19).

Each case is a pattern, not a string of a test set: names from faker locales beyond the core
ones (transliterated, romanised), name particles, relations, signatures and self-introductions;
the parts around a street (floors, units, districts, cities, post codes of more countries).
A case passes when no word of the value is left (the benchmark's strict rule).
"""

from __future__ import annotations

import pytest

from icrm_models.analytics.address_parts import extend_address, is_place
from icrm_models.analytics.name_lexicon import name_lexicon, transliterations
from icrm_models.analytics.place_names import place_names
from icrm_models.analytics.redaction import redact
from icrm_models.analytics.redaction_scoring import redacted_strictly


@pytest.mark.parametrize(
    ("text", "value"),
    [
        # names only other locales list, Cyrillic ones transliterated
        ("yesterday dmitriy from your team said it was sent", "dmitriy"),
        ("Thanks a lot Svetlana, that helped", "Svetlana"),
        # particles between the parts of a name
        (
            "hello, I am Omar bin Khalid Al Mansouri and my parcel is late",
            "Omar bin Khalid Al Mansouri",
        ),
        ("I am Tran Van Binh, order 10231", "Tran Van Binh"),
        # a lower-case word after a relation that is no English word
        ("my husband obinna placed it on his phone", "obinna"),
        # a name signing the message off, and a writer introducing themself
        ("The box was empty. Please refund. Adaeze Okafor", "Adaeze Okafor"),
        ("Ta, Bronwen", "Bronwen"),
        ("Marguerite Lefebvre-Dubois here, about my refund", "Marguerite Lefebvre-Dubois"),
        # "her name was", a capitalised surname after a correction
        ("the agent, her name was Rosalind, promised a call", "Rosalind"),
        ("it says Kowalsky but it is Kowalczyk, please fix", "Kowalczyk"),
        # a lower-case first name that is no English word, without a cue
        ("is magdalena there? she helped me before", "magdalena"),
        ("please ask for Tendai at reception", "Tendai"),
        # a lower-case word after a sign-off, at the end of the message
        ("ok that is all, cheers, tendai", "tendai"),
        ("best regards, ifeoma", "ifeoma"),
        # an unknown first name before a known surname; a writer at the start, then "here"
        ("the parcel is from Pradeep Kumar", "Pradeep Kumar"),
        ("Oluwaseun here, any update?", "Oluwaseun"),
    ],
)
def test_names_beyond_the_core_lexicon_are_redacted(text: str, value: str) -> None:
    output = redact(text)
    assert redacted_strictly(text, value, output), output


@pytest.mark.parametrize(
    ("text", "value"),
    [
        # floors and sides after a German, French, Spanish or Italian street
        ("Lindenstraße 4, 2. OG rechts, 10969 Berlin", ""),
        (
            "deliver to 8 rue Oberkampf 75011 Paris, 2e étage",
            "8 rue Oberkampf 75011 Paris, 2e étage",
        ),
        ("Calle Serrano 41, 3º dcha, 28001 Madrid", ""),
        ("Via Roma 12, scala A, 2° piano, 10121 Torino", ""),
        # more numbers of the same house, and units written before the street
        ("Wiedner Hauptstraße 12/3/7, 1040 Wien", ""),
        ("Level 3, 20 Bond St, Sydney NSW 2000", ""),
        ("Bâtiment C, 4e étage, 12 avenue Foch, 69006 Lyon", ""),
        # post codes of more countries, with their city or province
        ("send it to 77 Queen St W, Toronto ON M5H 2N2", "77 Queen St W, Toronto ON M5H 2N2"),
        ("ul. Polna 3, 00-625 Warszawa", ""),
        ("2-3-1 Marunouchi, Chiyoda-ku, Tokyo 100-0005", ""),
        ("the code is 1010 Wien", "1010 Wien"),
        ("it is 560038 bengaluru", "560038 bengaluru"),
        # districts, Indian areas and a street without its type
        ("45 Le Loi, District 1, Ho Chi Minh City", ""),
        ("no. 7, 12th Cross, Indiranagar 2nd stage, Bengaluru 560038", ""),
        # parts before a post code, and who the parcel is for
        ("Church Street, Ballina, Co Mayo F26 Y2X3", ""),
        ("chez Mme Girard, 5 rue des Lilas, 33000 Bordeaux", ""),
        ("Rue Neuve 14 bte 2, 1000 Bruxelles", ""),
        ("Plot 1234, Wuse 2, Abuja", ""),
        ("25 Trang Tien, Hoan Kiem District, Hanoi", ""),
        # a southern street with its number first, a Brazilian code after the state
        ("deliver to 55 avenida da liberdade, lisboa", "55 avenida da liberdade, lisboa"),
        ("Av. Paulista 1000, ap 52, São Paulo - SP, 01310-100", ""),
    ],
)
def test_address_parts_of_many_countries_are_redacted(text: str, value: str) -> None:
    """``value`` "" stands for the whole text."""
    value = value or text
    output = redact(text)
    assert redacted_strictly(text, value, output), output


@pytest.mark.parametrize(
    "text",
    [
        "do you ship to Austria?",
        "how many days for shipping to france",
        "I'm ordering from Bristol next week",
        "do u accept iban transfers or only cards",
        "the St. Louis cabinet arrived damaged",
        "i bought the Dr. Martens boots in black",
        "I want order 57320 CANCELLED, not changed, CANCELLED.",
        "do you deliver to Perth or just Sydney and Melbourne",
        "Looking for a fanny pack I can run with.",
        "has 27364 shipped yet",
        "my invoice INV-2024-00871 has the wrong VAT number",
        "i live in district 9 now",
        "order 10023 for 2 people",
        "i want to come back and shop again",
        "lemme see the tracking link real quick",
        "i bought 2 via the app",
        "Please ship my sneakers to my mom's place instead, order 18937.",
        "tell me about the roman empire",
        "can you ship to Hong Kong",
        "thanks alot",
        "ok. Nike",
        "Sorry. Lol",
        "Hey, quick question. Kindle",
        "cheers mate",
        "thanks for the help",
    ],
)
def test_places_shop_words_and_numbers_survive(text: str) -> None:
    assert redact(text) == text


def test_cyrillic_names_get_their_english_spellings() -> None:
    assert transliterations("дмитрий") >= {"dmitriy", "dmitry", "dmitri"}
    assert "mikhail" in transliterations("михаил") and "mihail" in transliterations("михаил")


def test_the_lexicon_reads_every_locale_and_keeps_words_ambiguous() -> None:
    lexicon = name_lexicon()
    # Icelandic, Yoruba, romanised Chinese, transliterated Russian
    assert {"guðrún", "adebowale", "mei", "dmitri"} <= lexicon.first_names
    # a name some locale lists that is an English word or a big place is ambiguous
    assert {"come", "link"} <= lexicon.ambiguous
    assert "austria" in lexicon.places and "bristol" in lexicon.places
    assert lexicon.is_everyday("ordered") and not lexicon.is_everyday("chiamaka")


def test_places_and_what_an_address_runs_on_over() -> None:
    assert {"wien", "den haag", "kuala lumpur"} <= place_names()
    assert is_place("Bath") and not is_place("bath") and not is_place("has")
    text = "Hauptstraße 5, 3. OG links, 10115 Berlin, danke"
    assert text[: extend_address(text, len("Hauptstraße 5"))] == text[: -len(", danke")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("send to 12 High St, order 10023 pls", "send to [ADDRESS], order 10023 pls"),
        ("a new address (21 Bridge St). Sorry", "a new address ([ADDRESS]). Sorry"),
        ("12 Baker Street (flat 2) please", "[ADDRESS] please"),
    ],
)
def test_an_address_stops_before_the_order_number_and_keeps_brackets(
    text: str, expected: str
) -> None:
    assert redact(text) == expected


def test_a_phone_extension_belongs_to_the_phone() -> None:
    assert redact("call +1 416 555 0172 ext 22 pls") == "call [PHONE] pls"
    assert redact("ring 07700 900123 x105") == "ring [PHONE]"
