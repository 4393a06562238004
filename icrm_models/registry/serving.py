"""The promoted models for a long-running process, reloaded when another version is promoted."""

from __future__ import annotations

import logging
import threading
from pathlib import Path

from icrm_models.registry.store import PROMOTED, Registry, RegistryError

logger = logging.getLogger(__name__)


class PromotedModels:
    """Gives the promoted version's models; checks the promotion file's timestamp on each call.

    A failed load keeps serving what was loaded before (or nothing) and says so in the log, so
    a corrupt new version never takes a working server down.
    """

    def __init__(self, root: Path) -> None:
        self.registry = Registry(root)
        self._lock = threading.Lock()
        self._stamp: float | None = None
        self._version: str | None = None
        self._models: object = None  # as loaded; checked by its users

    def get(self) -> tuple[str | None, object]:
        """(version, models) currently promoted; (None, None) when nothing usable is.

        ``models`` is the artefact as the registry loaded it; users check it with
        :func:`~icrm_models.registry.bundle.checked_bundle` (a broken one is served as it is,
        so that each use can fall back and say why).
        """
        path = self.registry.root / PROMOTED
        try:
            stamp = path.stat().st_mtime_ns
        except FileNotFoundError:
            return self._version, self._models
        with self._lock:
            if stamp != self._stamp:
                self._stamp = stamp
                self._reload()
            return self._version, self._models

    def _reload(self) -> None:
        name = self.registry.promoted()
        if name is None or name == self._version:
            return
        try:
            self._models = self.registry.load(name)
            self._version = name
            logger.info("serving models of version %s", name)
        except (RegistryError, OSError, ValueError, EOFError) as exc:
            logger.error(
                "cannot load promoted version %s (%s); keeping %s",
                name,
                exc,
                self._version or "no models (popularity fallback)",
            )
