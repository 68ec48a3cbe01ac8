"""The case file's "for you" entries: new referrals in the intake (supervisor), deadlines of a
worker's own cases in their last week or past, and the team's cases nobody reached within the
first-contact standard (supervisor). Case numbers only, never a tenant's name."""

from __future__ import annotations

from datetime import date, timedelta

from flask import current_app, url_for
from flask_babel import format_date
from flask_babel import gettext as _

from .. import for_you
from ..domain.deadlines.contact import FirstContactStandard, first_contact_status
from ..domain.permissions import Actor
from . import store
from .labels import deadline_label
from .referrals import waiting_ids

LAST_WEEK = ("overdue", "within_1_week")


def entries(db, actor, today: date) -> list[for_you.Entry]:
    found = []
    if actor.has("supervisor"):
        ids = waiting_ids(db)
        found.append(for_you.Entry("intake_waiting", _("New referrals in the intake queue"), url_for("cases.intake"),
                                   count=len(ids), keys=tuple(f"intake_waiting:{rid}" for rid in ids)))
        found += first_contact_lapsed(db, actor, today)
    if actor.has("worker"):
        found += deadlines_in_last_week(db, actor, today)
    return found


def deadlines_in_last_week(db, actor, today: date) -> list[for_you.Entry]:
    """Each deadline of the worker's own cases from its last week on, until it is dealt with (the
    case's views are computed once per case version and day, as for the caseload)."""
    own = Actor(actor.id, frozenset({"worker"}), actor.team_id, actor.organisation_id)
    views = store.case_views(db, store.visible_cases(db, own), today, current_app.config["HOLIDAY_STATE"])
    found = []
    for view in views:
        for deadline in view.deadlines:
            if deadline.alert not in LAST_WEEK:
                continue
            case = view.case
            found.append(for_you.Entry(
                "deadline_last_week",
                _("%(deadline)s on %(date)s (case %(number)s)", deadline=deadline_label(deadline),
                  date=format_date(deadline.due_on), number=case["number"]),
                url_for("cases.case_page", case_id=case["id"]) + "#deadlines", urgent=True,
                keys=(f"deadline:{case['id']}:{deadline.code}:{deadline.due_on.isoformat()}",)))
    return found


def first_contact_lapsed(db, actor, today: date) -> list[for_you.Entry]:
    """The team's open cases never reached whose first-contact standard has lapsed: candidates by
    one indexed query, their attempts by one more (both whatever their number), the standard checked
    by the domain's rule (the navigation's count needs no case's whole deadline list)."""
    if not actor.team_id:
        return []
    before = (today - timedelta(days=FirstContactStandard().within_days)).isoformat()
    candidates = store.team_cases_not_reached(db, actor.team_id, before)
    tried = store.attempt_days_not_reached(db, actor.team_id, before)
    lapsed = [case for case in candidates if first_contact_status(
        date.fromisoformat(case["report_received_on"]), tried.get(case["id"], []), today).state == "lapsed"]
    if not lapsed:
        return []
    return [for_you.Entry("first_contact_lapsed", _("Cases of the team nobody reached within the first-contact "
                                                    "standard"), url_for("cases.deadline_board", level="overdue"),
                          count=len(lapsed), keys=tuple(f"first_contact_lapsed:{case['id']}" for case in lapsed))]
