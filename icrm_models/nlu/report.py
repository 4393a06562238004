"""An :class:`~icrm_models.nlu.evaluation.Evaluation` as table rows, Markdown and JSON.

The rows are plain strings so the terminal tables (``icrm nlu evaluate``) and the Markdown
that goes into ``docs/nlu.md`` show the same figures, rounded the same way.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import asdict
from typing import Any

from icrm_models.nlu.evaluation import Evaluation, IntentRow, weakest_intents

_NUMBER = re.compile(r"[\d.,]+|n/a")


def fmt(value: float | None) -> str:
    """A share with three decimals, ``n/a`` when it could not be measured."""
    return "n/a" if value is None else f"{value:.3f}"


def summary_rows(evaluation: Evaluation) -> list[tuple[str, str]]:
    """The overall figures as (measure, value)."""
    scores = evaluation.scores
    rows = [
        ("messages", f"{scores.messages:,}"),
        ("accuracy", fmt(scores.accuracy)),
        ("macro-F1", fmt(scores.macro_f1)),
        (f"top-{evaluation.top_k} accuracy", fmt(evaluation.top_k_accuracy)),
        (
            "accuracy without the fallback (classifier's top-1)",
            fmt(evaluation.accuracy_without_fallback),
        ),
    ]
    if evaluation.seen_in_training is not None:
        unseen = scores.messages - evaluation.seen_in_training
        rows.append(
            (
                f"accuracy on the {unseen:,} messages unlike any training message",
                fmt(evaluation.unseen_accuracy),
            )
        )
    rows += [
        (
            f"nlu_fallback rate on in-domain messages ({evaluation.in_domain_messages:,})",
            fmt(evaluation.fallback_rate),
        ),
        ("out_of_scope rate on in-domain messages", fmt(evaluation.out_of_scope_rate)),
    ]
    if scores.out_of_scope_messages:
        rows.append(
            (
                f"out-of-scope recall ({scores.out_of_scope_messages:,})",
                fmt(scores.out_of_scope_recall),
            )
        )
    unknown = sum(scores.unknown_intents.values())
    if unknown:
        names = ", ".join(scores.unknown_intents)
        rows.append((f"labels not in the domain, all errors ({names})", f"{unknown:,}"))
    return rows


INTENT_HEADERS = ("intent", "messages", "accuracy", "F1", "fallback", "most confused with")
REGISTER_HEADERS = ("register", "messages", "accuracy", "fallback rate", "out_of_scope rate")
PAIR_HEADERS = ("true", "predicted", "messages")


def intent_rows(rows: list[IntentRow]) -> list[tuple[str, ...]]:
    """Per-intent rows as strings; the confusion shows its count, e.g. ``track_order (3)``."""
    return [
        (
            r.intent,
            str(r.messages),
            fmt(r.accuracy),
            fmt(r.f1),
            fmt(r.fallback_rate),
            f"{r.confused_with} ({r.confused_count})" if r.confused_with else "-",
        )
        for r in rows
    ]


def register_rows(evaluation: Evaluation) -> list[tuple[str, ...]]:
    """Per-register rows as strings, in register-name order."""
    return [
        (
            r.register,
            str(r.messages),
            fmt(r.accuracy),
            fmt(r.fallback_rate),
            fmt(r.out_of_scope_rate),
        )
        for r in evaluation.per_register
    ]


def pair_rows(evaluation: Evaluation) -> list[tuple[str, ...]]:
    """The most confused (true, predicted) pairs as strings."""
    return [(t, p, str(n)) for t, p, n in evaluation.confused_pairs]


def evaluation_markdown(evaluation: Evaluation, *, weakest: int = 10) -> str:
    """Overall figures, the per-register table, the weakest intents and the confused pairs."""
    parts = [_markdown_table(("measure", "value"), summary_rows(evaluation))]
    if evaluation.per_register:
        parts.append(_markdown_table(REGISTER_HEADERS, register_rows(evaluation)))
    parts.append(_markdown_table(INTENT_HEADERS, intent_rows(weakest_intents(evaluation, weakest))))
    if evaluation.confused_pairs:
        parts.append(_markdown_table(PAIR_HEADERS, pair_rows(evaluation)))
    return "\n\n".join(parts) + "\n"


def _markdown_table(headers: tuple[str, ...], rows: Sequence[tuple[str, ...]]) -> str:
    """A GitHub-flavoured Markdown table; columns of numbers right-aligned, text left."""
    numeric = [
        bool(rows) and all(_NUMBER.fullmatch(row[i]) for row in rows) for i in range(len(headers))
    ]
    lines = [
        "| " + " | ".join(headers) + " |",
        "|" + "|".join("---:" if n else "---" for n in numeric) + "|",
    ]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def evaluation_json(evaluation: Evaluation) -> dict[str, Any]:
    """Everything measured, for the JSON file beside the predictions."""
    data = asdict(evaluation)
    data["weakest_intents"] = [r.intent for r in weakest_intents(evaluation, 10)]
    return data
