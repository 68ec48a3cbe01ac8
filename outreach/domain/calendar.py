"""Legal calendar: Berlin calendar dates, public holidays per Bundesland, working days.

Two kinds of "working day" matter in German tenancy and procedure law:

* ``is_working_day``: Monday to Friday, not a public holiday. This is the day on
  which a period ends under § 193 BGB / § 222(2) ZPO, and the bank day used for
  the rent payment grace of § 556b(1) BGB (BGH VIII ZR 129/09).
* ``is_werktag``: Monday to Saturday, not a public holiday — the ordinary legal
  meaning of "Werktag" (BGH VIII ZR 206/04), used for the notice grace of
  § 573c(1) BGB and the energy-cut announcement of § 19 StromGVV/GasGVV.
"""

from __future__ import annotations

import calendar as _stdlib_calendar
from collections.abc import Callable
from datetime import date, datetime, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays
from dateutil.easter import easter

DEFAULT_STATE = "BB"  # Brandenburg (Senftenberg)
FIRST_YEAR = 1991  # the `holidays` package has no German holidays before 3 Oct 1990
BERLIN = ZoneInfo("Europe/Berlin")

# Brandenburg's Feiertagsgesetz names Easter Sunday and Whit Sunday as public
# holidays. The `holidays` package returns them today; adding them here keeps
# that true if a package release ever drops them (they are Sundays anyway).
_SUNDAY_HOLIDAYS_BY_STATE = {"BB": ("easter_sunday", "whit_sunday")}


def berlin_date(moment: datetime) -> date:
    """Return the Europe/Berlin calendar date of an aware datetime.

    Legal dates (service, receipt, payment) are Berlin calendar dates; a server
    clock in UTC is a day off between 22:00/23:00 UTC and midnight.
    """
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError("berlin_date needs a timezone-aware datetime")
    return moment.astimezone(BERLIN).date()


@lru_cache(maxsize=256)
def _holidays_of_year(state: str, year: int) -> frozenset[date]:
    """Public holidays of one state and year, cached (building them is slow)."""
    if year < FIRST_YEAR:
        raise ValueError(f"no public-holiday data for {year} (first year: {FIRST_YEAR})")
    days = set(holidays.Germany(subdiv=state, years=year).keys())
    sunday_easter = easter(year)
    extra = {
        "easter_sunday": sunday_easter,
        "whit_sunday": sunday_easter + timedelta(days=49),
    }
    for name in _SUNDAY_HOLIDAYS_BY_STATE.get(state, ()):
        days.add(extra[name])
    return frozenset(days)


def public_holidays(year: int, state: str = DEFAULT_STATE) -> frozenset[date]:
    """All public holidays (gesetzliche Feiertage) of ``state`` in ``year``."""
    return _holidays_of_year(state, year)


def is_public_holiday(day: date, state: str = DEFAULT_STATE) -> bool:
    """True if ``day`` is a public holiday in ``state`` (§ 193 BGB, § 222(2) ZPO)."""
    return day in _holidays_of_year(state, day.year)


def is_working_day(day: date, state: str = DEFAULT_STATE) -> bool:
    """Monday–Friday and not a public holiday: a day on which a period may end."""
    return day.weekday() < 5 and not is_public_holiday(day, state)


def is_werktag(day: date, state: str = DEFAULT_STATE) -> bool:
    """Monday–Saturday and not a public holiday (Werktag in its ordinary sense)."""
    return day.weekday() < 6 and not is_public_holiday(day, state)


def next_working_day_on_or_after(day: date, state: str = DEFAULT_STATE) -> date:
    """``day`` itself if it is a working day, else the next one (§ 193 BGB)."""
    while not is_working_day(day, state):
        day += timedelta(days=1)
    return day


def previous_working_day_on_or_before(day: date, state: str = DEFAULT_STATE) -> date:
    """``day`` itself if it is a working day, else the last one before it."""
    while not is_working_day(day, state):
        day -= timedelta(days=1)
    return day


def nth_day_of_month(year: int, month: int, n: int, counts: Callable[[date], bool]) -> date:
    """The ``n``-th day of the month for which ``counts(day)`` is true."""
    seen = 0
    for day_number in range(1, last_day_of_month(year, month) + 1):
        day = date(year, month, day_number)
        if counts(day):
            seen += 1
            if seen == n:
                return day
    raise ValueError(f"month {year}-{month:02d} has fewer than {n} counting days")


def add_werktage(start: date, count: int, state: str = DEFAULT_STATE) -> date:
    """The ``count``-th Werktag after ``start`` (``start`` itself not counted)."""
    day, seen = start, 0
    while seen < count:
        day += timedelta(days=1)
        if is_werktag(day, state):
            seen += 1
    return day


def last_day_of_month(year: int, month: int) -> int:
    """Number of the last day of the month (28–31)."""
    return _stdlib_calendar.monthrange(year, month)[1]


def add_months(day: date, months: int) -> date:
    """Same day number ``months`` later (or earlier); clamped to the month's end."""
    index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(index, 12)
    month += 1
    return date(year, month, min(day.day, last_day_of_month(year, month)))
