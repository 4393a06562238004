import random
from decimal import Decimal
from pathlib import Path

import pytest
import yaml

from icrm_models.policies.answers import TOPICS, policy_answer
from icrm_models.policies.source import PolicyError, PolicySource, load_policies
from tests.helpers.paths import POLICIES_FILE, REPO

# The shop's own file: only checked to load and answer every topic, as the shop may edit it.
SHIPPED = REPO / "data" / "policies.yml"


@pytest.mark.parametrize("path", [SHIPPED, POLICIES_FILE], ids=["shipped", "test-fixture"])
def test_the_policies_answer_every_topic(path: Path) -> None:
    policies = load_policies(path)
    for topic in TOPICS:
        for seed in range(3):
            text = policy_answer(policies, topic, rng=random.Random(seed))
            assert "{" not in text and "}" not in text, (topic, text)


def test_the_answers_say_what_the_policies_hold() -> None:
    policies = load_policies(POLICIES_FILE)
    assert "30 days" in policy_answer(policies, "check_refund_policy")
    assert policies.cancellation_fee("pending") == Decimal(0)
    assert policies.cancellation_fee("shipped") is None


def test_answers_follow_an_edit_of_the_file(tmp_path: Path) -> None:
    path = tmp_path / "policies.yml"
    raw = yaml.safe_load(POLICIES_FILE.read_text())
    path.write_text(yaml.safe_dump(raw))
    source = PolicySource(path)
    assert source.get().refund.window_days == 30
    raw["refund"]["window_days"] = 14
    path.write_text(yaml.safe_dump(raw))
    import os

    os.utime(path, (1, 1))  # a different modification time, even within the same second
    assert source.get().refund.window_days == 14
    assert "14 days" in policy_answer(source.get(), "check_refund_policy")


@pytest.mark.parametrize(
    ("content", "message"),
    [("refund: [", "not valid YAML"), ("shop_name: x\n", "not a valid policies file")],
)
def test_a_broken_file_is_a_clear_error(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "policies.yml"
    path.write_text(content)
    with pytest.raises(PolicyError, match=message):
        load_policies(path)
    with pytest.raises(PolicyError, match="no policies file"):
        load_policies(tmp_path / "missing.yml")


def test_unknown_topic() -> None:
    with pytest.raises(ValueError, match="no policy answer"):
        policy_answer(load_policies(POLICIES_FILE), "weather")
