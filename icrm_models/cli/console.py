"""Progress bars and tables for long-running commands."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table

console = Console(stderr=False)


def progress_bar() -> Progress:
    """A progress bar with counts and the time left."""
    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=console,
        transient=False,
    )


def print_table(
    title: str, rows: Iterable[tuple[str, object]], headers: tuple[str, str] = ("what", "count")
) -> None:
    """A two-column table."""
    table = Table(title=title)
    table.add_column(headers[0])
    table.add_column(headers[1], justify="right")
    for label, value in rows:
        table.add_row(label, f"{value:,}" if isinstance(value, int) else str(value))
    console.print(table)


def print_rows(title: str, headers: tuple[str, ...], rows: Iterable[tuple[str, ...]]) -> None:
    """A table with any number of columns; all but the first right-aligned."""
    table = Table(title=title)
    for i, header in enumerate(headers):
        table.add_column(header, justify="left" if i == 0 else "right")
    for row in rows:
        table.add_row(*row)
    console.print(table)


def print_propensity(title: str, results: dict[str, dict[str, float]]) -> None:
    """Propensity models side by side: ROC-AUC, PR-AUC, Brier."""
    print_rows(
        title,
        ("model", "ROC-AUC", "PR-AUC", "Brier"),
        [
            (name, f"{m['roc_auc']:.3f}", f"{m['pr_auc']:.3f}", f"{m['brier']:.3f}")
            for name, m in results.items()
        ],
    )


def print_segments(segments: dict[str, Any]) -> None:
    """Segment sizes under the method and silhouette that produced them."""
    print_rows(
        f"segments ({segments['method']}, silhouette {segments['silhouette']:.3f})",
        ("segment", "customers"),
        [(n, f"{c:,}") for n, c in segments["sizes"].items()],
    )
