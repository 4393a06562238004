"""The customer-service hours from the policies file, read so the assistant can tell whether a
colleague is around now and, if not, when they are back.

``data/policies.yml`` states the hours for people ("Monday to Friday 8:00–20:00, Saturday
9:00–14:00 (CET)"), so they are parsed here rather than duplicated in a machine format: day
names or abbreviations, ranges ("Mon–Fri", "Monday to Friday"), lists ("Saturday and Sunday"),
"daily"/"weekdays"/"weekends", times as "8:00–20:00", "8-20" or "9am to 5pm", and a time zone in
brackets at the end (an IANA name or CET/CEST/UTC/GMT). Text that can't be read gives None and
the assistant just quotes the hours instead of guessing.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

_DAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_ZONES = {
    "CET": "Europe/Berlin",
    "CEST": "Europe/Berlin",
    "UTC": "UTC",
    "GMT": "UTC",
    "UK": "Europe/London",
    "BST": "Europe/London",
}
_ZONE = re.compile(r"\(([^()]+)\)\s*$")
_TIME = r"(\d{1,2})(?:[:.](\d{2}))?\s*(am|pm)?"
_RANGE = re.compile(_TIME + r"\s*(?:-|–|—|to|until|till)\s*" + _TIME, re.IGNORECASE)
_DAY_RANGE = re.compile(r"^([a-z]+)\.?\s*(?:-|–|—|to|through|thru|until)\s*([a-z]+)\.?$")

Window = tuple[time, time]


@dataclass(frozen=True)
class ContactHours:
    """When colleagues answer: per weekday (0 = Monday) the opening windows, in ``zone``."""

    zone: tzinfo
    zone_label: str
    windows: Mapping[int, tuple[Window, ...]]

    def _local(self, at: datetime) -> datetime:
        if at.tzinfo is None:
            raise ValueError(f"naive datetime {at!r}: pass a timezone-aware time")
        return at.astimezone(self.zone)

    def is_open(self, at: datetime) -> bool:
        """Whether a colleague is available at ``at``."""
        local = self._local(at)
        moment = local.time().replace(tzinfo=None)
        return any(start <= moment < end for start, end in self.windows.get(local.weekday(), ()))

    def next_opening(self, at: datetime) -> datetime | None:
        """The next time (after ``at``) colleagues start answering, in the hours' zone."""
        local = self._local(at)
        for offset in range(8):
            day: date = local.date() + timedelta(days=offset)
            for start, _ in sorted(self.windows.get(day.weekday(), ())):
                opening = datetime.combine(day, start, tzinfo=self.zone)
                if opening > local:
                    return opening
        return None

    def describe_opening(self, opening: datetime, *, now: datetime) -> str:
        """``opening`` for the customer: "today at 8:00 (CET)", "on Monday at 8:00 (CET)"."""
        local_now = self._local(now)
        local = self._local(opening)
        clock = f"{local.hour}:{local.minute:02d}"
        days = (local.date() - local_now.date()).days
        if days == 0:
            when = "today"
        elif days == 1:
            when = "tomorrow"
        else:
            when = "on " + _DAYS[local.weekday()].capitalize()
        return f"{when} at {clock} ({self.zone_label})"


def _zone(label: str | None) -> tuple[tzinfo, str] | None:
    if label is None:
        return UTC, "UTC"
    name = _ZONES.get(label.upper(), label)
    try:
        return ZoneInfo(name), label
    except (ZoneInfoNotFoundError, ValueError):
        return None


def _day(word: str) -> int | None:
    word = word.strip(". ").lower()
    if len(word) < 2:
        return None
    matches = [i for i, name in enumerate(_DAYS) if name.startswith(word)]
    return matches[0] if len(matches) == 1 or (matches and len(word) >= 3) else None


def _days(text: str) -> list[int] | None:
    text = " ".join(text.lower().replace(":", " ").split())
    if text in ("daily", "every day", "all week", "7 days a week"):
        return list(range(7))
    if text in ("weekdays", "on weekdays", "working days"):
        return list(range(5))
    if text in ("weekends", "at weekends", "on weekends", "weekend"):
        return [5, 6]
    ranged = _DAY_RANGE.match(text)
    if ranged:
        first, last = _day(ranged.group(1)), _day(ranged.group(2))
        if first is None or last is None:
            return None
        return [(first + k) % 7 for k in range((last - first) % 7 + 1)]
    days: list[int] = []
    for word in re.split(r"\s*(?:,|/|&|\band\b)\s*", text):
        if not word:
            continue
        day = _day(word)
        if day is None:
            return None
        days.append(day)
    return days or None


def _clock(hour: str, minute: str | None, meridiem: str | None) -> time | None:
    h, m = int(hour), int(minute or 0)
    if meridiem:
        if not 1 <= h <= 12:
            return None
        h = h % 12 + (12 if meridiem.lower() == "pm" else 0)
    if h == 24 and m == 0:
        return time.max
    if not (0 <= h <= 23 and 0 <= m <= 59):
        return None
    return time(h, m)


def parse_contact_hours(text: str) -> ContactHours | None:
    """The hours described by ``text``, or None when it can't be read reliably.

    >>> hours = parse_contact_hours("Monday to Friday 8:00–20:00, Saturday 9:00–14:00 (CET)")
    >>> sorted(hours.windows), hours.zone_label
    ([0, 1, 2, 3, 4, 5], 'CET')
    """
    text = text.strip()
    label = None
    zone_match = _ZONE.search(text)
    if zone_match:
        label = zone_match.group(1).strip()
        text = text[: zone_match.start()].strip()
    zone = _zone(label)
    if zone is None:
        return None
    windows: dict[int, list[Window]] = {}
    pending: list[int] = []  # days listed before the segment that gives their time
    for segment in re.split(r"\s*[;,]\s*", text):
        if not segment:
            continue
        found = _RANGE.search(segment)
        day_text = segment[: found.start()] if found else segment
        days = _days(day_text) if day_text.strip() else []
        if days is None:
            return None
        if found is None:
            pending.extend(days)
            continue
        start = _clock(found.group(1), found.group(2), found.group(3))
        end = _clock(found.group(4), found.group(5), found.group(6))
        if start is None or end is None or end <= start or not (days or pending):
            return None
        for day in pending + days:
            windows.setdefault(day, []).append((start, end))
        pending = []
    if pending or not windows:
        return None
    return ContactHours(
        zone=zone[0],
        zone_label=zone[1],
        windows={day: tuple(sorted(w)) for day, w in windows.items()},
    )
