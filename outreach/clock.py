"""The one place the web layer reads the clock (the domain core takes dates as arguments)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

BERLIN = ZoneInfo("Europe/Berlin")


def now() -> datetime:
    return datetime.now(UTC)


def stamp(moment: datetime | None = None) -> str:
    """UTC timestamps in one fixed format, so they also compare correctly as text."""
    return (moment or now()).astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def parse_stamp(text: str) -> datetime:
    return datetime.strptime(text, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=UTC)


def later(**delta) -> str:
    return stamp(now() + timedelta(**delta))


def berlin_today() -> date:
    return now().astimezone(BERLIN).date()
