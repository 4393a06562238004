"""Loading a script of the project as a module by its path (scripts that are not packages:
``rasa_runtime/run_rasa.py``, the channels in ``bot/`` that Rasa imports with PYTHONPATH=bot)."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType


def module_at(path: Path, name: str) -> ModuleType:
    """The module in the file ``path``, imported under ``name``."""
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
