"""The report's charts: one plotly figure per metric DataFrame, in one look.

Each function takes the DataFrame its metric returns (:mod:`icrm_models.analytics.frames`) and
gives a figure, or None when there is nothing to draw (the page then says so instead of showing
an empty frame). Colours are fixed per outcome so that every chart reads the same way.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

OUTCOME_COLOURS = {
    "contained": "#2a9d8f",
    "handed_off": "#e9c46a",
    "abandoned": "#e76f51",
    "ongoing": "#8d99ae",
    "empty": "#d9d9d9",
}
OUTCOME_LABELS = {
    "contained": "Contained",
    "handed_off": "Handed off",
    "abandoned": "Abandoned",
    "ongoing": "Ongoing",
    "empty": "Empty",
}
ACCENT = "#264653"
SECOND = "#e76f51"
WEEKDAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
HEIGHT = 360
DAY_BAR_MS = 0.8 * 86_400_000  # a day's bar: 80 % of the day, in the date axis' milliseconds


def _layout(fig: go.Figure, title: str, height: int = HEIGHT) -> go.Figure:
    fig.update_layout(
        title={"text": title, "x": 0, "xanchor": "left", "font": {"size": 15}},
        height=height,
        margin={"l": 50, "r": 20, "t": 50, "b": 40},
        template="plotly_white",
        legend={"orientation": "h", "y": -0.18, "x": 0},
        hovermode="x unified",
        font={"family": "system-ui, -apple-system, Segoe UI, sans-serif", "size": 12},
    )
    return fig


def _text(value: Any, missing: str) -> str:
    """``value`` as a label, ``missing`` for None or NaN (pandas turns a SQL NULL into NaN,
    which is truthy: ``value or missing`` would print "nan")."""
    return missing if value is None or pd.isna(value) or value == "" else str(value)


def _time_axis(fig: go.Figure, times: pd.Series, unit: str = "day") -> go.Figure:
    """A date axis that reads right for any span: whole days (or weeks, months) as ticks.

    Plotly autoscales a one-day period around its single point to milliseconds
    ("23:59:59.9996"); the range is therefore padded by half a ``unit`` on each side, ticks
    are one per unit while there are at most 14, and labels are dates, never clock times.
    """
    values = pd.to_datetime(pd.Series(times)).dropna()
    if values.empty:
        return fig
    step = {"day": pd.Timedelta(days=1), "week": pd.Timedelta(weeks=1)}.get(
        unit, pd.Timedelta(days=31)
    )
    first, last = values.min(), values.max()
    fig.update_xaxes(
        type="date",
        range=[first - step / 2, last + step / 2],
        tickformat="%b %Y" if unit == "month" else "%a %d %b",
    )
    if (last - first) / step <= 14 and unit != "month":
        fig.update_xaxes(tick0=first, dtick=step.total_seconds() * 1000)
    return fig


def _count_ticks(maximum: float) -> dict[str, Any]:
    """Axis settings that tick counts at whole numbers (no "0.2 ratings")."""
    return {"rangemode": "tozero", "tick0": 0, "dtick": max(1, round(maximum / 5))}


def volume_by_day(table: pd.DataFrame) -> go.Figure | None:
    """Conversations per day stacked by outcome, customer messages as a line."""
    if table.empty or int(table["conversations"].sum()) == 0:
        return None
    fig = make_subplots(specs=[[{"secondary_y": True}]])
    for outcome in ("contained", "handed_off", "abandoned", "ongoing"):
        fig.add_trace(
            go.Bar(
                x=table["day"],
                y=table[outcome],
                name=OUTCOME_LABELS[outcome],
                marker_color=OUTCOME_COLOURS[outcome],
                width=DAY_BAR_MS,  # on a date axis a lone bar would be 1 ms wide
            ),
            secondary_y=False,
        )
    fig.add_trace(
        go.Scatter(
            x=table["day"],
            y=table["customer_messages"],
            name="Customer messages",
            mode="lines+markers",
            line={"color": ACCENT, "width": 2},
        ),
        secondary_y=True,
    )
    fig.update_layout(barmode="stack")
    fig.update_yaxes(title_text="conversations", secondary_y=False, rangemode="tozero")
    fig.update_yaxes(title_text="messages", secondary_y=True, showgrid=False, rangemode="tozero")
    _time_axis(fig, table["day"])
    return _layout(fig, "Conversations per day, by outcome")


def volume_heatmap(grid: pd.DataFrame) -> go.Figure | None:
    """Conversations started per weekday and UTC hour."""
    if int(grid.to_numpy().sum()) == 0:
        return None
    fig = go.Figure(
        go.Heatmap(
            z=grid.to_numpy(),
            x=[f"{h:02d}" for h in grid.columns],
            y=WEEKDAYS,
            colorscale="Teal",
            hovertemplate="%{y} %{x}:00 UTC: %{z} conversations<extra></extra>",
        )
    )
    fig.update_yaxes(autorange="reversed")
    fig.update_xaxes(title_text="hour (UTC)")
    fig = _layout(fig, "When customers write: conversations per weekday and hour", 300)
    fig.update_layout(hovermode="closest")
    return fig


def outcomes(table: pd.DataFrame) -> go.Figure | None:
    """The decided conversations' outcomes as a donut."""
    decided = table[table["outcome"].isin(["contained", "handed_off", "abandoned"])]
    if int(decided["conversations"].sum()) == 0:
        return None
    fig = go.Figure(
        go.Pie(
            labels=[OUTCOME_LABELS[o] for o in decided["outcome"]],
            values=decided["conversations"],
            hole=0.55,
            marker={"colors": [OUTCOME_COLOURS[o] for o in decided["outcome"]]},
            sort=False,
            textinfo="label+percent",
            hovertemplate="%{label}: %{value} conversations (%{percent})<extra></extra>",
        )
    )
    fig = _layout(fig, "Outcome of the ended conversations", 320)
    fig.update_layout(showlegend=False, hovermode="closest")
    return fig


def _bars(labels: list[str], values: pd.Series, title: str, colour: str, unit: str) -> go.Figure:
    fig = go.Figure(
        go.Bar(
            x=values,
            y=labels,
            orientation="h",
            marker_color=colour,
            hovertemplate=f"%{{y}}: %{{x}} {unit}<extra></extra>",
        )
    )
    fig.update_yaxes(autorange="reversed", automargin=True)
    fig.update_xaxes(**_count_ticks(float(values.max())))
    fig = _layout(fig, title, max(220, 60 + 26 * len(labels)))
    fig.update_layout(hovermode="closest", showlegend=False)
    return fig


def handoff_reasons(table: pd.DataFrame) -> go.Figure | None:
    """Handed-off conversations per reason."""
    if table.empty:
        return None
    labels = [str(r).replace("_", " ") for r in table["reason"]]
    return _bars(
        labels,
        table["conversations"],
        "Why conversations reached a person",
        OUTCOME_COLOURS["handed_off"],
        "conversations",
    )


def abandonment(table: pd.DataFrame) -> go.Figure | None:
    """Abandoned conversations per place: form and slot, or after a fallback."""
    if table.empty:
        return None
    labels = [
        f"{_text(row.form, '(no form)')} → {_text(row.requested_slot, '(no slot)')}"
        if row.kind == "mid_form"
        else "after a fallback"
        for row in table.itertuples()
    ]
    return _bars(
        labels,
        table["conversations"],
        "Where customers gave up",
        OUTCOME_COLOURS["abandoned"],
        "conversations",
    )


def fallback_rate(table: pd.DataFrame) -> go.Figure | None:
    """Share of customer messages not understood, per day."""
    if int(table["customer_messages"].sum()) == 0:
        return None
    fig = go.Figure(
        go.Scatter(
            x=table["day"],
            y=table["rate"],
            mode="lines+markers",
            line={"color": SECOND, "width": 2},
            customdata=table[["fallbacks", "customer_messages"]].to_numpy(),
            hovertemplate="%{y:.1%} (%{customdata[0]} of %{customdata[1]})<extra></extra>",
            name="fallback rate",
        )
    )
    fig.update_yaxes(tickformat=".1~%", rangemode="tozero")  # ".0%" repeats "1%, 1%" below 5 %
    _time_axis(fig, table["day"])
    return _layout(fig, "Fallback rate per day (messages the bot did not understand)")


def intents(table: pd.DataFrame, top: int = 15) -> go.Figure | None:
    """The most asked intents, coloured by their mean confidence."""
    if table.empty:
        return None
    head = table.head(top)
    fig = go.Figure(
        go.Bar(
            x=head["messages"],
            y=head["intent"],
            orientation="h",
            marker={
                "color": head["mean_confidence"].fillna(0),
                "colorscale": "RdYlGn",
                "cmin": 0.3,
                "cmax": 1.0,
                "colorbar": {"title": {"text": "mean<br>confidence"}},
            },
            customdata=head[["share", "mean_confidence", "fallbacks"]].fillna(0).to_numpy(),
            hovertemplate=(
                "%{y}: %{x} messages (%{customdata[0]:.1%})<br>"
                "mean confidence %{customdata[1]:.2f}, %{customdata[2]} fallbacks<extra></extra>"
            ),
        )
    )
    fig.update_yaxes(autorange="reversed", automargin=True)
    fig = _layout(fig, f"Top {len(head)} intents", max(260, 60 + 24 * len(head)))
    fig.update_layout(hovermode="closest")
    return fig


def intent_trend(wide: pd.DataFrame, unit: str) -> go.Figure | None:
    """Messages per intent over time (one line per intent)."""
    if wide.empty:
        return None
    # markers: a period of one day (or week) is one point per intent, which a line alone hides
    mode = "lines+markers" if len(wide.index) <= 60 else "lines"
    fig = go.Figure()
    for intent in wide.columns:
        fig.add_trace(go.Scatter(x=wide.index, y=wide[intent], name=str(intent), mode=mode))
    _time_axis(fig, pd.Series(wide.index), unit)
    fig.update_yaxes(rangemode="tozero")
    fig = _layout(fig, f"Intents per {unit}", 380)
    fig.update_layout(legend={"orientation": "v", "y": 1, "x": 1.02})
    return fig


def confidence_histogram(table: pd.DataFrame) -> go.Figure | None:
    """Customer messages per NLU confidence bin: understood and fallbacks stacked."""
    if int(table["messages"].sum()) == 0:
        return None
    centres = (table["low"] + table["high"]) / 2
    width = float(table["high"].iloc[0] - table["low"].iloc[0])
    fig = go.Figure()
    for name, values, colour in (
        ("understood", table["messages"] - table["fallbacks"], ACCENT),
        ("fallbacks", table["fallbacks"], SECOND),
    ):
        fig.add_trace(go.Bar(x=centres, y=values, width=width, name=name, marker_color=colour))
    fig.update_layout(barmode="stack")
    fig.update_xaxes(title_text="confidence of the top intent", range=[0, 1])
    return _layout(fig, "How sure the NLU was (customer messages per confidence)")


def form_funnel(form: str, steps: pd.DataFrame) -> go.Figure | None:
    """One form: started → each slot → completed, with where it was left."""
    flow = steps[steps["step"].isin(["started", "slot", "completed"])]
    if flow.empty:
        return None
    labels = [
        f"slot {_text(row.slot, '(unnamed)')}" if row.step == "slot" else str(row.step)
        for row in flow.itertuples()
    ]
    fig = go.Figure(
        go.Funnel(
            y=labels,
            x=flow["conversations"],
            textinfo="value+percent initial",
            marker={"color": ACCENT},
            hovertext=[
                f"{row.filled} of them answered it, the rest completed without it"
                if row.step == "slot" and "filled" in flow.columns
                else ""
                for row in flow.itertuples()
            ],
            hovertemplate="%{y}: %{x} conversations<br>%{hovertext}<extra></extra>",
        )
    )
    fig = _layout(fig, f"Form {form}", max(220, 80 + 40 * len(labels)))
    fig.update_layout(hovermode="closest")
    return fig


def offer_funnel(table: pd.DataFrame, by: str) -> go.Figure | None:
    """Offers shown, accepted and purchased per group (segment or model version)."""
    groups = table[table[by] != "all"] if by in table.columns else table
    if groups.empty or int(groups["shown"].sum()) == 0:
        return None
    fig = go.Figure()
    for column, colour in (("shown", "#8d99ae"), ("accepted", ACCENT), ("purchased", SECOND)):
        fig.add_trace(
            go.Bar(x=groups[by].astype(str), y=groups[column], name=column, marker_color=colour)
        )
    fig.update_layout(barmode="group")
    label = "segment" if by == "segment" else "model version"
    return _layout(fig, f"Offer funnel per {label}")


def csat(table: pd.DataFrame) -> go.Figure | None:
    """Ratings 1–5 of the handed-off conversations."""
    if int(table["responses"].sum()) == 0:
        return None
    colours = ["#e76f51", "#f4a261", "#e9c46a", "#8ab17d", "#2a9d8f"]
    fig = go.Figure(
        go.Bar(
            x=[f"{s} ★" for s in table["score"]],
            y=table["responses"],
            marker_color=colours,
            customdata=table["share"],
            hovertemplate="%{x}: %{y} ratings (%{customdata:.0%})<extra></extra>",
        )
    )
    fig.update_yaxes(**_count_ticks(float(table["responses"].max())))
    fig = _layout(fig, "Customer ratings after a chat with a person", 300)
    fig.update_layout(hovermode="closest", showlegend=False)
    return fig
