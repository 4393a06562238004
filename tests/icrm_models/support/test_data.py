"""Paths the support tests share."""

from pathlib import Path

POLICIES_FILE = Path(__file__).parents[3] / "data" / "policies.yml"
