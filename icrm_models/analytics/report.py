"""``icrm analytics report``: the period's metrics as one self-contained HTML page.

:func:`compute` runs every metric query (each a ``GROUP BY``: a million turns stay in the
database), reporting each step to a progress callback; :func:`render` turns the results into the
page (:mod:`.report_charts` draws, :mod:`.report_html` lays out); :func:`write_report` does both
and writes the file. A period without conversations gives a page that says so.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pandas as pd

from icrm_models.analytics import report_charts as charts
from icrm_models.analytics.frames import AnalyticsData
from icrm_models.analytics.report_html import (
    Kpi,
    Section,
    decimal,
    duration,
    number,
    page,
    percent,
)

Progress = Callable[[str], None]

# What compute() does, in order: the CLI's progress bar counts these.
STEPS: list[tuple[str, Callable[[AnalyticsData], Any]]] = [
    ("outcomes", lambda d: d.outcomes()),
    ("kpis", lambda d: d.kpis()),
    ("volume_by_day", lambda d: d.volume_by_day()),
    ("volume_by_weekday_hour", lambda d: d.volume_by_weekday_hour()),
    ("handoffs", lambda d: d.handoffs()),
    ("abandonment", lambda d: d.abandonment()),
    ("fallback_rate", lambda d: d.fallback_rate()),
    ("intents", lambda d: d.intents()),
    ("trend_unit", lambda d: _trend_unit(d)),
    ("intent_trend", lambda d: d.intent_trend(_trend_unit(d), top=8)),
    ("confidence_histogram", lambda d: d.confidence_histogram()),
    ("form_funnels", lambda d: d.form_funnels()),
    ("offers_by_segment", lambda d: d.offer_funnel("segment")),
    ("offers_by_model_version", lambda d: d.offer_funnel("model_version")),
    ("agent_times", lambda d: d.agent_times()),
    ("resolutions", lambda d: d.resolutions()),
    ("csat", lambda d: d.csat()),
    ("rejects", lambda d: d.rejects()),
    ("ingest_runs", lambda d: d.ingest_runs()),
]


@dataclass(frozen=True)
class ReportSummary:
    """What was written: the file, its size, the headline figures, charts drawn."""

    path: Path
    size_bytes: int
    kpis: dict[str, Any]
    charts: int
    empty: bool


def _trend_unit(data: AnalyticsData) -> str:
    """Days for a period up to ~5 weeks, weeks up to a year, months beyond."""
    span = data.period.end - data.period.start
    if span <= timedelta(days=35):
        return "day"
    return "week" if span <= timedelta(days=366) else "month"


def compute(data: AnalyticsData, progress: Progress | None = None) -> dict[str, Any]:
    """Every metric of the report, by step name; ``progress(name)`` after each step."""
    results: dict[str, Any] = {}
    for name, step in STEPS:
        results[name] = step(data)
        if progress is not None:
            progress(name)
    return results


def _kpis(k: dict[str, Any]) -> list[Kpi]:
    return [
        Kpi(
            "Conversations",
            number(k["conversations"]),
            "Rasa sessions started in the period in which the customer wrote at least once "
            f"({number(k['ongoing'])} still ongoing, {number(k['empty'])} empty sessions not "
            "counted).",
        ),
        Kpi(
            "Containment",
            percent(k["containment"]),
            "Ended conversations the assistant handled alone: no handoff to a person and not "
            "abandoned (stricter than Rasa's containment, which counts abandoned ones too).",
        ),
        Kpi(
            "Handoff rate",
            percent(k["handoff_rate"]),
            "Ended conversations handed to a person (Rasa's escalation rate).",
        ),
        Kpi(
            "Abandonment",
            percent(k["abandonment"]),
            "Ended conversations the customer left mid-form (a question unanswered) or right "
            "after a message the bot did not understand.",
        ),
        Kpi(
            "Fallback rate",
            percent(k["fallback_rate"]),
            "Customer messages the bot did not understand, of all customer messages.",
        ),
        Kpi(
            "CSAT",
            "–" if k["csat"] is None else f"{k['csat']:.0f} %",
            "Ratings of 4 or 5 stars of all ratings after a chat with a person, × 100 "
            f"(Chatwoot); {number(k['csat_responses'])} ratings, response rate "
            f"{percent(k['csat_response_rate'])} of the closed cases.",
        ),
        Kpi(
            "Median first response",
            duration(k["median_first_response_s"]),
            "Median time from the handoff to the first agent reply (Chatwoot measures from "
            "the conversation's start; the time spent with the bot is no wait for a person).",
        ),
    ]


def _sections(r: dict[str, Any]) -> list[Section]:
    volume = Section(
        "volume",
        "Volume",
        "Conversations by the day (and weekday and hour, UTC) they started; customer messages "
        "by the day they were sent.",
    )
    volume.chart(charts.volume_by_day(r["volume_by_day"]), "No conversations in the period.")
    volume.chart(charts.volume_heatmap(r["volume_by_weekday_hour"]), "No conversations.")

    outcomes = Section(
        "outcomes",
        "Containment and outcomes",
        "Each conversation ends contained, handed off or abandoned; one whose last event is "
        "less than 30 minutes old is still ongoing, one where the customer never wrote is "
        "empty. Shares are of the ended (decided) conversations.",
    )
    outcomes.chart(charts.outcomes(r["outcomes"]), "No conversation has ended yet.")
    outcomes.table(r["outcomes"], {"conversations": number, "share": percent})

    handoffs = Section(
        "handoffs",
        "Handoffs",
        "Conversations the bot handed to a person, by the reason it gave: the customer asked, "
        "the bot did not understand repeatedly (fallback), an escalation rule, an accepted "
        "offer, or an agent picked the conversation.",
    )
    handoffs.chart(charts.handoff_reasons(r["handoffs"]), "No handoffs in the period.")
    handoffs.table(r["handoffs"], {"conversations": number, "share": percent})

    abandoned = Section(
        "abandonment",
        "Abandonment",
        "Where customers gave up: the form and the slot the bot had asked for when the "
        "customer went quiet, or right after a message the bot did not understand.",
    )
    abandoned.chart(charts.abandonment(r["abandonment"]), "No abandoned conversations.")
    abandoned.table(r["abandonment"], {"conversations": number, "share": percent})

    fallbacks = Section(
        "fallbacks",
        "Fallbacks",
        "Customer messages the NLU could not place (below the fallback threshold, or "
        "nlu_fallback), per day.",
    )
    fallbacks.chart(charts.fallback_rate(r["fallback_rate"]), "No customer messages.")

    nlu = Section(
        "intents",
        "Intents and confidence",
        "What customers asked (the NLU's top intent per message), how that changed, and how "
        "sure the NLU was. Low-confidence intents are candidates for more training examples.",
    )
    nlu.chart(charts.intents(r["intents"]), "No classified messages.")
    nlu.chart(charts.intent_trend(r["intent_trend"], r["trend_unit"]), "No classified messages.")
    nlu.chart(charts.confidence_histogram(r["confidence_histogram"]), "No confidences.")
    nlu.table(
        r["intents"].head(30),
        {"messages": number, "share": percent, "mean_confidence": decimal, "fallbacks": number},
        "Top 30 intents",
    )

    forms = Section(
        "forms",
        "Form funnels",
        "Per form, in conversations: started, each slot passed, completed; cancelled by the "
        "customer; left at a slot when the customer went quiet (abandoned) or a person took "
        "over (handed_off). Percentages are of the conversations that started the form. A "
        "completed form counts as having passed each of its slots (it may also complete "
        "without asking one, e.g. an order that cannot be returned, or a logged-in customer "
        'who needs no identity check); "filled" counts the slot\'s own answers only.',
    )
    funnels: pd.DataFrame = r["form_funnels"]
    if funnels.empty:
        forms.chart(None, "No form was started in the period.")
    for form, steps in funnels.groupby("form", sort=True):
        forms.chart(charts.form_funnel(str(form), steps), f"Form {form}: no steps.")
    forms.table(funnels, {"conversations": number, "share": percent, "filled": number})

    offers = Section(
        "offers",
        "Offer funnel",
        "Product offers shown in the chat → accepted → purchased: the customer ordered the "
        "offered product within the purchase window after it was shown (accepted or not). "
        "Accepting puts the product into a pending order draft: that is no purchase until the "
        "shop processes the order (cancelled orders and credit notes never count). Segments "
        "are those of the promoted customer models.",
    )
    by_segment: pd.DataFrame = r["offers_by_segment"]
    offers.chart(charts.offer_funnel(by_segment, "segment"), "No offers shown in the period.")
    rates = {"acceptance_rate": percent, "purchase_rate": percent}
    offers.table(by_segment, rates, "By segment")
    offers.table(r["offers_by_model_version"], rates, "By model version")

    agents = Section(
        "agents",
        "Agents and satisfaction",
        "Handoff cases queued in the period. Wait: handoff → an agent claims it; first "
        "response: handoff → first agent reply; resolution: handoff → case closed. CSAT: "
        "share of 4–5 star ratings.",
    )
    times = {"median": duration, "p90": duration, "mean": duration, "cases": number}
    shown = r["agent_times"].rename(
        columns={"median_s": "median", "p90_s": "p90", "mean_s": "mean"}
    )
    agents.table(shown, times, "Agent times (median, 90th percentile, mean)")
    agents.table(r["resolutions"], {"cases": number}, "Cases by status and resolution")
    agents.chart(charts.csat(r["csat"]), "No ratings in the period.")
    return [volume, outcomes, handoffs, abandoned, fallbacks, nlu, forms, offers, agents]


def _health(r: dict[str, Any]) -> Section:
    rejects: pd.DataFrame = r["rejects"]
    count = int(rejects["events"].sum()) if not rejects.empty else 0
    health = Section(
        "ingest",
        "Ingest health",
        f"{count} event(s) of the period could not be read by the ingest (see "
        "analytics_rejects); the figures above do not include them.",
    )
    health.table(rejects, {"events": number}, "Rejected events by reason")
    health.table(r["ingest_runs"], {}, "Latest ingest runs")
    return health


def render(data: AnalyticsData, results: dict[str, Any], generated: datetime | None = None) -> str:
    """The report page for ``results`` (from :func:`compute`)."""
    period = data.period
    span = f"{period.first_day.isoformat()} – {period.last_day.isoformat()} (UTC)"
    when = (generated or datetime.now(UTC)).strftime("%Y-%m-%d %H:%M UTC")
    kpis = results["kpis"]
    if kpis["conversations"] == 0:
        return page(
            title="Conversation analytics",
            period=span,
            generated=when,
            kpis=_kpis(kpis),
            sections=[_health(results)],
            notice=f"No conversations between {period.first_day} and {period.last_day}: "
            "nothing to report. Has the ingest run (icrm analytics ingest)?",
        )
    return page(
        title="Conversation analytics",
        period=span,
        generated=when,
        kpis=_kpis(kpis),
        sections=[*_sections(results), _health(results)],
    )


def write_report(data: AnalyticsData, out: Path, progress: Progress | None = None) -> ReportSummary:
    """Compute, render and write the report to ``out`` (atomically: never half a file)."""
    results = compute(data, progress)
    document = render(data, results)
    out.parent.mkdir(parents=True, exist_ok=True)
    handle, scratch = tempfile.mkstemp(dir=out.parent, prefix=f".{out.name}-", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as fh:
            fh.write(document)
        os.replace(scratch, out)
    except BaseException:
        Path(scratch).unlink(missing_ok=True)
        raise
    return ReportSummary(
        path=out,
        size_bytes=out.stat().st_size,
        kpis=results["kpis"],
        charts=document.count('class="chart"'),
        empty=results["kpis"]["conversations"] == 0,
    )
