"""Copy the product photos the demo catalogue uses into web/static/products/ (served there).

Run once by a maintainer after ``scripts/build_luma_subset.py`` (the output is committed): the
240-px thumbnails in ../shared/data/magento_luma/images/ keep Magento's paths, which are the
catalogue's ``image`` column, so ``/static/products/m/h/mh01-gray_main.jpg`` is what a product
card's ``image_url`` points at. Only the catalogue's own photos are shipped, not all 725.

    .venv/bin/python scripts/ship_luma_images.py [IMAGES_DIR]
"""

from __future__ import annotations

import csv
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_SOURCE = ROOT.parent / "shared" / "data" / "magento_luma" / "images"
CATALOGUE = ROOT / "data" / "catalog" / "luma_products.csv"
OUT = ROOT / "web" / "static" / "products"


def catalogue_images(catalogue: Path = CATALOGUE) -> list[str]:
    """The distinct ``image`` paths of the catalogue (e.g. ``/m/h/mh01-gray_main.jpg``)."""
    with catalogue.open(newline="") as fh:
        return sorted({row["image"] for row in csv.DictReader(fh) if row["image"]})


def main() -> None:
    source = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_SOURCE
    images = catalogue_images()
    missing = [image for image in images if not (source / image.lstrip("/")).is_file()]
    if missing:
        raise SystemExit(f"{len(missing)} catalogue photos missing in {source}: {missing[:5]}")
    for image in images:
        target = OUT / image.lstrip("/")
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source / image.lstrip("/"), target)
    print(f"{len(images)} photos -> {OUT}")


if __name__ == "__main__":
    main()
