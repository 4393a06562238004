"""Runs inside the Rasa runtime (.venv-rasa): trains LinearIntentClassifier on a toy data set
behind Rasa's own featurizers, reloads it from the model storage and prints what it predicts."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from rasa.engine.graph import ExecutionContext
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.nlu.featurizers.sparse_featurizer.count_vectors_featurizer import (
    CountVectorsFeaturizer,
)
from rasa.nlu.tokenizers.whitespace_tokenizer import WhitespaceTokenizer
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bot"))
from components.linear_intent_classifier import (
    LinearIntentClassifier,
    _idf,
    _LinearModel,
    _tfidf,
)

EXAMPLES = {
    "track_order": ["where is my order", "track my parcel", "wheres my package", "order status"],
    "get_refund": ["i want my money back", "refund please", "give me a refund", "money back"],
    "greet": ["hello", "hi there", "good morning", "hey"],
}


def same_as_scikit_learn() -> float:
    """Largest difference between the fast scoring and scikit-learn's, binary and multi-class."""
    import numpy as np
    import scipy.sparse
    from sklearn.feature_extraction.text import TfidfTransformer
    from sklearn.linear_model import LogisticRegression

    rng = np.random.default_rng(0)
    counts = scipy.sparse.random(60, 40, density=0.2, format="csr", random_state=1)
    counts.data = np.ceil(counts.data * 3)
    dense = rng.normal(size=(60, 5))
    reference = TfidfTransformer(sublinear_tf=True).fit_transform(counts).toarray()
    worst = float(np.abs(_tfidf(counts, _idf(counts)).toarray() - reference).max())
    for n_classes in (2, 4):
        labels = rng.integers(0, n_classes, size=60).astype(str)
        matrix = np.hstack([reference, 2.0 * dense])
        classifier = LogisticRegression(C=10.0, max_iter=500).fit(matrix, labels)
        fast = _LinearModel.from_classifier(classifier, _idf(counts), 2.0)
        difference = fast.probabilities(counts, dense) - classifier.predict_proba(matrix)
        worst = max(worst, float(np.abs(difference).max()))
    return worst


def main(folder: Path) -> None:
    storage = LocalModelStorage(folder)
    context = ExecutionContext(graph_schema=None, node_name="n")  # type: ignore[arg-type]
    tokenizer = WhitespaceTokenizer(WhitespaceTokenizer.get_default_config())
    featurizer = CountVectorsFeaturizer.create(
        {**CountVectorsFeaturizer.get_default_config(), "analyzer": "char_wb", "max_ngram": 4},
        storage,
        Resource("cv"),
        context,
    )
    data = TrainingData(
        [Message.build(text=t, intent=i) for i, texts in EXAMPLES.items() for t in texts]
    )
    tokenizer.process_training_data(data)
    featurizer.train(data)
    featurizer.process_training_data(data)
    resource = Resource("linear")
    config = {**LinearIntentClassifier.get_default_config(), "ranking_length": 2}
    LinearIntentClassifier.create(config, storage, resource, context).train(data)
    loaded = LinearIntentClassifier.load(config, storage, resource, context)
    messages = [Message.build(text=t) for t in ("wher is my ordr", "refund pls", "helo", "")]
    tokenizer.process(messages)
    featurizer.process(messages)
    loaded.process(messages)
    untrained = LinearIntentClassifier.load(config, storage, Resource("never"), context)
    fresh = [Message.build(text="hello")]
    tokenizer.process(fresh)
    featurizer.process(fresh)
    untrained.process(fresh)
    errors = []
    for bad in ({"C": 0}, {"dense_weight": -1}):
        try:
            LinearIntentClassifier.validate_config(bad)
        except ValueError as error:
            errors.append(str(error))
    print(
        json.dumps(
            {
                "predictions": [m.get("intent") for m in messages],
                "rankings": [m.get("intent_ranking") for m in messages],
                "untrained": fresh[0].get("intent"),
                "errors": errors,
                "largest_difference_from_scikit_learn": same_as_scikit_learn(),
            }
        )
    )


if __name__ == "__main__":
    main(Path(sys.argv[1]))
