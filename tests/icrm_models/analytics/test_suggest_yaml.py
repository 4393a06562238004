"""The proposals file: valid Rasa YAML that Rasa itself reads, never written into bot/."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
import yaml

from icrm_models.analytics.suggestions import (
    SuggestionPathError,
    suggestions_yaml,
    write_suggestions,
)
from icrm_models.analytics.topic_mapping import IntentMatch
from icrm_models.analytics.topics import Topic, TopicReport
from tests.helpers.paths import REPO

RASA_PYTHON = REPO / ".venv-rasa" / "bin" / "python"


def _topic(topic_id: int, texts: list[str], keywords: list[str], intent: str, new: bool) -> Topic:
    similarity = 0.71 if new else 0.93
    return Topic(
        topic_id=topic_id,
        size=len(texts),
        keywords=keywords,
        representatives=texts[:3],
        members=list(range(len(texts))),
        match=IntentMatch(intent, similarity, "greet", 0.4, is_new=new),
        texts=texts,
    )


@pytest.fixture
def report() -> TopicReport:
    gifts = [
        "can you gift wrap my order",
        "Can you  gift wrap my order",  # the same after case and spacing: written once
        "gift wrapping: is it free?",
        "I'd like it wrapped as a [NAME] (present)",
        "wrap [it](product) nicely",  # would read as an entity annotation
        "- a list dash\tand a tab # and a hash",
    ]
    late = ["where is my parcel", "parcel not here yet"]
    more_gifts = ["gift box for my order?", "do you do gift boxes"]
    topics = [
        _topic(0, gifts, ["gift", "gift wrap", "wrap"], "place_order", new=True),
        _topic(1, late, ["parcel"], "track_order", new=False),
        _topic(2, more_gifts, ["gift", "gift wrap", "box"], "place_order", new=True),
    ]
    return TopicReport(topics, noise=[99], messages=11)


def test_the_file_has_the_shape_rasa_expects(report: TopicReport) -> None:
    text = suggestions_yaml(report, source="11 messages since 2026-12-01")
    content = yaml.safe_load(text)
    assert content["version"] == "3.1"
    assert [b["intent"] for b in content["nlu"]] == [
        "new_gift_wrap",
        "track_order",
        "new_gift_wrap_2",  # names stay unique
    ]
    examples = [line[2:] for line in content["nlu"][0]["examples"].splitlines()]
    assert all(line.startswith("- ") for line in content["nlu"][0]["examples"].splitlines())
    assert examples == [
        "can you gift wrap my order",
        "gift wrapping: is it free?",
        "I'd like it wrapped as a [NAME] (present)",
        "wrap (it)(product) nicely",
        "- a list dash and a tab # and a hash",
    ]
    assert content["nlu"][1]["examples"] == "- where is my parcel\n- parcel not here yet\n"


def test_each_cluster_has_a_header_comment(report: TopicReport) -> None:
    text = suggestions_yaml(report)
    assert (
        "# cluster 0: 6 messages; candidate new intent (nearest: place_order, similarity 0.71)"
        in text
    )
    assert "# keywords: gift, gift wrap, wrap" in text
    assert (
        "# cluster 1: 2 messages; existing intent track_order (similarity 0.93): add as examples"
        in text
    )
    assert "1 text(s) had [..](..) turned into (..)(..)" in text
    assert "# 11 messages not understood, 3 clusters, 1 in no cluster." in text


def test_no_topics_still_give_a_valid_file() -> None:
    content = yaml.safe_load(suggestions_yaml(TopicReport([], [0, 1], 2)))
    assert content == {"version": "3.1", "nlu": []}


@pytest.mark.skipif(not RASA_PYTHON.exists(), reason="no Rasa runtime in .venv-rasa (make setup)")
def test_rasa_reads_the_proposals(report: TopicReport, tmp_path: Path) -> None:
    target = write_suggestions(suggestions_yaml(report), tmp_path / "s.yml", bot_dir=REPO / "bot")
    script = (
        "import sys\n"
        "from rasa.shared.nlu.training_data.loading import load_data\n"
        "data = load_data(sys.argv[1])\n"
        "for m in data.intent_examples:\n"
        "    print(m.get('intent'), '|', m.get('text'), '|', m.get('entities'))\n"
    )
    result = subprocess.run(
        [str(RASA_PYTHON), "-c", script, str(target)],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == 9
    assert "new_gift_wrap | wrap (it)(product) nicely | None" in lines
    assert "track_order | where is my parcel | None" in lines


def test_proposals_are_never_written_into_the_bot(tmp_path: Path) -> None:
    bot = tmp_path / "bot"
    (bot / "data" / "nlu").mkdir(parents=True)
    with pytest.raises(SuggestionPathError, match="reviewed before they become training data"):
        write_suggestions("x", bot / "data" / "nlu" / "new.yml", bot_dir=bot)
    assert not (bot / "data" / "nlu" / "new.yml").exists()
    written = write_suggestions("x", tmp_path / "var" / "s.yml", bot_dir=bot)
    assert written.read_text() == "x"
