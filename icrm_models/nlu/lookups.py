"""Lookup tables of product names, product kinds, categories and colours, from the shop database.

The NLU pipeline's RegexFeaturizer marks words found in these tables, which helps DIET tag
``product``, ``category`` and ``color`` in messages. They are generated from the catalogue
(``icrm bot lookups``), never typed by hand, so a shop's own catalogue gives its own tables.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import yaml
from sqlalchemy import select
from sqlalchemy.orm import Session

from icrm_models.db.schema import Product

LOOKUP_FILE = "lookups.yml"
_TRADEMARKS = re.compile(r"[®™©]")
_SPACES = re.compile(r"\s+")


def _clean(text: str) -> str:
    return _SPACES.sub(" ", _TRADEMARKS.sub("", html.unescape(text))).strip()


def _singular(word: str) -> str:
    if word.endswith("ies"):
        return word[:-3] + "y"
    if word.endswith(("ches", "shes", "sses")):
        return word[:-2]
    return word[:-1] if word.endswith("s") and not word.endswith("ss") else word


def lookup_tables(session: Session) -> dict[str, list[str]]:
    """``{"product": [...], "category": [...], "color": [...]}`` for the active catalogue."""
    rows = session.execute(
        select(Product.name, Product.category, Product.colors).where(Product.is_active)
    ).all()
    if not rows:
        raise ValueError("the catalogue is empty: seed or import products first (icrm seed)")
    products: set[str] = set()
    categories: set[str] = set()
    colors: set[str] = set()
    for name, category, product_colors in rows:
        clean = _clean(name)
        products.add(clean.lower())
        # The product kind is the last word of a Luma-style name: "Chaz Kangeroo Hoodie".
        kind = next((w for w in reversed(clean.split()) if w.isalpha()), None)
        if kind:
            products.add(kind.lower())
        for part in str(category).split("/"):
            for piece in re.split(r"\s*&\s*|\s+and\s+", _clean(part)):
                if piece:
                    categories.add(piece.lower())
                    categories.add(_singular(piece.lower()))
        colors.update(str(c).lower() for c in product_colors or [] if c)
    products -= categories
    return {
        "product": sorted(p for p in products if len(p) > 2),
        "category": sorted(c for c in categories if len(c) > 2),
        "color": sorted(colors),
    }


def lookups_yaml(tables: dict[str, list[str]]) -> str:
    """Rasa NLU training data holding the lookup tables."""
    body = {
        "version": "3.1",
        "nlu": [
            {"lookup": name, "examples": "".join(f"- {value}\n" for value in values)}
            for name, values in tables.items()
        ],
    }
    header = "# Generated from the shop's catalogue by `icrm bot lookups`: do not edit by hand.\n"
    return header + yaml.safe_dump(body, sort_keys=False, allow_unicode=True, width=100)


def write_lookups(bot_dir: Path, tables: dict[str, list[str]]) -> Path:
    """Write the tables to ``bot/data/nlu/lookups.yml``."""
    target = bot_dir / "data" / "nlu" / LOOKUP_FILE
    target.write_text(lookups_yaml(tables), encoding="utf-8")
    return target
