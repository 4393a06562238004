"""Products as the chat shows them, and finding the one a customer means by name.

Customers name products loosely ("the wayfarer bag", "sahara leggins", "this hoodie"). A name
is recognised by its distinctive words (ones few product names share, typos forgiven); a
generic mention ("the jacket", "it") counts only when it picks out exactly one of the products
just shown in the conversation. Otherwise the assistant asks which product is meant.
"""

from __future__ import annotations

import difflib
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS
from sqlalchemy import select
from sqlalchemy.orm import Session

from icrm_models.db.schema import Product
from icrm_models.search.text import display_name, stem, words

DISTINCTIVE_DF = 2  # a word in at most this many product names identifies a product


@dataclass(frozen=True)
class ProductInfo:
    """What the chat says about a product."""

    product_id: int
    sku: str
    name: str  # for display (HTML entities decoded)
    category: str
    price: Decimal
    stock: int
    sizes: list[str] = field(default_factory=list)
    colors: list[str] = field(default_factory=list)
    image_url: str | None = None
    description: str = ""
    attributes: dict[str, Any] = field(default_factory=dict)
    is_active: bool = True

    @property
    def available(self) -> bool:
        return self.is_active and self.stock > 0


def _info(p: Product) -> ProductInfo:
    return ProductInfo(
        product_id=p.id,
        sku=p.sku,
        name=display_name(p.name),
        category=p.category,
        price=Decimal(p.price),
        stock=int(p.stock or 0),
        sizes=[str(s) for s in p.sizes or []],
        colors=[str(c) for c in p.colors or []],
        image_url=p.image_url,
        description=p.description or "",
        attributes=dict(p.attributes or {}),
        is_active=bool(p.is_active),
    )


def products_by_id(session: Session, ids: Iterable[int]) -> dict[int, ProductInfo]:
    """The products with these ids (missing ids are left out)."""
    wanted = sorted({int(i) for i in ids})
    if not wanted:
        return {}
    rows = session.execute(select(Product).where(Product.id.in_(wanted))).scalars()
    return {p.id: _info(p) for p in rows}


def catalogue_vocabulary(session: Session) -> tuple[list[str], list[str]]:
    """(category paths, colours) of the active catalogue, for reading filters."""
    rows = session.execute(select(Product.category, Product.colors).where(Product.is_active)).all()
    categories = sorted({str(c) for c, _ in rows})
    colors = sorted({str(c) for _, cs in rows for c in cs or []})
    return categories, colors


def _name_terms(name: str) -> set[str]:
    return {stem(w) for w in words(name) if w not in ENGLISH_STOP_WORDS}


def _mention_terms(mention: str, vocabulary: set[str]) -> set[str]:
    """Words of ``mention`` mapped onto name words, longer typos forgiven ("leggins")."""
    out = set()
    for word in words(mention[:500]):
        if word in ENGLISH_STOP_WORDS or len(word) < 2:
            continue
        term = stem(word)
        if term not in vocabulary and len(term) >= 5:
            close = difflib.get_close_matches(term, vocabulary, n=1, cutoff=0.86)
            term = close[0] if close else term
        out.add(term)
    return out


def find_product(
    session: Session, mention: object, *, among: Sequence[int] = ()
) -> ProductInfo | None:
    """The product ``mention`` names, or None when it names none or several.

    ``among`` holds the products just shown in the conversation (in the order shown): a
    generic mention picks one of them when exactly one fits.
    """
    text = str(mention or "")
    rows = list(
        session.execute(select(Product).order_by(Product.is_active.desc(), Product.id)).scalars()
    )
    terms = {p.id: _name_terms(p.name) for p in rows}
    # Variants share a name ("Sprite Stasis Ball 55 cm" in three colours): count names once.
    names = {display_name(p.name).lower(): terms[p.id] for p in rows}
    df = Counter(t for ts in names.values() for t in ts)
    said = _mention_terms(text, set(df))
    if said:
        scored = [
            (sum(1 / df[t] for t in said & terms[p.id]), p)
            for p in rows
            if any(df[t] <= DISTINCTIVE_DF for t in said & terms[p.id])
        ]
        if scored:
            best = max(score for score, _ in scored)
            top = [p for score, p in scored if score == best]
            if len({display_name(p.name).lower() for p in top}) == 1:
                return _info(top[0])  # same name in several variants: the first active one
    by_id = {p.id: p for p in rows}
    shown = [by_id[i] for i in dict.fromkeys(among) if i in by_id]
    fitting = [p for p in shown if said & terms[p.id]]
    if len(fitting) == 1:
        return _info(fitting[0])
    # "is it waterproof?" right after one product was shown: that product.
    if not fitting and len(shown) == 1 and not said & set(df):
        return _info(shown[0])
    return None
