"""The model registry: one folder per version (artefact + card), one file naming the promoted.

    <root>/<version>/models.joblib   the fitted models
    <root>/<version>/card.json       what they were trained on, with, and how well they did
    <root>/PROMOTED                  the version the action server serves

Every write goes to a temporary name first and is renamed into place, so a reader never sees
half a version or half a promotion. The artefact's SHA-256 is in the card and checked on load.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import joblib

ARTEFACT = "models.joblib"
CARD = "card.json"
PROMOTED = "PROMOTED"


class RegistryError(RuntimeError):
    """A version is missing, corrupt or cannot be promoted."""


@dataclass(frozen=True)
class Version:
    """A stored version: its name and its model card."""

    name: str
    card: dict[str, Any]


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


class Registry:
    """Model versions under ``root``."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def save(self, name: str, models: object, card: dict[str, Any]) -> Version:
        """Store ``models`` with ``card`` as version ``name`` (which must be new).

        The registry stores any picklable object; the customer models are a
        :class:`~icrm_models.registry.bundle.ModelBundle`.
        """
        target = self.root / name
        if target.exists():
            raise RegistryError(f"version {name} already exists")
        self.root.mkdir(parents=True, exist_ok=True)
        scratch = Path(tempfile.mkdtemp(dir=self.root, prefix=f".{name}-"))
        try:
            joblib.dump(models, scratch / ARTEFACT, compress=3)
            card = {**card, "version": name, "artefact_sha256": _sha256(scratch / ARTEFACT)}
            (scratch / CARD).write_text(json.dumps(card, indent=2, default=str))
            os.replace(scratch, target)
        except BaseException:
            shutil.rmtree(scratch, ignore_errors=True)
            raise
        return Version(name, card)

    def new_name(self, base: str) -> str:
        """``base``, or ``base-2``, ``base-3`` ... when taken: training again at the same cut
        with the same code stores a new version instead of failing at the end."""
        name, n = base, 1
        while (self.root / name).exists():
            n += 1
            name = f"{base}-{n}"
        return name

    def versions(self) -> list[Version]:
        """Every stored version, oldest first."""
        if not self.root.exists():
            return []
        found = []
        for folder in sorted(
            p for p in self.root.iterdir() if p.is_dir() and not p.name.startswith(".")
        ):
            try:
                found.append(Version(folder.name, json.loads((folder / CARD).read_text())))
            except (OSError, ValueError):
                continue  # not a complete version
        return found

    def card(self, name: str) -> dict[str, Any]:
        path = self.root / name / CARD
        if not path.exists():
            raise RegistryError(f"no version {name} in {self.root}")
        card: dict[str, Any] = json.loads(path.read_text())
        return card

    def load(self, name: str) -> object:
        """The models of version ``name``, after checking the artefact's checksum.

        The result is whatever was saved (an ``object``: check it before use, e.g. with
        :func:`~icrm_models.registry.bundle.checked_bundle`). A bundle of another format
        fails here, as any artefact the code can no longer read.
        """
        card = self.card(name)
        artefact = self.root / name / ARTEFACT
        if not artefact.exists() or _sha256(artefact) != card.get("artefact_sha256"):
            raise RegistryError(f"the artefact of version {name} is missing or corrupt")
        try:
            return joblib.load(artefact)
        except Exception as exc:  # unpickling runs code of classes that may have moved on
            raise RegistryError(
                f"version {name} cannot be loaded by this code ({type(exc).__name__}: {exc}); "
                "train a new version"
            ) from exc

    def promote(self, name: str) -> None:
        """Make ``name`` the version that is served (atomically)."""
        self.load(name)  # refuse to promote what cannot be loaded
        scratch = self.root / f".{PROMOTED}.{os.getpid()}"
        scratch.write_text(name)
        os.replace(scratch, self.root / PROMOTED)

    def promoted(self) -> str | None:
        """The promoted version's name, if any."""
        path = self.root / PROMOTED
        return path.read_text().strip() or None if path.exists() else None
