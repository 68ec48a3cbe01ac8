"""The housing company's pages (its tenants' cases under a status-feedback consent; posting a
rent statement) and the case-page section where the worker sees the statements beside the
ledger (thin views)."""

from __future__ import annotations

from datetime import date, timedelta

from flask import abort, current_app, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from .. import audit
from ..auth.access import require
from ..cases import store as cases_store
from ..clock import berlin_today
from ..consent import disclosures
from ..db import get_db
from ..domain import consent as rules
from ..domain.deadlines import LedgerMonth
from ..domain.permissions import may_submit_referral
from ..domain.rent_account import StatementError, checked_statement, compare, parse_month
from ..forms import Form, whole_number
from . import bp, store

# What the landlord sees, whatever else a consent may cover: the commitment and the instalment.
SHOWN = ("status", "arrears_plan")
MAX_NOTE = 500


def _permitted(db, case: dict, today: date) -> rules.Allowed:
    return disclosures.allowed(db, case["id"], case["landlord_organisation_id"], rules.STATUS_PURPOSE, today)


@bp.get("/landlord/cases")
@require(may_submit_referral)
def cases():
    db, today = get_db(), berlin_today()
    page = whole_number(request.args.get("page", "1"), maximum=10_000) or 1
    rows, more = store.candidate_cases(db, current_user.organisation_id, page)
    shown = []
    for case in rows:
        permitted = _permitted(db, case, today)
        if permitted.covers("status"):
            people = sorted(permitted.personal["contact"])
            names = [m["name"] for m in cases_store.members(db, case["id"]) if m["id"] in people]
            shown.append({"case": case, "names": names})
    audit.log("landlord.list", details={"count": len(shown)})
    return render_template("landlord/cases.html", rows=shown, page=page, more=more)


def _case(case_id: str) -> tuple[dict, rules.Allowed]:
    db = get_db()
    case = cases_store.get_case(db, case_id) if len(case_id) <= 40 else None
    if case is None or case["landlord_organisation_id"] != current_user.organisation_id or case["status"] != "open":
        abort(404)  # not this landlord's tenancy (or not open): not theirs to know of
    permitted = _permitted(db, case, berlin_today())
    if not permitted.covers("status"):
        audit.log("landlord.case_refused", subject=("case", case_id))
        abort(403)
    return case, permitted


def _render(case: dict, permitted: rules.Allowed, *, values=None, errors=None, status: int = 200):
    db, today = get_db(), berlin_today()
    categories = sorted(set(SHOWN) & permitted.categories())
    data = disclosures.case_fields(db, case, permitted.only(categories + ["contact"]))
    people = sorted(permitted.personal["contact"])
    disclosures.disclose(db, case_id=case["id"], organisation_id=case["landlord_organisation_id"],
                         purpose=rules.STATUS_PURPOSE, categories=categories + (["contact"] if people else []),
                         channel="landlord_view", by=current_user.id, today=today, member_ids=people)
    audit.log("landlord.case_read", subject=("case", case["id"]), details={"categories": categories})
    own = [s for s in store.of_case(db, case["id"]) if s["organisation_id"] == current_user.organisation_id]
    rows = values.get("rows") if values else None
    return render_template("landlord/case.html", case=case, data=data, categories=categories,
                           statements=own, values=values or {}, errors=errors or {}, today=today,
                           rows=rows or _blank_rows(today)), status


def _blank_rows(today: date) -> list[dict]:
    """The last twelve months up to this one, to fill in (empty rows are left out)."""
    months = []
    year, month = today.year, today.month
    for _month in range(12):
        months.append({"month": f"{year:04d}-{month:02d}", "due": "", "paid": ""})
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return list(reversed(months))


@bp.get("/landlord/cases/<case_id>")
@require(may_submit_referral)
def case_page(case_id: str):
    return _render(*_case(case_id))


def _statement_rows(form: Form) -> tuple[list[dict], list[LedgerMonth]]:
    getlist = request.form.getlist
    typed = [{"month": m[:7], "due": d[:20], "paid": p[:20]}
             for m, d, p in zip(getlist("month")[:40], getlist("due")[:40], getlist("paid")[:40])]
    months = []
    for row in typed:
        if not row["due"].strip() and not row["paid"].strip():
            continue
        parsed = parse_month(row["month"])
        due, paid = Form({"due": row["due"]}).money("due"), Form({"paid": row["paid"] or "0"}).money("paid")
        if parsed is None or due is None or paid is None:
            form.errors["rows"] = _("Please check the month %(month)s: rent due and paid as amounts in euros.",
                                    month=row["month"])
            continue
        months.append(LedgerMonth(parsed[0], parsed[1], due, paid))
    return typed, months


STATEMENT_ERRORS = {
    "no_months": _l("Please enter at least one month with the rent due."),
    "too_many_months": _l("A statement lists at most 36 months."),
    "amount_out_of_range": _l("An amount is out of range."),
    "month_after_statement": _l("A month lies after the day of the statement."),
    "month_twice": _l("A month is listed twice."),
    "months_not_consecutive": _l("The months must follow each other without a gap (a missing month would count as "
                                 "paid)."),
}


@bp.post("/landlord/cases/<case_id>/statements")
@require(may_submit_referral)
def post_statement(case_id: str):
    case, permitted = _case(case_id)
    today = berlin_today()
    form = Form(request.form)
    as_of = form.date("as_of", not_after=today, not_before=today - timedelta(days=3 * 366))
    note = form.text("note", required=False, max_length=MAX_NOTE)
    typed, months = _statement_rows(form)
    if as_of and "rows" not in form.errors:
        try:
            months = list(checked_statement(months, as_of))
        except StatementError as error:
            form.errors["rows"] = str(STATEMENT_ERRORS[error.code])
    if not form.ok:
        return _render(case, permitted, values={**form.values, "rows": typed}, errors=form.errors, status=400)
    store.add(get_db(), case_id, current_user.organisation_id, as_of=as_of, months=months, note=note,
              by=current_user.id)
    audit.log("landlord.statement_posted", subject=("case", case_id), details={"months": len(months)})
    return redirect(url_for("landlord.case_page", case_id=case_id), code=303)


def case_section(db, case: dict, view) -> dict | None:
    """For the worker: each statement beside the ledger, the differences month by month."""
    statements = store.of_case(db, case["id"])
    if not statements:
        return None
    worker = [LedgerMonth(m["year"], m["month"], m["due_cents"], m["paid_cents"])
              for m in cases_store.ledger(db, case["id"])]
    state = current_app.config["HOLIDAY_STATE"]
    for statement in statements:
        statement["comparison"] = compare(worker, statement["months"], view.monthly_rent_cents,
                                          date.fromisoformat(statement["as_of"]), state)
    return {"statements": statements}
