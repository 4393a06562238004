"""Run a trained Rasa model's NLU on many messages (executed by the Rasa runtime, Python 3.10).

Usage: python nlu_predict.py MODEL.tar.gz INPUT.jsonl OUTPUT.json
INPUT holds one JSON string per line. OUTPUT is a list of predictions in input order:
intent, confidence, the top of the ranking, entities and the parse time in milliseconds.
Our own code (Python >= 3.11) never imports Rasa; it calls this script instead.
"""

from __future__ import annotations

import asyncio
import json
import logging
import sys
import time
from typing import Any


def _prediction(parsed: dict[str, Any], elapsed_ms: float) -> dict[str, Any]:
    intent = parsed.get("intent") or {}
    return {
        "intent": intent.get("name"),
        "confidence": intent.get("confidence"),
        "ranking": [
            {"name": r.get("name"), "confidence": r.get("confidence")}
            for r in (parsed.get("intent_ranking") or [])[:5]
        ],
        "entities": [
            {k: e.get(k) for k in ("entity", "value", "role", "start", "end", "extractor")}
            for e in parsed.get("entities") or []
        ],
        "ms": round(elapsed_ms, 3),
    }


async def _run(model: str, texts: list[str]) -> list[dict[str, Any]]:
    from rasa.core.agent import Agent

    agent = Agent.load(model)
    results = []
    for text in texts:
        start = time.perf_counter()
        parsed = await agent.parse_message(text)
        results.append(_prediction(parsed, (time.perf_counter() - start) * 1000))
    return results


def main() -> None:
    logging.basicConfig(level=logging.WARNING)
    model, source, target = sys.argv[1:4]
    with open(source, encoding="utf-8") as handle:
        texts = [json.loads(line) for line in handle if line.strip()]
    results = asyncio.run(_run(model, texts))
    with open(target, "w", encoding="utf-8") as handle:
        json.dump(results, handle)


if __name__ == "__main__":
    main()
