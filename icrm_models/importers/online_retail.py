"""Import transactions in the UCI Online Retail format into the customer database.

Columns: ``InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country``
(plain or gzipped CSV). Each invoice becomes an order; invoices whose number starts with ``C``
are cancellations and become ``credit_note`` orders with negative lines; rows without a
CustomerID are guest purchases (orders without a customer). Rows that cannot be stored are
counted by reason in the report, never dropped silently. Memory stays bounded: rows are
streamed and written every ``batch_size`` invoices.
"""

from __future__ import annotations

import csv
import gzip
import io
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, TextIO

from sqlalchemy import Engine, func, select, update

from icrm_models.db.migrate import upgrade
from icrm_models.db.schema import Customer, Order, OrderItem, Product
from icrm_models.db.sequences import sync_id_sequences
from icrm_models.features.cleaning import NON_MERCHANDISE
from icrm_models.seed.writer import write_rows

REQUIRED_COLUMNS = (
    "InvoiceNo",
    "StockCode",
    "Description",
    "Quantity",
    "InvoiceDate",
    "UnitPrice",
    "CustomerID",
    "Country",
)
CATEGORY = "Online Retail"
# Stock codes that are not goods: postage (POST, DOT, C2 carriage), manual lines (M), discounts
# (D), samples (S), fees and commissions, bad-debt adjustments (B), gift vouchers.
NON_MERCHANDISE_CODES = frozenset(
    {"POST", "DOT", "C2", "M", "D", "S", "B", "AMAZONFEE", "BANK CHARGES", "CRUK"}
)
NON_MERCHANDISE_PREFIXES = ("GIFT_0001",)


def is_merchandise(sku: str) -> bool:
    """False for the file's service codes (postage, fees, adjustments, vouchers)."""
    code = sku.strip().upper()
    return code not in NON_MERCHANDISE_CODES and not code.startswith(NON_MERCHANDISE_PREFIXES)


@dataclass
class ImportReport:
    """What an import did: rows read, rows stored, and every rejected row counted by reason."""

    rows_read: int = 0
    rows_imported: int = 0
    orders: int = 0
    credit_notes: int = 0
    guest_rows: int = 0
    non_merchandise_rows: int = 0
    customers_created: int = 0
    products_created: int = 0
    rejected: Counter[str] = field(default_factory=Counter)
    duplicate_rows: int = 0
    already_imported: int = 0

    @property
    def rows_rejected(self) -> int:
        return sum(self.rejected.values())

    def summary(self) -> list[tuple[str, int]]:
        """The report as (label, count) lines, rejected reasons last."""
        lines = [
            ("rows read", self.rows_read),
            ("rows imported", self.rows_imported),
            ("rows skipped: invoice already in the database", self.already_imported),
            ("  of which guest rows (no CustomerID)", self.guest_rows),
            (
                "  of which postage, fees and adjustments (kept, not counted as purchases)",
                self.non_merchandise_rows,
            ),
            ("  of which exact duplicates of an earlier row (kept)", self.duplicate_rows),
            ("orders", self.orders),
            ("credit notes (C invoices)", self.credit_notes),
            ("customers created", self.customers_created),
            ("products created", self.products_created),
            ("rows rejected", self.rows_rejected),
        ]
        lines += [(f"  rejected: {reason}", n) for reason, n in sorted(self.rejected.items())]
        return lines


class ImportFormatError(ValueError):
    """The file is not in the Online Retail format."""


@dataclass(frozen=True)
class _Row:
    invoice: str
    sku: str
    description: str
    quantity: int
    at: datetime
    price: Decimal
    customer: str | None
    country: str


def _open(path: Path, encoding: str) -> TextIO:
    if not path.exists():
        raise FileNotFoundError(f"no such file: {path}")
    if path.suffix == ".gz":
        return io.TextIOWrapper(gzip.open(path, "rb"), encoding=encoding, newline="")
    return path.open(encoding=encoding, newline="")


def _check_encoding(path: Path, encoding: str) -> None:
    """Read the whole file once before importing, so a wrong encoding imports nothing."""
    line = 0
    try:
        with _open(path, encoding) as fh:
            for line, _ in enumerate(fh, start=1):  # noqa: B007 - read after the loop
                pass
    except UnicodeDecodeError as exc:
        raise ImportFormatError(
            f"{path} is not {encoding} text (after line {line}); try --encoding latin-1"
        ) from exc
    except LookupError as exc:
        raise ImportFormatError(f"unknown encoding {encoding!r}") from exc


# ISO as in the UCI CSV, then the US format of the widespread Excel export ("12/1/2010 8:26").
DATE_FORMATS = ("%m/%d/%Y %H:%M", "%m/%d/%Y %H:%M:%S", "%d.%m.%Y %H:%M")
MAX_PRICE = Decimal("9999999999.99")  # what Numeric(12, 2) holds
MAX_QUANTITY = 2**31 - 1
LIMITS = {"InvoiceNo": 64, "StockCode": 64, "Description": 255, "CustomerID": 64, "Country": 80}


def _parse_date(text: str) -> datetime:
    """A timestamp in UTC; a date with an offset is converted, one without is taken as UTC."""
    text = text.strip()
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        for fmt in DATE_FORMATS:
            try:
                parsed = datetime.strptime(text, fmt)
                break
            except ValueError:
                continue
        else:
            raise
    return parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed.astimezone(UTC)


def _parse(raw: dict[str, str]) -> _Row | str:
    """A valid row, or the reason it is rejected."""
    invoice = (raw.get("InvoiceNo") or "").strip()
    sku = (raw.get("StockCode") or "").strip()
    if not invoice:
        return "missing InvoiceNo"
    if not sku:
        return "missing StockCode"
    for column, limit in LIMITS.items():
        if len(raw.get(column) or "") > limit:
            return f"{column} longer than {limit} characters"
    try:
        quantity = int(raw["Quantity"])
    except (TypeError, ValueError):
        return "Quantity is not an integer"
    if abs(quantity) > MAX_QUANTITY:
        return "Quantity out of range"
    try:
        price = Decimal(raw["UnitPrice"])
    except (TypeError, InvalidOperation):
        return "UnitPrice is not a number"
    if not price.is_finite() or abs(price) > MAX_PRICE:
        return "UnitPrice is not a finite amount"
    try:
        at = _parse_date(raw["InvoiceDate"])
    except (TypeError, ValueError, AttributeError):
        return "InvoiceDate is not a date"
    credit = invoice.upper().startswith("C")
    if quantity == 0:
        return "zero quantity"
    if not credit and quantity < 0:
        return "negative quantity on a sales invoice (stock adjustment)"
    if credit and quantity > 0:
        return "positive quantity on a credit note"
    if price < 0:
        return "negative unit price (bad-debt adjustment)"
    if price == 0 and not credit:
        return "zero unit price on a sales invoice"
    customer = (raw.get("CustomerID") or "").strip()
    if customer.endswith(".0"):
        customer = customer[:-2]
    return _Row(
        invoice,
        sku,
        (raw.get("Description") or "").strip(),
        quantity,
        at,
        price,
        customer or None,
        (raw.get("Country") or "").strip(),
    )


def _invoices(
    reader: Iterator[dict[str, str]], report: ImportReport
) -> Iterator[tuple[str, list[_Row]]]:
    """Valid rows grouped by invoice (the file keeps each invoice's rows together)."""
    current: str | None = None
    rows: list[_Row] = []
    seen_in_invoice: set[tuple[str, ...]] = set()
    for raw in reader:
        report.rows_read += 1
        parsed = _parse(raw)
        if isinstance(parsed, str):
            report.rejected[parsed] += 1
            continue
        if parsed.invoice != current:
            if rows and current is not None:
                yield current, rows
            current, rows, seen_in_invoice = parsed.invoice, [], set()
        key = tuple(str(v) for v in raw.values())
        if key in seen_in_invoice:
            report.duplicate_rows += 1
        seen_in_invoice.add(key)
        rows.append(parsed)
    if rows and current is not None:
        yield current, rows


class _Ids:
    """Next free ids and the lookups of what already exists, read once from the database."""

    def __init__(self, engine: Engine) -> None:
        with engine.connect() as conn:
            self.order = (conn.execute(select(func.max(Order.id))).scalar() or 10000) + 1
            self.item = (conn.execute(select(func.max(OrderItem.id))).scalar() or 0) + 1
            self.customer = (conn.execute(select(func.max(Customer.id))).scalar() or 0) + 1
            self.product = (conn.execute(select(func.max(Product.id))).scalar() or 0) + 1
            # Invoices imported in this run, by order id: the file sometimes continues an
            # invoice further down, and those rows join the same order.
            self.this_run: dict[str, int] = {}
            self.invoices = set(
                conn.execute(
                    select(Order.external_ref).where(Order.external_ref.is_not(None))
                ).scalars()
            )
            self.products: dict[str, int] = {
                sku: pid for sku, pid in conn.execute(select(Product.sku, Product.id)).all()
            }
            self.customers = {
                ref: cid
                for ref, cid in conn.execute(
                    select(Customer.external_ref, Customer.id).where(
                        Customer.source == "online_retail"
                    )
                ).all()
                if ref is not None
            }


def import_online_retail(
    engine: Engine,
    path: Path,
    *,
    batch_size: int = 2000,
    encoding: str = "utf-8",
    on_progress: Callable[[int], None] | None = None,
) -> ImportReport:
    """Import ``path`` into the database behind ``engine`` (migrated first).

    A file that is not in ``encoding`` stops with a clear error naming the line to look at
    (the widespread Excel export of this data set is ``latin-1``).
    """
    upgrade(engine)
    report = ImportReport()
    ids = _Ids(engine)
    _check_encoding(path, encoding)
    with _open(path, encoding) as fh:
        reader = csv.DictReader(fh)
        missing = [c for c in REQUIRED_COLUMNS if c not in (reader.fieldnames or [])]
        if missing:
            raise ImportFormatError(
                f"{path} is not in the Online Retail format: missing columns {missing}"
            )
        batch: dict[str, list[dict[str, Any]]] = {}
        pending = 0
        for invoice, rows in _invoices(reader, report):
            _add_invoice(invoice, rows, ids, batch, report)
            pending += 1
            if pending >= batch_size:
                _flush(engine, batch, on_progress, report)
                batch, pending = {}, 0
        _flush(engine, batch, on_progress, report)
    sync_id_sequences(engine)
    return report


def _add_invoice(
    invoice: str,
    rows: list[_Row],
    ids: _Ids,
    batch: dict[str, list[dict[str, Any]]],
    report: ImportReport,
) -> None:
    first = rows[0]
    if invoice in ids.this_run:
        _add_lines(ids.this_run[invoice], rows, ids, batch, report)
        return
    if invoice in ids.invoices:
        report.already_imported += len(rows)
        return
    ids.invoices.add(invoice)
    customer_id = None
    if first.customer is not None:
        customer_id = ids.customers.get(first.customer)
        if customer_id is None:
            customer_id = ids.customers[first.customer] = ids.customer
            ids.customer += 1
            report.customers_created += 1
            batch.setdefault("customers", []).append(
                {
                    "id": customer_id,
                    "email": f"customer-{first.customer}@online-retail.invalid",
                    "name": f"Customer {first.customer}",
                    "account_type": "business",
                    "country": first.country,
                    "city": None,
                    "address": None,
                    "created_at": first.at,
                    "marketing_consent": False,
                    "newsletter_consent": False,
                    "external_ref": first.customer,
                    "source": "online_retail",
                    "deleted_at": None,
                }
            )
    credit = invoice.upper().startswith("C")
    order_id = ids.this_run[invoice] = ids.order
    ids.order += 1
    batch.setdefault("orders", []).append(
        {
            "id": order_id,
            "customer_id": customer_id,
            "status": "credit_note" if credit else "delivered",
            "placed_at": first.at,
            "total": Decimal(0),
            "currency": "GBP",
            "shipping_address": first.country,
            "cancelled_at": first.at if credit else None,
            "external_ref": invoice,
        }
    )
    _add_lines(order_id, rows, ids, batch, report)
    if credit:
        report.credit_notes += 1
    else:
        report.orders += 1


def _add_lines(
    order_id: int,
    rows: list[_Row],
    ids: _Ids,
    batch: dict[str, list[dict[str, Any]]],
    report: ImportReport,
) -> None:
    total = Decimal(0)
    for row in rows:
        product_id = ids.products.get(row.sku)
        goods = is_merchandise(row.sku)
        if product_id is None:
            product_id = ids.products[row.sku] = ids.product
            ids.product += 1
            report.products_created += 1
            batch.setdefault("products", []).append(
                {
                    "id": product_id,
                    "sku": row.sku,
                    "name": row.description or row.sku,
                    "description": row.description,
                    "category": CATEGORY if goods else NON_MERCHANDISE,
                    "price": row.price,
                    "stock": 0,
                    "sizes": [],
                    "colors": [],
                    "image_url": None,
                    "attributes": {"source": "online_retail"},
                    "is_active": goods,  # never offered
                }
            )
        total += row.price * row.quantity
        batch.setdefault("order_items", []).append(
            {
                "id": ids.item,
                "order_id": order_id,
                "product_id": product_id,
                "quantity": row.quantity,
                "unit_price": row.price,
                "size": None,
                "color": None,
            }
        )
        ids.item += 1
        report.rows_imported += 1
        if row.customer is None:
            report.guest_rows += 1
        if not goods:
            report.non_merchandise_rows += 1
    pending = next((o for o in batch.get("orders", []) if o["id"] == order_id), None)
    if pending is not None:
        pending["total"] += total
    else:  # the order was written in an earlier batch
        batch.setdefault("_order_totals", []).append({"id": order_id, "add": total})


def _flush(
    engine: Engine,
    batch: dict[str, list[dict[str, Any]]],
    on_progress: Callable[[int], None] | None,
    report: ImportReport,
) -> None:
    if not batch:
        return
    late_totals = batch.pop("_order_totals", [])
    with engine.begin() as conn:
        write_rows(conn, batch)
        for change in late_totals:
            conn.execute(
                update(Order)
                .where(Order.id == change["id"])
                .values(total=Order.total + change["add"])
            )
    if on_progress:
        on_progress(report.rows_read)
