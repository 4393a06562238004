"""Reading a file in the UCI Online Retail format: one valid row at a time, grouped by invoice.

Columns: ``InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country``
(plain or gzipped CSV). A row that cannot be stored is not returned but its reason counted in the
:class:`icrm_models.importers.import_report.ImportReport`, never dropped silently.
"""

from __future__ import annotations

import gzip
import io
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import TextIO

from icrm_models.importers.import_report import ImportReport

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


class ImportFormatError(ValueError):
    """The file is not in the Online Retail format."""


@dataclass(frozen=True)
class RetailRow:
    """One valid line of an invoice (price a ``Decimal``, time in UTC, no customer: a guest)."""

    invoice: str
    sku: str
    description: str
    quantity: int
    at: datetime
    price: Decimal
    customer: str | None
    country: str


def open_text(path: Path, encoding: str) -> TextIO:
    """``path`` as text in ``encoding``, unpacked on the fly when it ends in ``.gz``."""
    if not path.exists():
        raise FileNotFoundError(f"no such file: {path}")
    if path.suffix == ".gz":
        return io.TextIOWrapper(gzip.open(path, "rb"), encoding=encoding, newline="")
    return path.open(encoding=encoding, newline="")


def check_encoding(path: Path, encoding: str) -> None:
    """Read the whole file once before importing, so a wrong encoding imports nothing."""
    line = 0
    try:
        with open_text(path, encoding) as fh:
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


def parse_row(raw: dict[str, str]) -> RetailRow | str:
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
    return RetailRow(
        invoice,
        sku,
        (raw.get("Description") or "").strip(),
        quantity,
        at,
        price,
        customer or None,
        (raw.get("Country") or "").strip(),
    )


def invoices(
    reader: Iterator[dict[str, str]], report: ImportReport
) -> Iterator[tuple[str, list[RetailRow]]]:
    """Valid rows grouped by invoice (the file keeps each invoice's rows together)."""
    current: str | None = None
    rows: list[RetailRow] = []
    seen_in_invoice: set[tuple[str, ...]] = set()
    for raw in reader:
        report.rows_read += 1
        parsed = parse_row(raw)
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
