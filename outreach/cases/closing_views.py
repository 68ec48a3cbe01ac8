"""Closing a case with its record for the statistics, reopening it, and recording a tenancy
follow-up without JavaScript (with it, the form goes through the outbox: followups/)."""

from __future__ import annotations

from datetime import date

from flask import abort, current_app, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from .. import audit
from ..auth.access import require
from ..clock import berlin_today
from ..db import get_db
from ..domain import cases as domain
from ..domain import outcomes
from ..forms import Form
from . import bp, closing, page
from .access import load_case

MAX_REASON = 500


SEVERAL = (("causes", outcomes.CAUSES), ("tools", outcomes.TOOLS), ("onward_referrals", outcomes.ONWARD_SERVICES))


def closing_details(form: Form) -> tuple[dict, dict]:
    """Causes, tools, onward referrals and the household's categories from the closing form;
    "unknown" where left out."""
    found = {}
    for field, allowed in SEVERAL:
        try:
            found[field] = outcomes.several(form.many(field), allowed, field)
        except outcomes.ClosingError as error:
            form.errors[field] = (_("“unknown” and “none” cannot be chosen together with anything else.")
                                  if error.code == "alone" else _("Please choose one of the options."))
    allowed_details = {"schonfrist_used": outcomes.SCHONFRIST_USED, "eviction_date_set": outcomes.EVICTION_DATE_SET,
                       **outcomes.DEMOGRAPHICS}
    details = {field: form.choice(field, allowed, required=False) or outcomes.UNKNOWN
               for field, allowed in allowed_details.items()}
    return found, details


def close_page(case: dict, *, values: dict | None = None, errors: dict | None = None, status: int = 200):
    """The closing form on a page of its own (a long form; the case page stays light on a phone)."""
    data = {"suggested": closing.suggestions(get_db(), case, berlin_today())}
    return render_template("cases/close.html", case=case, data=data, form="close" if errors else "",
                           values=values or {}, errors=errors or {}), status


@bp.get("/cases/<case_id>/close")
@require()
def close_form(case_id: str):
    case = load_case(case_id, "write", log_as="case.close_form")
    if case["status"] != "open":
        return redirect(url_for("cases.case_page", case_id=case_id) + "#outcome", code=303)
    return close_page(case)


@bp.post("/cases/<case_id>/close")
@require()
def close_case(case_id: str):
    case = load_case(case_id, "write", log_as=None)
    if case["status"] != "open":
        abort(409)
    form = Form(request.form)
    outcome = form.choice("outcome", domain.OUTCOMES)
    several, details = closing_details(form)
    if not form.ok:
        g.refused_fields = [f"close.{name}" for name in form.errors]  # for the audit line, not the values
        return close_page(case, values=form.values, errors=form.errors, status=400)
    closing.close(get_db(), case_id, outcome=outcome, on=berlin_today(), by=current_user.id, causes=several["causes"],
                  tools=several["tools"], onward=several["onward_referrals"], details=details,
                  follow_up_months=follow_up_months())
    audit.log("case.closed", subject=("case", case_id), details={"outcome": outcome})
    return page.saved(case_id)


def follow_up_months() -> tuple[int, ...]:
    """The configured months (whole numbers from 1 to 60; anything else in the setting is left out)."""
    months = current_app.config["FOLLOW_UP_MONTHS"]
    return tuple(m for m in months if isinstance(m, int) and not isinstance(m, bool) and 0 < m <= 60)


@bp.post("/cases/<case_id>/reopen")
@require()
def reopen_case(case_id: str):
    case = load_case(case_id, "write", log_as=None)
    if case["status"] != "closed":
        abort(409)
    form = Form(request.form)
    reason = form.text("reason", required=False, max_length=MAX_REASON)
    if not form.ok:
        return page.invalid(case, "outcome", "reopen", values=form.values, errors=form.errors)
    repeat = closing.reopen(get_db(), case_id, on=berlin_today(), by=current_user.id, reason=reason)
    audit.log("case.reopened", subject=("case", case_id), details={"repeat": repeat})
    return page.saved(case_id)


def check_in(form: Form, today: date) -> tuple[str | None, str, date | None]:
    result = form.choice("result", outcomes.FOLLOW_UP_RESULTS)
    note = form.text("note", required=False, max_length=outcomes.MAX_FOLLOW_UP_NOTE)
    checked_on = form.date("checked_on", not_after=today, not_before=date(today.year - 2, 1, 1))
    return result, note, checked_on


@bp.post("/cases/<case_id>/follow-ups/<follow_up_id>")
@require()
def record_follow_up(case_id: str, follow_up_id: str):
    case = load_case(case_id, "write", log_as=None)
    db = get_db()
    row = closing.follow_up(db, follow_up_id) if len(follow_up_id) <= 40 else None
    if row is None or row["case_id"] != case_id:
        abort(404)
    if row["status"] != "due":
        abort(409)
    form = Form(request.form)
    result, note, checked_on = check_in(form, berlin_today())
    if not form.ok:
        return page.invalid(case, "follow-ups", "follow_up", values={**form.values, "id": follow_up_id},
                            errors=form.errors)
    done = closing.record_follow_up(db, follow_up_id, result=result, note=note, checked_on=checked_on,
                                    by=current_user.id)
    audit.log("case.follow_up_recorded", subject=("case", case_id),
              details={"result": result, "months": row["months"], "reopened": done["reopened"]})
    return page.saved(case_id, "follow-ups")
