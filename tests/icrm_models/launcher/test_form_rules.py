from pathlib import Path

import yaml

from icrm_models.launcher.form_rules import (
    GENERATED,
    POLICY_INTENTS,
    domain_forms,
    form_rules,
    write_form_rules,
)

BOT = Path(__file__).parents[3] / "bot"


def test_every_form_gets_digressions_stop_and_fallback() -> None:
    rules = form_rules(["a_form", "b_form"])["rules"]
    names = {r["rule"] for r in rules}
    for form in ("a_form", "b_form"):
        for intent in POLICY_INTENTS:
            assert f"{intent} inside {form}" in names
        assert f"forget it inside {form}" in names
        assert f"nlu_fallback inside {form}" in names
    digression = next(r for r in rules if r["rule"] == "delivery_period inside a_form")
    assert digression["steps"][-2:] == [{"action": "a_form"}, {"active_loop": "a_form"}]


def test_the_committed_rules_match_the_domain(tmp_path: Path) -> None:
    """The generated file in bot/ is current (training regenerates it; stale commits fail)."""
    committed = (BOT / "data" / "rules" / GENERATED).read_text()
    copy = tmp_path / "bot"
    (copy / "data" / "rules").mkdir(parents=True)
    (copy / "domain").symlink_to(BOT / "domain")
    assert write_form_rules(copy) is True
    assert (copy / "data" / "rules" / GENERATED).read_text() == committed
    assert write_form_rules(copy) is False
    forms = domain_forms(BOT / "domain")
    assert "identity_form" in forms and "order_lookup_form" in forms
    assert len(yaml.safe_load(committed)["rules"]) == len(forms) * (len(POLICY_INTENTS) + 3)
