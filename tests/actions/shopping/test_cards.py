from decimal import Decimal

from rasa_sdk.executor import CollectingDispatcher

from actions.shopping.cards import accept_payload, utter_offers
from actions.shopping.messages import YES_HINT
from icrm_models.offers.records import ShownOffer
from icrm_models.search.products import ProductInfo
from tests.helpers.shopping import BAG
from tests.helpers.trackers import build_tracker

HOODIE = ProductInfo(
    product_id=1,
    sku="MH01",
    name="Chaz Kangeroo Hoodie",
    category="Men/Tops/Hoodies & Sweatshirts",
    price=Decimal("52.00"),
    stock=10,
    image_url="/static/products/m/h/mh01-gray_main.jpg",
)


def test_the_button_payload_is_what_rasa_parses_as_intent_and_entity() -> None:
    assert accept_payload(17) == '/accept_offer{"offer_id":"17"}'


OFFERS = [
    ShownOffer(17, HOODIE, "often bought with Zoe Tank", Decimal("10.00"), "v1"),
    ShownOffer(18, BAG, "popular right now", None, "v1"),
]


def test_channels_without_cards_get_the_offers_as_text() -> None:
    dispatcher = CollectingDispatcher()
    utter_offers(dispatcher, build_tracker("deals?", "ask_recommendation"), "I picked:", OFFERS)
    assert [m["text"] for m in dispatcher.messages] == [
        "I picked:\n"
        "1. Chaz Kangeroo Hoodie — €46.80 instead of €52.00 (often bought with Zoe Tank)\n"
        "2. Wayfarer Messenger Bag — €45.00 (popular right now)\n" + YES_HINT
    ]
    assert dispatcher.messages[0]["custom"] == {}


def test_the_widget_gets_an_intro_and_the_cards() -> None:
    dispatcher = CollectingDispatcher()
    tracker = build_tracker("deals?", "ask_recommendation")
    tracker.events[-1]["metadata"]["supports_cards"] = True  # the newest user message's
    utter_offers(dispatcher, tracker, "I picked:", OFFERS)
    text, custom = dispatcher.messages
    assert text["text"] == "I picked:\n" + YES_HINT
    assert custom["custom"]["data"] == {
        "type": "product_cards",
        "cards": [
            {
                "offer_id": "17",
                "sku": "MH01",
                "name": "Chaz Kangeroo Hoodie",
                "price": "52.00",
                "currency": "EUR",
                "image_url": "/static/products/m/h/mh01-gray_main.jpg",
                "reason": "often bought with Zoe Tank",
                "discount_pct": 10,
                "buttons": [
                    {"title": "Add to basket", "payload": '/accept_offer{"offer_id":"17"}'}
                ],
            },
            {
                "offer_id": "18",
                "sku": "24-MB05",
                "name": "Wayfarer Messenger Bag",
                "price": "45.00",
                "currency": "EUR",
                "image_url": None,
                "reason": "popular right now",
                "discount_pct": None,
                "buttons": [
                    {"title": "Add to basket", "payload": '/accept_offer{"offer_id":"18"}'}
                ],
            },
        ],
    }
