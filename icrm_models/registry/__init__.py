"""Versioned model artefacts on disk with their model cards, which version is promoted, and
the model bundle they hold (the typed, versioned contract between training and serving)."""
