"""Import transactions in the UCI Online Retail format into the customer database.

Columns: ``InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country``
(plain or gzipped CSV). Each invoice becomes an order; invoices whose number starts with ``C``
are cancellations and become ``credit_note`` orders with negative lines; rows without a
CustomerID are guest purchases (orders without a customer). Rows that cannot be stored are
counted by reason in the report, never dropped silently. Memory stays bounded: rows are
streamed and written every ``batch_size`` invoices. Reading and checking the file is
:mod:`icrm_models.importers.online_retail_file`; this module turns its invoices into rows.
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, func, select, update

from icrm_models.db.migrate import upgrade
from icrm_models.db.schema import Customer, Order, OrderItem, Product
from icrm_models.db.sequences import sync_id_sequences
from icrm_models.db.statuses import OrderStatus
from icrm_models.features.cleaning import NON_MERCHANDISE
from icrm_models.importers.import_report import ImportReport
from icrm_models.importers.online_retail_file import (
    REQUIRED_COLUMNS,
    ImportFormatError,
    RetailRow,
    check_encoding,
    invoices,
    open_text,
)
from icrm_models.seed.writer import write_rows

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
    check_encoding(path, encoding)
    with open_text(path, encoding) as fh:
        reader = csv.DictReader(fh)
        missing = [c for c in REQUIRED_COLUMNS if c not in (reader.fieldnames or [])]
        if missing:
            raise ImportFormatError(
                f"{path} is not in the Online Retail format: missing columns {missing}"
            )
        batch: dict[str, list[dict[str, Any]]] = {}
        pending = 0
        for invoice, rows in invoices(reader, report):
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
    rows: list[RetailRow],
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
            "status": OrderStatus.CREDIT_NOTE if credit else OrderStatus.DELIVERED,
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
    rows: list[RetailRow],
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
