"""Where the tests find the repository's files and their own fixtures (``tests/data``)."""

from __future__ import annotations

from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
TEST_DATA = REPO / "tests" / "data"
TRACKERS_DIR = TEST_DATA / "trackers"
# The policies the tests rely on: a copy of the shop's data/policies.yml as it was written, so a
# shop editing its own file cannot change what the tests expect.
POLICIES_FILE = TEST_DATA / "policies.yml"
BOT_DIR = REPO / "bot"
DOMAIN_DIR = BOT_DIR / "domain"
