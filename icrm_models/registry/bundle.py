"""The model bundle: what training hands to serving, as one versioned, typed artefact.

Training (:mod:`icrm_models.training.pipeline`) builds a :class:`ModelBundle`; the registry
stores it with joblib, and the action server loads it. This module is the contract between the
two, so serving needs no training code. The bundle's layout is versioned by
:data:`BUNDLE_FORMAT`: unpickling a bundle of another format fails at load with a
:class:`BundleFormatError` (the registry reports it as "train a new version"), instead of
serving a half-understood object and probing it for missing fields.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

import numpy as np
import pandas as pd

from icrm_models.recommend.blend import BlendRecommender
from icrm_models.recommend.cold_start import ColdStart
from icrm_models.recommend.rules import CoPurchaseRules
from icrm_models.segments.segmentation import Segmentation

# The layout of ModelBundle's fields. Raise it whenever a field is added, removed or changes
# meaning: bundles of the previous layout then refuse to load rather than serve wrongly.
BUNDLE_FORMAT = 1


class BundleFormatError(ValueError):
    """A stored bundle has a layout (format) this code does not read."""


class BrokenModelsError(ValueError):
    """The promoted artefact is not a usable model bundle."""


class PropensityModel(Protocol):
    """A fitted purchase-propensity classifier (a scikit-learn pipeline in practice)."""

    def predict_proba(self, X: pd.DataFrame) -> np.ndarray:
        """Class probabilities per row of ``X``; column 1 is "buys within the horizon"."""
        ...


@dataclass
class ModelBundle:
    """Everything the action server needs to segment, score and recommend."""

    feature_version: str  # the features' FEATURE_VERSION the models were trained on
    cut: datetime  # the training data ends here
    feature_columns: list[str]
    segmentation: Segmentation
    propensity: PropensityModel
    propensity_columns: list[str]  # the feature columns the propensity model reads, in order
    recommender: BlendRecommender
    cold_start: ColdStart  # rankings for customers the recommender never saw buy
    rules: CoPurchaseRules  # co-purchase rules behind "often bought with" reasons
    format_version: int = BUNDLE_FORMAT  # the layout of these fields; checked at load

    def __setstate__(self, state: dict[str, Any]) -> None:
        """Unpickle only a bundle of this code's :data:`BUNDLE_FORMAT`.

        Pickle restores the saved fields as they were; a bundle of another layout would load
        with fields missing or meaning something else, so it is refused here, at load.
        """
        found = state.get("format_version")
        if found != BUNDLE_FORMAT:
            saved = "an unversioned format" if found is None else f"format {found!r}"
            raise BundleFormatError(
                f"the model bundle has {saved}; this code reads format {BUNDLE_FORMAT}"
            )
        self.__dict__.update(state)


def checked_bundle(artefact: object) -> ModelBundle:
    """``artefact`` (as loaded from the registry) as a usable :class:`ModelBundle`.

    Raises :class:`BrokenModelsError` saying what is wrong: the registry stores any object,
    and a fitted recommender is what every use of the bundle starts from.
    """
    if not isinstance(artefact, ModelBundle):
        raise BrokenModelsError(
            f"the promoted artefact is a {type(artefact).__name__}, not a bundle"
        )
    if not hasattr(artefact.recommender, "data_"):
        raise BrokenModelsError("the promoted recommender is not fitted")
    return artefact
