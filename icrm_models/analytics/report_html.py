"""The report page itself: one self-contained HTML file, plotly.js inlined, no network needed.

Only layout lives here: the figures come from :mod:`.report_charts`, the figures' numbers from
:mod:`.frames`, and :mod:`.report` puts them together. Every text that comes from the data
(intent, form and slot names, reasons) is HTML-escaped.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import pandas as pd
import plotly.graph_objects as go
import plotly.offline

CHART_CONFIG = {"displaylogo": False, "responsive": True, "modeBarButtonsToRemove": ["lasso2d"]}

Formatter = Callable[[Any], str]


def percent(value: Any) -> str:
    """0.123 → "12.3 %"; missing → "–"."""
    return "–" if value is None or pd.isna(value) else f"{100 * float(value):.1f} %"


def number(value: Any) -> str:
    """1234 → "1,234"; missing → "–"."""
    return "–" if value is None or pd.isna(value) else f"{float(value):,.0f}"


def decimal(value: Any) -> str:
    """0.8765 → "0.88"; missing → "–"."""
    return "–" if value is None or pd.isna(value) else f"{float(value):.2f}"


def duration(seconds: Any) -> str:
    """Seconds as "45 s", "3 min 20 s", "2 h 05 min"; missing → "–"."""
    if seconds is None or pd.isna(seconds):
        return "–"
    s = round(float(seconds))
    if s < 60:
        return f"{s} s"
    if s < 3600:
        return f"{s // 60} min {s % 60:02d} s"
    return f"{s // 3600} h {(s % 3600) // 60:02d} min"


@dataclass(frozen=True)
class Kpi:
    """A headline figure: its label, its value as shown, and its definition (hover, footnote)."""

    label: str
    value: str
    definition: str


@dataclass
class Section:
    """A part of the page: a title, what its figures mean, charts and tables."""

    anchor: str
    title: str
    definition: str
    blocks: list[str] = field(default_factory=list)  # rendered charts and tables, in order

    def chart(self, figure: go.Figure | None, empty: str) -> None:
        """Add ``figure``, or the sentence ``empty`` when there is nothing to draw."""
        if figure is None:
            self.blocks.append(f'<p class="empty">{html.escape(empty)}</p>')
            return
        self.blocks.append(
            '<div class="chart">'
            + figure.to_html(full_html=False, include_plotlyjs=False, config=CHART_CONFIG)
            + "</div>"
        )

    def table(
        self,
        frame: pd.DataFrame,
        formats: Mapping[str, Formatter] | None = None,
        caption: str | None = None,
    ) -> None:
        """Add ``frame`` as a table, its columns formatted by ``formats``."""
        if frame.empty:
            return
        self.blocks.append(table_html(frame, formats or {}, caption))


def table_html(frame: pd.DataFrame, formats: Mapping[str, Formatter], caption: str | None) -> str:
    """``frame`` as an escaped HTML table; number columns (and their headers) right-aligned."""
    numeric = {
        c for c in frame.columns if c in formats or pd.api.types.is_numeric_dtype(frame[c].dtype)
    }

    def css(column: str) -> str:
        return ' class="num"' if column in numeric else ""

    head = "".join(
        f"<th{css(c)}>{html.escape(str(c)).replace('_', ' ')}</th>" for c in frame.columns
    )
    body = []
    for row in frame.itertuples(index=False):
        cells = [
            f"<td{css(c)}>"
            + html.escape(formats[c](value) if c in formats else _plain(value))
            + "</td>"
            for c, value in zip(frame.columns, row, strict=True)
        ]
        body.append("<tr>" + "".join(cells) + "</tr>")
    cap = f"<caption>{html.escape(caption)}</caption>" if caption else ""
    return (
        f'<div class="table-wrap"><table>{cap}<thead><tr>{head}</tr></thead>'
        f"<tbody>{''.join(body)}</tbody></table></div>"
    )


def _plain(value: Any) -> str:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return "–"
    if isinstance(value, pd.Timestamp):
        return str(value.strftime("%Y-%m-%d %H:%M"))
    return str(value)


def page(
    *,
    title: str,
    period: str,
    generated: str,
    kpis: list[Kpi],
    sections: list[Section],
    notice: str | None = None,
) -> str:
    """The whole HTML document."""
    cards = "".join(
        f'<div class="kpi" title="{html.escape(k.definition)}">'
        f'<div class="kpi-value">{html.escape(k.value)}</div>'
        f'<div class="kpi-label">{html.escape(k.label)}<sup>{n}</sup></div></div>'
        for n, k in enumerate(kpis, start=1)
    )
    notes = "".join(
        f"<li><b>{html.escape(k.label)}</b>: {html.escape(k.definition)}</li>" for k in kpis
    )
    nav = "".join(f'<a href="#{s.anchor}">{html.escape(s.title)}</a>' for s in sections)
    body = "".join(
        f'<section id="{s.anchor}"><h2>{html.escape(s.title)}</h2>'
        f'<p class="definition">{html.escape(s.definition)}</p>{"".join(s.blocks)}</section>'
        for s in sections
    )
    banner = f'<div class="notice">{html.escape(notice)}</div>' if notice else ""
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{html.escape(title)}</title>
<style>{CSS}</style>
<script type="text/javascript">{plotly.offline.get_plotlyjs()}</script>
</head>
<body>
<header>
<h1>{html.escape(title)}</h1>
<p class="period">{html.escape(period)} · generated {html.escape(generated)}</p>
<div class="kpis">{cards}</div>
<nav>{nav}</nav>
</header>
<main>
{banner}
{body}
<section id="definitions"><h2>Definitions</h2><ol class="footnotes">{notes}</ol>
<p class="definition">Full definitions, and how they relate to Rasa's and Chatwoot's, are in
docs/analytics.md. Times are UTC.</p></section>
</main>
</body>
</html>
"""


CSS = """
:root { --ink: #1d2a33; --muted: #5c6b77; --line: #e3e8ec; --accent: #264653; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif;
  color: var(--ink); background: #f5f7f9; }
header { background: #fff; border-bottom: 1px solid var(--line); padding: 20px 32px 0; }
h1 { margin: 0; font-size: 22px; }
h2 { margin: 0 0 4px; font-size: 18px; }
.period { margin: 4px 0 16px; color: var(--muted); }
.kpis { display: grid; grid-template-columns: repeat(auto-fit, minmax(140px, 1fr)); gap: 12px; }
.kpi { background: #f5f7f9; border: 1px solid var(--line); border-radius: 8px; padding: 12px;
  cursor: help; }
.kpi-value { font-size: 22px; font-weight: 600; color: var(--accent); white-space: nowrap; }
.kpi-label { color: var(--muted); font-size: 12px; }
nav { display: flex; flex-wrap: wrap; gap: 4px 16px; padding: 14px 0; }
nav a { color: var(--accent); text-decoration: none; font-size: 13px; }
nav a:hover { text-decoration: underline; }
main { padding: 16px 32px 48px; max-width: 1280px; }
section { background: #fff; border: 1px solid var(--line); border-radius: 8px;
  padding: 18px 20px; margin: 0 0 16px; }
.definition { color: var(--muted); margin: 0 0 12px; max-width: 90ch; }
.chart { margin: 8px 0; min-height: 200px; }
.empty { color: var(--muted); font-style: italic; }
.notice { background: #fff8e6; border: 1px solid #e9c46a; border-radius: 8px; padding: 14px 18px;
  margin: 0 0 16px; font-size: 15px; }
.table-wrap { overflow-x: auto; margin: 8px 0 12px; }
table { border-collapse: collapse; font-size: 13px; min-width: 40%; }
caption { text-align: left; font-weight: 600; padding: 4px 0; }
th, td { padding: 5px 10px; border-bottom: 1px solid var(--line); text-align: left; }
th { background: #f5f7f9; font-weight: 600; }
th.num, td.num { text-align: right; font-variant-numeric: tabular-nums; }
.footnotes li { margin: 4px 0; }
"""
