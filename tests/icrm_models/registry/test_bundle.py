"""The model bundle's format is checked at load; a bundle is checked before it is served."""

import dataclasses
from datetime import UTC, datetime
from pathlib import Path
from typing import cast

import pytest

from icrm_models.recommend.blend import BlendRecommender
from icrm_models.recommend.cold_start import ColdStart
from icrm_models.recommend.rules import CoPurchaseRules
from icrm_models.registry.bundle import (
    BUNDLE_FORMAT,
    BrokenModelsError,
    ModelBundle,
    PropensityModel,
    checked_bundle,
)
from icrm_models.registry.serving import PromotedModels
from icrm_models.registry.store import Registry, RegistryError
from icrm_models.segments.segmentation import Segmentation


def unfitted_bundle(**changes: object) -> ModelBundle:
    """A bundle whose models are placeholders: enough to store, load and check its format."""
    bundle = ModelBundle(
        feature_version="test",
        cut=datetime(2026, 1, 1, tzinfo=UTC),
        feature_columns=["recency_days"],
        segmentation=cast(Segmentation, None),
        propensity=cast(PropensityModel, None),
        propensity_columns=["recency_days"],
        recommender=BlendRecommender(),
        cold_start=ColdStart(first_orders=[3, 1]),
        rules=CoPurchaseRules(),
    )
    return dataclasses.replace(bundle, **changes)  # type: ignore[arg-type]


def test_a_bundle_keeps_its_fields_and_format_through_the_registry(tmp_path: Path) -> None:
    registry = Registry(tmp_path)
    registry.save("v1", unfitted_bundle(), {})
    loaded = registry.load("v1")
    assert isinstance(loaded, ModelBundle) and loaded.format_version == BUNDLE_FORMAT
    assert loaded.cold_start.first_orders == [3, 1] and loaded.feature_version == "test"


@pytest.mark.parametrize(
    ("state", "message"),
    [
        ({"format_version": BUNDLE_FORMAT + 1}, f"format {BUNDLE_FORMAT + 1}; this code reads"),
        ({}, "an unversioned format"),  # saved before bundles carried their format
    ],
)
def test_a_bundle_of_another_format_is_refused_at_load_with_a_clear_error(
    tmp_path: Path, state: dict[str, object], message: str
) -> None:
    bundle = unfitted_bundle()
    del bundle.__dict__["format_version"]
    bundle.__dict__.update(state)  # what an older or newer code would have pickled
    registry = Registry(tmp_path / "registry")
    registry.save("v1", bundle, {})
    with pytest.raises(RegistryError, match=rf"BundleFormatError: .*{message}.*train a new"):
        registry.load("v1")
    with pytest.raises(RegistryError, match="BundleFormatError"):
        registry.promote("v1")  # never served
    (tmp_path / "registry" / "PROMOTED").write_text("v1")
    assert PromotedModels(tmp_path / "registry").get() == (None, None)


def test_only_a_fitted_bundle_passes_the_check() -> None:
    with pytest.raises(BrokenModelsError, match="is a dict, not a bundle"):
        checked_bundle({"models": 1})
    with pytest.raises(BrokenModelsError, match="recommender is not fitted"):
        checked_bundle(unfitted_bundle())
