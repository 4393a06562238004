"""What a demo run did, per script: conversations, turns, off-script answers and errors."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from icrm_models.demo_conversations.runner import ConversationResult


@dataclass
class ScriptSummary:
    """The totals of one script's conversations (``script`` "all" for the whole run)."""

    script: str
    conversations: int = 0
    customer_turns: int = 0
    bot_messages: int = 0
    agent_turns: int = 0
    off_script: int = 0
    errors: int = 0

    def add(self, result: ConversationResult) -> None:
        self.conversations += 1
        self.customer_turns += result.customer_turns
        self.bot_messages += result.bot_messages
        self.agent_turns += result.agent_turns
        self.off_script += result.off_script
        self.errors += result.error is not None


def summarise(results: Iterable[ConversationResult]) -> list[ScriptSummary]:
    """One row per script (most conversations first), then the total row ``all``."""
    rows: dict[str, ScriptSummary] = {}
    total = ScriptSummary("all")
    for result in results:
        rows.setdefault(result.script, ScriptSummary(result.script)).add(result)
        total.add(result)
    ordered = sorted(rows.values(), key=lambda r: (-r.conversations, r.script))
    return [*ordered, total]
