"""When a case file's retention ends and when a tenant's erasure must wait (issue 23). Pure rules.

A case is anonymised a number of full years after the end of the year in which it closed (the
common default is three: KDG/GDPR set no period for counselling files, and deleting too early has
also been held unlawful — DOMAIN.md); a declined referral likewise after the year of its decision.
A legal hold stops both until its day has passed; erasure on request also waits while the case is
still needed: open, or a household still placed in emergency accommodation."""

from __future__ import annotations

import json
from datetime import date

REFUSALS = ("anonymised", "open", "legal_hold", "placement_running")


def retention_ends(closed_on: date, years: int) -> date:
    """The first day on which a case closed on `closed_on` is due: 1 January of the year after
    the end of the closing year plus `years` (closed 2026, three years: 2030-01-01)."""
    return date(closed_on.year + years + 1, 1, 1)


def closed_before(today: date, years: int) -> str:
    """Cases closed before this day are due today (the SQL bound of `retention_ends`)."""
    return date(today.year - years, 1, 1).isoformat()


def hold_in_force(until: str, ended_at: str | None, today: date) -> bool:
    return ended_at is None and until >= today.isoformat()


def erasure_refusals(*, anonymised: bool, status: str, holds: int, placements_running: int) -> list[str]:
    """Why a case may not be erased now (empty: it may), most fundamental first."""
    found = []
    if anonymised:
        found.append("anonymised")
    if status != "closed":
        found.append("open")
    if holds:
        found.append("legal_hold")
    if placements_running:
        found.append("placement_running")
    return found


def scrub_json(text: str | None) -> str | None:
    """Every string in a JSON document emptied, its shape, numbers and truth values kept (code
    reading the numbers keeps working); text that is not JSON becomes empty."""
    if text is None:
        return None
    try:
        value = json.loads(text)
    except (TypeError, ValueError):
        return ""
    return json.dumps(_scrub(value), ensure_ascii=False, separators=(",", ":"))


def _scrub(value):
    if isinstance(value, str):
        return ""
    if isinstance(value, list):
        return [_scrub(v) for v in value]
    if isinstance(value, dict):
        return {k: _scrub(v) for k, v in value.items()}
    return value
