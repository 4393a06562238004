import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from icrm_models.search.product_facts import answer_about, relevant_snippet
from icrm_models.search.products import catalogue_vocabulary, find_product, products_by_id

WAYFARER, JACKSHIRT, ZOE, GOBI, SAHARA = 151, 24, 115, 25, 127


@pytest.mark.parametrize(
    ("mention", "product_id"),
    [
        ("Sahara Leggings", SAHARA),
        ("is the wayfarer bag waterproof?", WAYFARER),
        ("sahara leggins", SAHARA),  # a typo
        ("proteus jackshirt", JACKSHIRT),
        ("gobi heattec tee", GOBI),  # "HeatTec&reg;" in the catalogue
        ("the leggings", None),  # two products: ask
        ("is the fabric breathable?", None),  # no name at all
        ("", None),
        ("'; DROP TABLE products; --", None),
    ],
)
def test_products_are_found_by_their_distinctive_words(
    shop: Engine, mention: str, product_id: int | None
) -> None:
    with Session(shop) as session:
        found = find_product(session, mention)
    assert (found.product_id if found else None) == product_id


def test_a_generic_mention_picks_the_one_fitting_product_just_shown(shop: Engine) -> None:
    with Session(shop) as session:
        assert find_product(session, "is it waterproof?", among=[WAYFARER]).product_id == WAYFARER  # type: ignore[union-attr]
        assert find_product(session, "is it waterproof?", among=[WAYFARER, ZOE]) is None
        assert find_product(session, "the tank", among=[WAYFARER, ZOE]).product_id == ZOE  # type: ignore[union-attr]
        assert find_product(session, "the jacket", among=[WAYFARER]) is None


def test_product_data_is_readable(shop: Engine) -> None:
    with Session(shop) as session:
        gobi = products_by_id(session, [GOBI, 999_999])
        categories, colors = catalogue_vocabulary(session)
    assert list(gobi) == [GOBI] and gobi[GOBI].name == "Gobi HeatTec® Tee"
    assert "Men/Tops/Tees" in categories and "Black" in colors


def test_answers_quote_the_relevant_sentence_and_check_options(shop: Engine) -> None:
    with Session(shop) as session:
        zoe = products_by_id(session, [ZOE])[ZOE]
        colors = catalogue_vocabulary(session)[1]
    answer = answer_about(zoe, "in M and lavender?", size="M", color="lavender", palette=colors)
    assert answer.has_size is True and answer.size == "M"
    assert answer.color == "Lavender" and answer.has_color is ("Lavender" in zoe.colors)
    odd = answer_about(zoe, "in chartreuse?", size="XXXL", color="chartreuse")
    assert (odd.size, odd.has_size, odd.color, odd.has_color) == (None, None, "Chartreuse", False)
    assert relevant_snippet("One. Two about laptops. Three.", "fits a laptop?") == (
        "Two about laptops."
    )
    assert relevant_snippet("One. Two.", "nothing in common") == "One."
    assert relevant_snippet("", "anything") == ""
    assert len(relevant_snippet("word " * 500, "word")) <= 242
