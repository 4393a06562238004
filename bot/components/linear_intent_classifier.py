"""Intents from one linear model over every feature the pipeline computed, sparse and dense.

DIET's intent head, trained from scratch on a few thousand messages, fell short of a plain
TF-IDF + linear-SVM baseline on CLINC150 and BANKING77 (docs/nlu.md). A multinomial logistic
regression on the concatenation of the sparse sentence features (word and character n-gram counts,
regexes and lookup tables; TF-IDF-weighted and L2-normalised here) and the fine-tuned MiniLM
sentence embedding beats both, trains in seconds and gives probabilities that the
FallbackClassifier's threshold can work with.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import joblib
import numpy as np
import scipy.sparse
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.classifier import IntentClassifier
from rasa.shared.nlu.constants import (
    FEATURE_TYPE_SENTENCE,
    INTENT,
    INTENT_NAME_KEY,
    INTENT_RANKING_KEY,
    PREDICTED_CONFIDENCE_KEY,
    TEXT,
)
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from components.persisted import PersistedComponent

logger = logging.getLogger(__name__)

MODEL_FILE = "linear_intent_classifier.joblib"


def _idf(counts: Any) -> np.ndarray:
    """Smoothed inverse document frequency per column, as scikit-learn's TfidfTransformer."""
    documents = np.bincount(counts.indices, minlength=counts.shape[1])
    idf: np.ndarray = np.log((1 + counts.shape[0]) / (1 + documents)) + 1.0
    return idf


def _tfidf(counts: Any, idf: np.ndarray) -> Any:
    """Sublinear term frequency times idf, each row scaled to unit length (CSR in, CSR out).

    Plain numpy on the CSR arrays: training and the one-message hot path share it, and scipy's
    matrix operations cost milliseconds per call for a single row.
    """
    counts = counts.tocsr()
    data = counts.data.astype(np.float64)
    weights = np.where(data > 0, 1.0 + np.log(np.maximum(data, 1e-12)), 0.0)
    weights *= idf[counts.indices]
    squares = np.add.reduceat(weights**2, counts.indptr[:-1]) if len(weights) else np.zeros(0)
    lengths = np.diff(counts.indptr)
    norms = np.sqrt(np.where(lengths > 0, squares[: len(lengths)], 0.0))
    weights /= np.repeat(np.maximum(norms, 1e-12), lengths)
    return scipy.sparse.csr_matrix((weights, counts.indices, counts.indptr), shape=counts.shape)


@dataclass
class _LinearModel:
    """The fitted weights, laid out for scoring one message in microseconds.

    scikit-learn's predict_proba re-lays out the whole coefficient matrix on every call (2 ms per
    message for the bot); scoring here touches only the rows of the message's own n-grams.
    """

    classes: list[str]
    idf: np.ndarray | None
    sparse_weights: np.ndarray | None  # (n_sparse, n_classes), C order
    dense_weights: np.ndarray | None  # (n_dense, n_classes), already times dense_weight
    intercept: np.ndarray

    @classmethod
    def from_classifier(
        cls, classifier: Any, idf: np.ndarray | None, weight: float
    ) -> _LinearModel:
        coef = np.asarray(classifier.coef_, dtype=np.float64)
        intercept = np.asarray(classifier.intercept_, dtype=np.float64)
        if coef.shape[0] == 1:  # two classes: one logit; score both classes as a softmax would
            coef = np.vstack([-coef / 2, coef / 2])
            intercept = np.array([-intercept[0] / 2, intercept[0] / 2])
        n_sparse = 0 if idf is None else len(idf)
        return cls(
            classes=[str(c) for c in classifier.classes_],
            idf=idf,
            sparse_weights=np.ascontiguousarray(coef[:, :n_sparse].T) if n_sparse else None,
            dense_weights=(
                np.ascontiguousarray(coef[:, n_sparse:].T * weight)
                if coef.shape[1] > n_sparse
                else None
            ),
            intercept=intercept,
        )

    def probabilities(self, sparse: Any, dense: Any) -> np.ndarray:
        """Softmax over the classes, one row per message (CSR counts, dense vectors)."""
        rows = (sparse if sparse is not None else dense).shape[0]
        scores = np.tile(self.intercept, (rows, 1))
        if self.sparse_weights is not None and self.idf is not None and sparse is not None:
            weighted = _tfidf(sparse, self.idf)
            for row in range(rows):
                begin, end = weighted.indptr[row], weighted.indptr[row + 1]
                # einsum, not @: a BLAS call this small costs more in thread hand-offs
                # (milliseconds on a busy machine) than the arithmetic itself.
                scores[row] += np.einsum(
                    "i,ij->j",
                    weighted.data[begin:end],
                    self.sparse_weights[weighted.indices[begin:end]],
                )
        if self.dense_weights is not None and dense is not None:
            for row in range(rows):
                scores[row] += np.einsum("i,ij->j", dense[row], self.dense_weights)
        scores -= scores.max(axis=1, keepdims=True)
        exp = np.exp(scores)
        probabilities: np.ndarray = exp / exp.sum(axis=1, keepdims=True)
        return probabilities


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=True)
class LinearIntentClassifier(PersistedComponent[_LinearModel], IntentClassifier):
    """Multinomial logistic regression on [TF-IDF(sparse sentence features), w * dense]."""

    trained_name = "model"
    untrained_behaviour = "it predicts nothing"

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {
            "C": 10.0,  # inverse regularisation strength
            "dense_weight": 1.0,  # scale of the (unit-length) sentence embedding
            "max_iter": 300,
            "ranking_length": 10,
        }

    @staticmethod
    def required_packages() -> list[str]:
        return ["sklearn", "scipy", "joblib"]

    def __init__(
        self,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        trained: _LinearModel | None = None,
    ) -> None:
        self._keep(config, model_storage, resource)
        self._model = trained

    @classmethod
    def read_trained(cls, folder: Path, config: dict[str, Any]) -> _LinearModel:
        """The fitted weights ``train`` saved."""
        model: _LinearModel = joblib.load(folder / MODEL_FILE)
        return model

    @classmethod
    def validate_config(cls, config: dict[str, Any]) -> None:
        if float(config.get("C", 10.0)) <= 0:
            raise ValueError("LinearIntentClassifier: C must be positive")
        if float(config.get("dense_weight", 1.0)) < 0:
            raise ValueError("LinearIntentClassifier: dense_weight must not be negative")

    @staticmethod
    def _features(messages: list[Message]) -> tuple[Any, Any]:
        """(sparse sentence counts, dense sentence vectors); either may be None.

        Read straight from the message's features in pipeline order: Rasa's own combination also
        joins the sequence features, which this classifier does not use, at several times the cost.
        """
        indptr: list[int] = [0]
        indices: list[np.ndarray] = []
        counts: list[np.ndarray] = []
        dense_rows: list[np.ndarray | None] = []
        width: int | None = None
        for message in messages:
            sentence = [
                f
                for f in message.features
                if f.attribute == TEXT and f.type == FEATURE_TYPE_SENTENCE
            ]
            offset, first = 0, len(counts)
            for feature in (f for f in sentence if f.is_sparse()):
                part = feature.features.tocoo()
                indices.append(part.col + offset)
                counts.append(part.data)
                offset += part.shape[1]
            if width is not None and offset != width:
                raise ValueError("LinearIntentClassifier: messages carry different features")
            width = offset
            indptr.append(indptr[-1] + sum(len(c) for c in counts[first:]))
            dense = [f.features for f in sentence if f.is_dense()]
            dense_rows.append(np.hstack(dense) if dense else None)
        stacked_sparse = None
        if width:
            stacked_sparse = scipy.sparse.csr_matrix(
                (np.concatenate(counts), np.concatenate(indices), np.asarray(indptr)),
                shape=(len(messages), width),
            )
            stacked_sparse.sum_duplicates()
        stacked_dense = None
        present = [row for row in dense_rows if row is not None]
        if dense_rows and len(present) == len(dense_rows):
            stacked_dense = np.vstack(present).astype(np.float64)
        if stacked_sparse is None and stacked_dense is None:
            raise ValueError(
                "LinearIntentClassifier found no sentence features: put featurizers before it"
            )
        return stacked_sparse, stacked_dense

    def train(self, training_data: TrainingData) -> Resource:
        from sklearn.linear_model import LogisticRegression

        examples = [m for m in training_data.intent_examples if m.get(TEXT)]
        labels = [m.get(INTENT) for m in examples]
        if len(set(labels)) < 2:
            logger.warning("LinearIntentClassifier needs at least two intents; skipping training")
            return self._resource
        sparse, dense = self._features(examples)
        idf: np.ndarray | None = None
        parts: list[Any] = []
        if sparse is not None:
            idf = _idf(sparse)
            parts.append(_tfidf(sparse, idf))
        weight = float(self._config["dense_weight"])
        if dense is not None:
            parts.append(scipy.sparse.csr_matrix(dense * weight))
        classifier = LogisticRegression(
            C=float(self._config["C"]), max_iter=int(self._config["max_iter"])
        )
        classifier.fit(scipy.sparse.hstack(parts).tocsr(), labels)
        self._model = _LinearModel.from_classifier(classifier, idf, weight)
        with self.persist() as folder:
            joblib.dump(self._model, folder / MODEL_FILE)
        return self._resource

    def process(self, messages: list[Message]) -> list[Message]:
        todo = [m for m in messages if m.get(TEXT)]
        if self._model is not None and todo:
            probabilities = self._model.probabilities(*self._features(todo))
            length = int(self._config["ranking_length"])
            for message, row in zip(todo, probabilities, strict=True):
                order = np.argsort(-row)[:length] if length > 0 else np.argsort(-row)
                ranking = [
                    {
                        INTENT_NAME_KEY: self._model.classes[i],
                        PREDICTED_CONFIDENCE_KEY: float(row[i]),
                    }
                    for i in order
                ]
                message.set(INTENT, ranking[0], add_to_output=True)
                message.set(INTENT_RANKING_KEY, ranking, add_to_output=True)
        done = {id(m) for m in todo} if self._model is not None else set()
        for message in messages:
            if id(message) not in done:
                nothing = {INTENT_NAME_KEY: None, PREDICTED_CONFIDENCE_KEY: 0.0}
                message.set(INTENT, nothing, add_to_output=True)
                message.set(INTENT_RANKING_KEY, [], add_to_output=True)
        return messages
