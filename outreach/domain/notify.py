"""When a person is told of what waits for them (issue 22): at once or in the daily digest, never
in their quiet hours, retried with a growing pause when the mail or push server fails. Plain
Python; times are local (Europe/Berlin) datetimes passed in by the caller."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta

MODES = ("instant", "digest", "off")
# Retries of a message whose server failed: 1, 2, 4 … minutes, at most an hour apart; after a day
# of failures the message is marked failed (the admins' queue shows it) and no longer tried.
FIRST_PAUSE = timedelta(minutes=1)
LONGEST_PAUSE = timedelta(hours=1)
GIVE_UP_AFTER = 30  # attempts: about a day at the longest pause


@dataclass(frozen=True)
class Preferences:
    """A person's choices; kinds they did not choose take the default."""

    email_on: bool = False
    email_mode: str = "digest"  # for the kinds that are not urgent
    digest_hour: int = 7
    quiet_from: int | None = None
    quiet_to: int | None = None
    kinds: dict = field(default_factory=dict)  # kind → instant · digest · off


def mode_for(kind: str, urgent: bool, preferences: Preferences) -> str:
    """The person's choice for the kind; otherwise what does not flood: urgent things (the top
    deadline alerts, an authority's answer while a Schonfrist runs) at once, the rest as chosen
    for the mail (the digest unless they asked for each at once)."""
    chosen = preferences.kinds.get(kind)
    if chosen in MODES:
        return chosen
    return "instant" if urgent else preferences.email_mode


def in_quiet_hours(moment: datetime, quiet_from: int | None, quiet_to: int | None) -> bool:
    """Quiet from the hour `quiet_from` until the hour `quiet_to` (may pass midnight: 22 → 7)."""
    if quiet_from is None or quiet_to is None or quiet_from == quiet_to:
        return False
    hour = moment.hour
    if quiet_from < quiet_to:
        return quiet_from <= hour < quiet_to
    return hour >= quiet_from or hour < quiet_to


def after_quiet_hours(moment: datetime, quiet_from: int | None, quiet_to: int | None) -> datetime:
    """The moment itself, or the end of the quiet hours it falls in."""
    if not in_quiet_hours(moment, quiet_from, quiet_to):
        return moment
    end = moment.replace(hour=quiet_to, minute=0, second=0, microsecond=0)
    return end if end > moment else end + timedelta(days=1)


def digest_due(now: datetime, hour: int, last_digest: datetime) -> bool:
    """The digest is due once a day, from its hour on, when none went since that hour."""
    latest_hour = now.replace(hour=hour, minute=0, second=0, microsecond=0)
    if latest_hour > now:
        latest_hour -= timedelta(days=1)
    return last_digest < latest_hour


def pause_after(attempts: int) -> timedelta:
    """The pause before the next try of a message that failed `attempts` times."""
    return min(FIRST_PAUSE * (2 ** min(max(attempts - 1, 0), 10)), LONGEST_PAUSE)


def valid_hour(text) -> int | None:
    """An hour 0–23 from a form field, or None."""
    text = str(text or "").strip()
    return int(text) if re.fullmatch(r"[0-9]{1,2}", text) and int(text) < 24 else None
