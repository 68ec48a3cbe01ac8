"""The case file's own sections of the case page: deadlines, household, first contact, key dates,
ledger, tenancy, assignment, closing and timeline. Other areas register theirs in between."""

from __future__ import annotations

from datetime import timedelta

from flask import url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from ..clock import berlin_today
from . import closing, sections, store
from .labels import CONTACT_KINDS, KEY_DATES


def team_workers(db, team_id: str | None) -> list[dict]:
    if not team_id:
        return []
    return list(db.query("""SELECT p.id, p.display_name FROM person p JOIN person_role r ON r.person_id = p.id
                            WHERE r.role = 'worker' AND p.team_id = ? AND p.status = 'active'
                            ORDER BY p.display_name""", [team_id]))


def timeline(db, case_id: str) -> list[tuple]:
    events = [(k["on_date"], str(KEY_DATES.get(k["kind"], k["kind"])), k["member_name"] or "")
              for k in store.key_dates(db, case_id)]
    events += [(a["on_date"], str(CONTACT_KINDS[a["kind"]]), "") for a in store.attempts(db, case_id)]
    events += [(a["assigned_at"][:10], "assignment", a["worker_name"]) for a in store.assignments(db, case_id)]
    events += sections.timeline_events(db, case_id)
    return sorted(events, reverse=True)


def follow_ups_data(db, case: dict, view) -> dict | None:
    rows = closing.follow_ups(db, case["id"])
    return {"follow_ups": rows, "may_record": True} if rows else None


def follow_up_step(case: dict, view, data: dict) -> sections.Action | None:
    """A check-in that is due (or soon due) is the next step of a closed case."""
    horizon = (berlin_today() + timedelta(days=store.FOLLOW_UP_LISTED_DAYS)).isoformat()
    due = [f for f in data["follow_ups"] if f["status"] == "due" and f["due_on"] <= horizon]
    if not due:
        return None
    return sections.Action(5, str(_l("Record the %(n)s-month check-in", n=due[0]["months"])), at(case, "follow-ups"))


def outcome_data(db, case: dict, view) -> dict | None:
    """How the case ended, and its earlier closings (a reopened case shows them folded)."""
    rows = closing.closures(db, case["id"])
    return {"closures": rows} if rows else None


def may_assign(case: dict) -> bool:
    return current_user.has("supervisor") and current_user.team_id == case["team_id"] and case["status"] == "open"


def at(case: dict, section: str) -> str:
    return url_for("cases.case_page", case_id=case["id"]) + f"#{section}"


def first_contact(case: dict, view, data: dict) -> sections.Action | None:
    if data["attempts"]:
        return None
    return sections.Action(10, str(_l("Record the first contact attempt")), at(case, "contact"))


def key_dates_step(case: dict, view, data: dict) -> sections.Action | None:
    if view.dates_conflict:
        return sections.Action(15, str(_l("Check the key dates: they contradict each other")), at(case, "key-dates"))
    if not data["key_dates"]:
        return sections.Action(20, str(_l("Record the key dates (notice, suit, eviction)")), at(case, "key-dates"))
    return None


def _register() -> None:
    register = sections.register
    register("deadlines", order=10, partial="cases/_deadlines.html", title=_l("Deadlines"),
             loader=lambda db, case, view: {})
    register("household", order=40, partial="cases/_household.html", title=_l("Household"), folded=True,
             loader=lambda db, case, view: {})
    register("contact", order=60, partial="cases/_contact.html", title=_l("First contact"), folded=True,
             loader=lambda db, case, view: {"attempts": store.attempts(db, case["id"])}, action=first_contact)
    register("key-dates", order=70, partial="cases/_key_dates.html", title=_l("Key dates"), folded=True,
             loader=lambda db, case, view: {"key_dates": store.key_dates(db, case["id"])}, action=key_dates_step)
    register("ledger", order=80, partial="cases/_ledger.html", title=_l("Arrears by month"), folded=True,
             loader=lambda db, case, view: {"ledger": store.ledger(db, case["id"])})
    register("details", order=90, partial="cases/_details.html", title=_l("Tenancy and situation"), folded=True,
             loader=lambda db, case, view: {})
    register("assign", order=100, partial="cases/_assign.html", title=_l("Assignment"), folded=True,
             loader=lambda db, case, view: {"workers": team_workers(db, case["team_id"])} if may_assign(case) else None)
    register("follow-ups", order=15, partial="cases/_follow_ups.html", title=_l("Tenancy follow-ups"),
             loader=follow_ups_data, action=follow_up_step, closed_action=True)
    register("close", order=110, partial="cases/_close.html", title=_l("Close the case"), folded=True,
             loader=lambda db, case, view: {} if case["status"] == "open" else None)
    register("outcome", order=112, partial="cases/_outcome.html", title=_l("Outcome"), loader=outcome_data)
    register("timeline", order=120, partial="cases/_timeline.html", title=_l("Timeline"), folded=True,
             loader=lambda db, case, view: {"timeline": timeline(db, case["id"])})


_register()
