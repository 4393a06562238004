from pathlib import Path
from typing import Any

import pytest
import yaml

from icrm_models.launcher.form_rules import (
    CONTINUES,
    GENERATED,
    POLICY_INTENTS,
    SWITCH_ACTION,
    domain_forms,
    domain_intents,
    entry_actions,
    form_rules,
    write_form_rules,
)

BOT = Path(__file__).parents[3] / "bot"

ENTRIES = {
    "cancel_order": [["a_form"]],
    "track_order": [["b_form"]],
    "check_invoice": [["identity_form", "action_check_invoice"]],
    "get_invoice": [["identity_form", "action_get_invoice"]],
    "product_search": [["action_product_search"]],
    "goodbye": [["action_offer_at_goodbye", "utter_goodbye"]],
    "contact_human_agent": [["action_handoff_to_human"]],
    "greet": [["utter_greet"], ["utter_greet", "order_lookup_form"]],
}
INTENTS = [*POLICY_INTENTS, *ENTRIES, "out_of_scope", "nlu_fallback", "deny", "thank", "inform"]


def rules_by_name() -> dict[str, dict[str, Any]]:
    forms = ["a_form", "b_form", "identity_form"]
    return {r["rule"]: r for r in form_rules(forms, INTENTS, ENTRIES)["rules"]}


def actions_of(rule: dict[str, Any]) -> list[str]:
    return [step["action"] for step in rule["steps"] if "action" in step]


def test_every_form_gets_a_rule_for_every_intent() -> None:
    rules = rules_by_name()
    for form in ("a_form", "b_form", "identity_form"):
        for intent in INTENTS:
            name = "forget it" if intent == "deny" else intent
            assert f"{name} inside {form}" in rules
    assert len(rules) == 3 * len(INTENTS)


@pytest.mark.parametrize(
    ("intent", "reply"),
    [
        ("delivery_period", "action_answer_policy"),
        ("out_of_scope", "utter_out_of_scope"),
        ("nlu_fallback", "utter_ask_rephrase"),
        ("inform", "utter_ask_rephrase"),
        ("thank", "utter_welcome_in_form"),
        ("greet", "utter_hello_in_form"),  # its own rules would greet as if the chat began
        ("product_search", "action_product_search"),  # one action: answered in place
        ("cancel_order", CONTINUES),  # the form's own request again
    ],
)
def test_answered_in_place_then_the_form_asks_again(intent: str, reply: str) -> None:
    rule = rules_by_name()[f"{intent} inside a_form"]
    assert rule["condition"] == [{"active_loop": "a_form"}]
    assert rule["steps"] == [
        {"intent": intent},
        {"action": reply},
        {"action": "a_form"},
        {"active_loop": "a_form"},
    ]


@pytest.mark.parametrize(
    ("form", "intent"),
    [
        ("a_form", "track_order"),  # starts another form
        ("a_form", "check_invoice"),  # verification, then its answer
        ("a_form", "goodbye"),  # more than one action
        ("a_form", "contact_human_agent"),  # a colleague takes over: the form is over
        ("identity_form", "check_invoice"),  # identity_form serves several requests
        ("identity_form", "get_invoice"),
    ],
)
def test_another_task_leaves_the_form(form: str, intent: str) -> None:
    rule = rules_by_name()[f"{intent} inside {form}"]
    assert rule["steps"] == [{"intent": intent}, {"action": SWITCH_ACTION}]


def test_forget_it_stops_the_form() -> None:
    rule = rules_by_name()["forget it inside b_form"]
    assert actions_of(rule) == ["utter_form_stopped", "action_deactivate_loop"]
    assert rule["steps"][-1] == {"active_loop": None}


def test_entry_actions_are_read_from_unconditional_rules(tmp_path: Path) -> None:
    (tmp_path / "x.yml").write_text(
        yaml.safe_dump(
            {
                "rules": [
                    {
                        "rule": "start",
                        "steps": [
                            {"intent": "cancel_order"},
                            {"action": "cancel_order_form"},
                            {"active_loop": "cancel_order_form"},
                        ],
                    },
                    {
                        "rule": "answer",
                        "steps": [
                            {"intent": "thank"},
                            {"action": "utter_x"},
                            {"action": "action_listen"},
                            {"action": "never"},
                        ],
                    },
                    {
                        "rule": "inside",
                        "condition": [{"active_loop": "f"}],
                        "steps": [{"intent": "greet"}, {"action": "y"}],
                    },
                ]
            }
        )
    )
    (tmp_path / GENERATED).write_text("rules:\n  - rule: ignored\n    steps: [{intent: greet}]\n")
    assert entry_actions(tmp_path) == {
        "cancel_order": [["cancel_order_form"]],
        "thank": [["utter_x"]],
    }


def test_an_intent_without_any_rule_is_refused(tmp_path: Path) -> None:
    bot = tmp_path / "bot"
    (bot / "domain").mkdir(parents=True)
    (bot / "data" / "rules").mkdir(parents=True)
    (bot / "domain" / "d.yml").write_text(
        "intents: [brand_new]\nforms: {a_form: {required_slots: []}}\n"
    )
    with pytest.raises(ValueError, match="brand_new"):
        write_form_rules(bot)


def test_the_committed_rules_match_the_domain(tmp_path: Path) -> None:
    """The generated file in bot/ is current (training regenerates it; stale commits fail)."""
    committed = (BOT / "data" / "rules" / GENERATED).read_text()
    copy = tmp_path / "bot"
    (copy / "data" / "rules").mkdir(parents=True)
    (copy / "domain").symlink_to(BOT / "domain")
    for rules in (BOT / "data" / "rules").glob("*.yml"):
        if rules.name != GENERATED:
            (copy / "data" / "rules" / rules.name).symlink_to(rules)
    assert write_form_rules(copy) is True
    assert (copy / "data" / "rules" / GENERATED).read_text() == committed
    assert write_form_rules(copy) is False
    forms = domain_forms(BOT / "domain")
    assert "identity_form" in forms and "order_lookup_form" in forms
    intents = domain_intents(BOT / "domain")
    assert len(yaml.safe_load(committed)["rules"]) == len(forms) * len(intents)
