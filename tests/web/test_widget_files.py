"""What the shop serves for the widget: /widget.js (one bundle), the page's one tag, and the
product photos the cards point at."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from sqlalchemy import select
from starlette.testclient import TestClient

from icrm_models.db.engine import make_engine
from icrm_models.db.schema import Product
from icrm_models.seed.config import SeedConfig
from icrm_models.seed.run import seed
from icrm_models.settings import Settings
from tests.helpers.shop import AS_OF
from web.server import STATIC, create_app, shop_page
from widget.bundle import WIDGET_SOURCES, WIDGET_STATIC, build_bundle, bundle_text

RASA = "http://127.0.0.1:5999"
PHOTOS = STATIC / "products"


@pytest.fixture(scope="module")
def shop(tmp_path_factory: pytest.TempPathFactory) -> tuple[TestClient, list[str]]:
    """The shop's app on a seeded database, and every product's image_url there."""
    data_dir = tmp_path_factory.mktemp("shop")
    settings = Settings(data_dir=data_dir, demo_login=False)
    engine = make_engine(settings.resolved_database_url)
    seed(engine, SeedConfig(customers=5, as_of=AS_OF))
    with engine.connect() as conn:
        urls = [url for url in conn.scalars(select(Product.image_url)) if url]
    engine.dispose()
    return TestClient(create_app(settings, rasa_url=RASA)), urls


def test_widget_js_is_one_script_with_the_socket_client_inside(
    shop: tuple[TestClient, list[str]],
) -> None:
    client, _ = shop
    response = client.get("/widget.js")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/javascript")
    body = response.text
    assert "Socket.IO v4.8.1" in body and "function icrmWidget(io, css)" in body
    assert body.rstrip().endswith("})();")  # one function scope: no global but IcrmWidget
    assert "var module = { exports: {} }, exports = module.exports;" in body
    assert "sourceMappingURL" not in body  # no map is shipped: no 404 for it
    assert "script-src 'self'" in response.headers["Content-Security-Policy"]


def test_widget_js_revalidates_with_its_etag(shop: tuple[TestClient, list[str]]) -> None:
    client, _ = shop
    first = client.get("/widget.js")
    assert first.headers["cache-control"] == "no-cache"
    again = client.get("/widget.js", headers={"If-None-Match": first.headers["etag"]})
    assert again.status_code == 304 and again.content == b""
    other = client.get("/widget.js", headers={"If-None-Match": '"something-else"'})
    assert other.status_code == 200 and other.text == first.text


def test_the_bundle_changes_with_the_widget(tmp_path: Path) -> None:
    socket_io = STATIC / "vendor" / "socket.io.min.js"
    for name in (*WIDGET_SOURCES, "widget.css"):
        (tmp_path / name).write_text((WIDGET_STATIC / name).read_text())
    before = build_bundle(socket_io, tmp_path)
    (tmp_path / "widget.css").write_text(".root { color: red; }")
    after = build_bundle(socket_io, tmp_path)
    assert before.etag != after.etag and '".root { color: red; }"' in after.text
    (tmp_path / "widget.js").write_text("console.log('no widget here');")
    with pytest.raises(ValueError, match="icrmWidget"):
        build_bundle(socket_io, tmp_path)


def test_the_css_travels_as_one_safe_string() -> None:
    css = 'a::after{content:"\\"}"}\n'
    text = bundle_text(socket_io_js="", widget_js="function icrmWidget(io, css) {}", widget_css=css)
    call = text.splitlines()[-2]
    assert call == "icrmWidget(module.exports, " + json.dumps(css) + ");"


def test_the_page_loads_the_widget_with_one_tag_and_no_chat_js(
    shop: tuple[TestClient, list[str]],
) -> None:
    client, _ = shop
    page = client.get("/").text
    tags = re.findall(r"<script\b[^>]*>", page)
    widget_tags = [tag for tag in tags if 'src="/widget.js"' in tag]
    assert len(widget_tags) == 1
    assert f'data-rasa-url="{RASA}"' in widget_tags[0]
    assert 'data-identity-url="/api/login"' in widget_tags[0]
    assert "defer" in widget_tags[0] and "{{" not in page
    assert "chat.js" not in page and "socket.io.min.js" not in page
    assert client.get("/static/chat.js").status_code == 404


def test_the_rasa_url_cannot_break_out_of_its_attribute() -> None:
    page = shop_page('https://chat.example/"><script>alert(1)</script>')
    assert "<script>alert(1)" not in page
    assert 'data-rasa-url="https://chat.example/&quot;&gt;&lt;script&gt;' in page


def test_the_widget_keeps_the_test_ids_of_the_old_chat_box() -> None:
    source = "\n".join((WIDGET_STATIC / name).read_text() for name in WIDGET_SOURCES)
    for test_id in ("messages", "message-input", "send", "product-cards", "chat-status"):
        assert f'"data-testid": "{test_id}"' in source
    assert 'attachShadow({ mode: "open" })' in source
    assert not re.search(r"\beval\(|new Function\(|innerHTML|setAttribute\(\s*[\"']on", source)


def test_every_product_photo_of_the_catalogue_is_served(
    shop: tuple[TestClient, list[str]],
) -> None:
    client, urls = shop
    assert len(urls) > 150  # the seeded catalogue's products with a photo (gear ones too)
    for url in sorted(set(urls)):
        response = client.get(url)
        assert response.status_code == 200, url
        assert response.headers["content-type"] == "image/jpeg"
        assert response.content[:3] == b"\xff\xd8\xff"  # a JPEG, not an error page


def test_only_the_catalogues_photos_are_shipped_with_their_attribution(
    shop: tuple[TestClient, list[str]],
) -> None:
    _, urls = shop
    shipped = {"/static/products/" + str(p.relative_to(PHOTOS)) for p in PHOTOS.rglob("*.jpg")}
    assert shipped == set(urls)
    attribution = (PHOTOS / "ATTRIBUTION.md").read_text()
    assert "magento/magento2-sample-data" in attribution and "OSL-3.0" in attribution
    for licence in ("LICENSE_OSL-3.0.txt", "LICENSE_AFL-3.0.txt"):
        assert (PHOTOS / licence).stat().st_size > 1000
