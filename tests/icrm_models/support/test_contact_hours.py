from datetime import UTC, datetime, time
from pathlib import Path

import pytest

from icrm_models.policies.source import load_policies
from icrm_models.support.contact_hours import parse_contact_hours
from tests.helpers.paths import POLICIES_FILE, REPO

SHOP_HOURS = "Monday to Friday 8:00–20:00, Saturday 9:00–14:00 (CET)"


def at(text: str) -> datetime:
    """A UTC moment, e.g. "2026-11-23 12:00"."""
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def test_the_shops_hours_are_read() -> None:
    hours = parse_contact_hours(SHOP_HOURS)
    assert hours is not None
    assert hours.zone_label == "CET"
    assert hours.windows[0] == ((time(8), time(20)),)
    assert hours.windows[5] == ((time(9), time(14)),)
    assert 6 not in hours.windows


def test_the_policies_hold_the_shops_hours() -> None:
    assert load_policies(POLICIES_FILE).contact.hours == SHOP_HOURS


@pytest.mark.parametrize("path", [REPO / "data" / "policies.yml", POLICIES_FILE])
def test_the_policies_files_hours_are_opening_windows(path: Path) -> None:
    """The shop may edit its own file: whatever it writes must still read as opening hours."""
    hours = parse_contact_hours(load_policies(path).contact.hours)
    assert hours is not None
    assert hours.zone_label
    assert set(hours.windows) <= set(range(7)) and hours.windows
    assert all(start < end for day in hours.windows.values() for start, end in day)


@pytest.mark.parametrize(
    ("moment", "is_open"),
    [
        ("2026-11-23 12:00", True),  # Monday 13:00 CET
        ("2026-11-23 06:59", False),  # Monday 07:59 CET
        ("2026-11-23 07:00", True),  # Monday 08:00 CET
        ("2026-11-23 19:00", False),  # Monday 20:00 CET: closed
        ("2026-11-28 12:00", True),  # Saturday 13:00 CET
        ("2026-11-28 13:00", False),  # Saturday 14:00 CET
        ("2026-11-29 12:00", False),  # Sunday
        ("2026-07-06 06:30", True),  # Monday 08:30 CEST (summer time)
        ("2026-07-06 18:30", False),  # Monday 20:30 CEST
    ],
)
def test_open_or_closed(moment: str, is_open: bool) -> None:
    hours = parse_contact_hours(SHOP_HOURS)
    assert hours is not None and hours.is_open(at(moment)) is is_open


@pytest.mark.parametrize(
    ("moment", "described"),
    [
        ("2026-11-23 05:00", "today at 8:00 (CET)"),  # Monday 06:00
        ("2026-11-27 20:00", "tomorrow at 9:00 (CET)"),  # Friday 21:00
        ("2026-11-28 14:00", "on Monday at 8:00 (CET)"),  # Saturday 15:00
        ("2026-11-29 10:00", "tomorrow at 8:00 (CET)"),  # Sunday
    ],
)
def test_when_the_team_is_back(moment: str, described: str) -> None:
    hours = parse_contact_hours(SHOP_HOURS)
    assert hours is not None
    opening = hours.next_opening(at(moment))
    assert opening is not None and opening > at(moment)
    assert hours.describe_opening(opening, now=at(moment)) == described


@pytest.mark.parametrize(
    ("text", "days", "window"),
    [
        ("Mon-Fri 9am-5pm (UTC)", [0, 1, 2, 3, 4], (time(9), time(17))),
        ("daily 8-22 (Europe/London)", list(range(7)), (time(8), time(22))),
        ("weekends 10:00 to 16:00", [5, 6], (time(10), time(16))),
        ("Saturday and Sunday 10.00–24:00 (CEST)", [5, 6], (time(10), time.max)),
        ("Monday, Wednesday 9-17 (UTC)", [0, 2], (time(9), time(17))),
        ("Fri–Mon 9:00–17:00 (UTC)", [4, 5, 6, 0], (time(9), time(17))),
    ],
)
def test_other_ways_of_writing_hours(text: str, days: list[int], window: tuple[time, time]) -> None:
    hours = parse_contact_hours(text)
    assert hours is not None
    assert sorted(hours.windows) == sorted(days)
    assert all(hours.windows[day] == (window,) for day in days)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "around the clock",
        "Monday to Friday (CET)",
        "Funday 8:00–20:00",
        "Monday 20:00–8:00",
        "Monday 8:00–25:00",
        "Monday to Friday 8:00–20:00 (Mars/Olympus)",
        "8:00–20:00",
    ],
)
def test_unreadable_hours_give_none(text: str) -> None:
    assert parse_contact_hours(text) is None


def test_naive_times_are_refused() -> None:
    hours = parse_contact_hours(SHOP_HOURS)
    assert hours is not None
    with pytest.raises(ValueError, match="naive"):
        hours.is_open(datetime(2026, 11, 23, 12))
