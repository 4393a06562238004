"""Build data/catalog/ from the Magento Luma sample data in ../shared/data/magento_luma.

Run once by a maintainer (the output is committed): a user outside this repository has no
../shared, so the demo ships this small, licensed subset (OSL-3.0 / AFL-3.0, licences copied).

    .venv/bin/python scripts/build_luma_subset.py [SOURCE_DIR]
"""

from __future__ import annotations

import csv
import html
import re
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_SOURCE = ROOT.parent / "shared" / "data" / "magento_luma"
OUT = ROOT / "data" / "catalog"
SHOPS = ("Men", "Women", "Gear", "Training")
FIELDS = [
    "sku",
    "name",
    "category",
    "price",
    "sizes",
    "colors",
    "image",
    "description",
    "attributes",
]


def plain_text(markup: str) -> str:
    """HTML description to one line of plain text."""
    text = re.sub(r"<\s*(li|p|br)[^>]*>", " ", markup, flags=re.I)
    text = re.sub(r"<[^>]+>", " ", text)
    return re.sub(r"\s+", " ", html.unescape(text)).strip()


def main_category(paths: str) -> str:
    """The deepest category under a top-level shop, without 'Default Category/'."""
    best = ""
    for path in paths.replace("\n", "/").split(","):
        path = path.removeprefix("Default Category/").strip()
        if path.split("/")[0] in SHOPS and path.count("/") >= best.count("/"):
            best = path
    return best


def configurable(source: Path) -> list[dict[str, str]]:
    rows = list(csv.DictReader((source / "ConfigurableSampleData__products.csv").open()))
    out = []
    for row in rows:
        if row["product_type"] != "configurable":
            continue
        sizes: list[str] = []
        colors: list[str] = []
        for variant in row["configurable_variations"].split("|"):
            parts = dict(p.split("=", 1) for p in variant.split(",") if "=" in p)
            if parts.get("size") and parts["size"] not in sizes:
                sizes.append(parts["size"])
            if parts.get("color") and parts["color"] not in colors:
                colors.append(parts["color"])
        attrs = dict(p.split("=", 1) for p in row["additional_attributes"].split(",") if "=" in p)
        keep = {k: v for k, v in attrs.items() if k not in ("has_options", "required_options")}
        out.append(
            {
                "sku": row["sku"],
                "name": row["name"],
                "category": main_category(row["categories"]),
                "price": row["price"],
                "sizes": "|".join(sizes),
                "colors": "|".join(colors),
                "image": row["base_image"],
                "description": plain_text(row["description"]),
                "attributes": ";".join(f"{k}={v}" for k, v in sorted(keep.items())),
            }
        )
    return out


def simple_images(source: Path) -> dict[str, str]:
    """The first photo of each simple or downloadable product (Luma lists them apart)."""
    images: dict[str, str] = {}
    for path in sorted(source.glob("*SampleData__*images_*.csv")):
        for row in csv.DictReader(path.open()):
            images.setdefault(row["sku"], row["image"])
    return images


def simple(source: Path) -> list[dict[str, str]]:
    out = []
    images = simple_images(source)
    files = sorted(source.glob("CatalogSampleData__SimpleProduct__products_*.csv"))
    files.append(source / "DownloadableSampleData__products_training_video_download.csv")
    skip = {
        "category",
        "name",
        "sku",
        "price",
        "qty",
        "description",
        "attribute_set",
        "special_price",
        "links_title",
        "samples_title",
        "links_purchased_separately",
    }
    for path in files:
        for row in csv.DictReader(path.open()):
            attrs = {
                k: re.sub(r"\s*[,\n]\s*", "|", v.strip())
                for k, v in row.items()
                if k not in skip and v and not k.startswith(("link", "short_", "sample", "meta_"))
            }
            out.append(
                {
                    "sku": row["sku"],
                    "name": row["name"],
                    "category": "/".join(row["category"].split("\n")[:2]),
                    "price": row["price"],
                    "sizes": "",
                    "colors": "",
                    "image": images.get(row["sku"], ""),
                    "description": plain_text(row["description"]),
                    "attributes": ";".join(f"{k}={v}" for k, v in sorted(attrs.items())),
                }
            )
    return out


def links(source: Path, skus: set[str]) -> list[dict[str, str]]:
    out = []
    for kind in ("related", "crosssell", "upsell"):
        for path in sorted(source.glob(f"*Links__{kind}.csv")):
            for row in csv.DictReader(path.open()):
                for linked in row["linked_sku"].split("\n"):
                    linked = linked.strip()
                    if row["sku"] in skus and linked in skus:
                        out.append({"sku": row["sku"], "linked_sku": linked, "kind": kind})
    return out


def main() -> None:
    source = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_SOURCE
    products = configurable(source) + simple(source)
    seen: set[str] = set()
    products = [p for p in products if not (p["sku"] in seen or seen.add(p["sku"]))]  # type: ignore[func-returns-value]
    OUT.mkdir(parents=True, exist_ok=True)
    with (OUT / "luma_products.csv").open("w", newline="") as fh:
        writer = csv.DictWriter(fh, FIELDS)
        writer.writeheader()
        writer.writerows(products)
    link_rows = links(source, seen)
    with (OUT / "luma_links.csv").open("w", newline="") as fh:
        writer = csv.DictWriter(fh, ["sku", "linked_sku", "kind"])
        writer.writeheader()
        writer.writerows(link_rows)
    for licence in ("LICENSE_OSL-3.0.txt", "LICENSE_AFL-3.0.txt"):
        shutil.copy(source / licence, OUT / licence)
    print(f"{len(products)} products, {len(link_rows)} links -> {OUT}")


if __name__ == "__main__":
    main()
