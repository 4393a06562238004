"""Versioned model artefacts on disk, their model cards, and which version is promoted."""
