import logging
import os
import sys
import time
from pathlib import Path

import pytest

from icrm_models.registry.serving import PromotedModels
from icrm_models.registry.store import ARTEFACT, Registry, RegistryError


def test_save_load_list_and_promote(tmp_path: Path) -> None:
    registry = Registry(tmp_path / "registry")
    assert registry.versions() == [] and registry.promoted() is None
    version = registry.save("v1", {"weights": [1, 2, 3]}, {"metrics": {"auc": 0.8}})
    assert version.card["version"] == "v1" and len(version.card["artefact_sha256"]) == 64
    assert registry.load("v1") == {"weights": [1, 2, 3]}
    registry.save("v2", {"weights": [4]}, {})
    assert [v.name for v in registry.versions()] == ["v1", "v2"]
    registry.promote("v2")
    assert registry.promoted() == "v2"
    with pytest.raises(RegistryError, match="already exists"):
        registry.save("v1", {}, {})
    with pytest.raises(RegistryError, match="no version"):
        registry.promote("v9")


def test_a_corrupt_artefact_is_refused(tmp_path: Path) -> None:
    registry = Registry(tmp_path)
    registry.save("v1", {"a": 1}, {})
    (tmp_path / "v1" / ARTEFACT).write_bytes(b"garbage")
    with pytest.raises(RegistryError, match="missing or corrupt"):
        registry.load("v1")
    with pytest.raises(RegistryError):
        registry.promote("v1")


def test_a_new_promotion_is_picked_up_without_restart(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    registry = Registry(tmp_path)
    serving = PromotedModels(tmp_path)
    assert serving.get() == (None, None)
    registry.save("v1", "first", {})
    registry.promote("v1")
    assert serving.get() == ("v1", "first")
    registry.save("v2", "second", {})
    time.sleep(0.01)
    registry.promote("v2")
    assert serving.get() == ("v2", "second")
    # A promotion that cannot be loaded keeps the working version and says so.
    registry.save("v3", "third", {})
    (tmp_path / "v3" / ARTEFACT).write_bytes(b"garbage")
    (tmp_path / "PROMOTED").write_text("v3")
    os.utime(tmp_path / "PROMOTED", ns=(time.time_ns(), time.time_ns() + 10**9))
    with caplog.at_level(logging.ERROR):
        assert serving.get() == ("v2", "second")
    assert "cannot load promoted version v3" in caplog.text


def test_an_artefact_of_code_that_is_gone_is_a_registry_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """Unpickling needs the classes the models were saved with; an upgrade may have removed
    them. The server keeps what it serves, and training can ignore the old version."""
    code = tmp_path / "code"
    code.mkdir()
    (code / "vanished_models.py").write_text("class Model:\n    pass\n")
    monkeypatch.syspath_prepend(str(code))
    import vanished_models  # type: ignore[import-not-found]

    registry = Registry(tmp_path / "registry")
    serving = PromotedModels(tmp_path / "registry")
    registry.save("v1", "working", {})
    registry.promote("v1")
    assert serving.get() == ("v1", "working")
    registry.save("v2", vanished_models.Model(), {})
    (code / "vanished_models.py").unlink()
    monkeypatch.delitem(sys.modules, "vanished_models")
    with pytest.raises(RegistryError, match=r"cannot be loaded by this code.*ModuleNotFoundError"):
        registry.load("v2")
    (tmp_path / "registry" / "PROMOTED").write_text("v2")
    os.utime(tmp_path / "registry" / "PROMOTED", ns=(time.time_ns(), time.time_ns() + 10**9))
    with caplog.at_level(logging.ERROR):
        assert serving.get() == ("v1", "working")
    assert "cannot load promoted version v2" in caplog.text


def test_a_taken_name_gets_a_number(tmp_path: Path) -> None:
    registry = Registry(tmp_path)
    assert registry.new_name("20261123-abc") == "20261123-abc"
    registry.save("20261123-abc", 1, {})
    assert registry.new_name("20261123-abc") == "20261123-abc-2"
    registry.save("20261123-abc-2", 2, {})
    assert registry.new_name("20261123-abc") == "20261123-abc-3"
