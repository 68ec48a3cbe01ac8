"""One case: its page with deadlines and timeline, and every change to it (thin views)."""

from __future__ import annotations

from datetime import date

from flask import (
    abort,
    current_app,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user

from .. import audit
from ..auth.access import require
from ..clock import berlin_today
from ..db import get_db, write
from ..domain import cases as domain
from ..domain.permissions import may_triage_referrals
from ..forms import Form
from ..visits import store as visit_store
from . import bp, store
from .access import load_case
from .labels import CONTACT_KINDS, KEY_DATES

MAX_SITUATION = 5000


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
    return sorted(events, reverse=True)


def budget_section(db, case: dict, view: store.CaseView) -> dict:
    from ..budgets.views import case_section

    return case_section(db, case, view)


def render_case(case: dict, *, status: int = 200, form: str | None = None, values=None, errors=None):
    db, today = get_db(), berlin_today()
    view = store.case_view(db, case, today, current_app.config["HOLIDAY_STATE"])
    key_rows = store.key_dates(db, case["id"])
    return render_template(
        "cases/case.html", view=view, case=view.case, today=today, members=store.members(db, case["id"]),
        ledger=store.ledger(db, case["id"]), key_dates=key_rows, attempts=store.attempts(db, case["id"]),
        timeline=timeline(db, case["id"]), workers=team_workers(db, case["team_id"]),
        may_assign=current_user.has("supervisor") and current_user.team_id == case["team_id"],
        form=form, values=values or {}, errors=errors or {},
        notes=visit_store.notes_of_case(db, case["id"]), budget=budget_section(db, view.case, view),
    ), status


@bp.get("/cases/<case_id>")
@require()
def case_page(case_id: str):
    case = load_case(case_id)
    db = get_db()
    with write(db):  # the server's record that this device now holds the case (sync promise 4)
        visit_store.record_case_on_device(db, case_id, session.device_id, current_user.id)
    return render_case(case)


def _invalid(case, form_name: str, form: Form):
    return render_case(case, status=400, form=form_name, values=form.data, errors=form.errors)


@bp.post("/cases/<case_id>/key-dates")
@require()
def add_key_date(case_id: str):
    case = load_case(case_id, "write", log_as=None)
    db, today = get_db(), berlin_today()
    form = Form(request.form)
    kind = form.choice("kind", domain.KEY_DATE_KINDS)
    on_date = form.date("on_date", not_before=date(today.year - 10, 1, 1), not_after=date(today.year + 3, 12, 31))
    member_id = form.raw("member_id") or None
    if kind and domain.KEY_DATE_KINDS[kind]["per_member"]:
        if member_id not in {m["id"] for m in store.members(db, case_id)}:
            form.errors["member_id"] = _("Please choose the tenant this date applies to.")
    else:
        member_id = None
    detail = ""
    if kind == "termination_received":
        detail = form.choice("detail", domain.TERMINATION_TYPES) or ""
    if kind and on_date and domain.key_date_problem(kind, on_date, store.domain_key_dates(store.key_dates(db, case_id))):
        form.errors["on_date"] = _("An earlier healed termination must lie before the current termination.")
    if not form.ok:
        return _invalid(case, "key_date", form)
    store.add_key_date(db, case_id, kind, on_date, current_user.id, member_id, detail)
    audit.log("case.key_date_added", subject=("case", case_id), details={"kind": kind})
    return redirect(url_for("cases.case_page", case_id=case_id, _anchor="deadlines"), code=303)


@bp.post("/cases/<case_id>/ledger")
@require()
def set_ledger_month(case_id: str):
    case = load_case(case_id, "write", log_as=None)
    today = berlin_today()
    form = Form(request.form)
    year = form.integer("year", minimum=today.year - 10, maximum=today.year + 1)
    month = form.integer("month", minimum=1, maximum=12)
    due = form.money("due")
    paid = form.money("paid", required=False)
    if not form.ok:
        return _invalid(case, "ledger", form)
    store.set_ledger_month(get_db(), case_id, year, month, due, paid)
    audit.log("case.ledger_changed", subject=("case", case_id), details={"year": year, "month": month})
    return redirect(url_for("cases.case_page", case_id=case_id, _anchor="ledger"), code=303)


@bp.post("/cases/<case_id>/members")
@require()
def add_member(case_id: str):
    case = load_case(case_id, "write", log_as=None)
    form = Form(request.form)
    name = form.text("name", max_length=120)
    birth_year = form.integer("birth_year", minimum=1900, maximum=berlin_today().year, required=False)
    relation = form.text("relation", max_length=60)
    if not form.ok:
        return _invalid(case, "member", form)
    store.add_member(get_db(), case_id, name=name, birth_year=birth_year, relation=relation,
                     lease_party=form.flag("lease_party"))
    audit.log("case.member_added", subject=("case", case_id), details={})
    return redirect(url_for("cases.case_page", case_id=case_id, _anchor="household"), code=303)


@bp.post("/cases/<case_id>/attempts")
@require()
def add_attempt(case_id: str):
    case = load_case(case_id, "write", log_as=None)
    today = berlin_today()
    form = Form(request.form)
    kind = form.choice("kind", domain.CONTACT_KINDS)
    on_date = form.date("on_date", not_after=today, not_before=date(today.year - 2, 1, 1))
    if not form.ok:
        return _invalid(case, "attempt", form)
    store.add_attempt(get_db(), case_id, kind, on_date, current_user.id)
    audit.log("case.contact_attempt_added", subject=("case", case_id), details={"kind": kind})
    return redirect(url_for("cases.case_page", case_id=case_id, _anchor="contact"), code=303)


@bp.post("/cases/<case_id>/details")
@require()
def update_details(case_id: str):
    case = load_case(case_id, "write", log_as=None)
    db, today = get_db(), berlin_today()
    form = Form(request.form)
    stage = form.choice("stage", domain.STAGES)
    situation = form.text("situation", required=False, max_length=MAX_SITUATION)
    tenancy_start = form.date("tenancy_start", required=False, not_after=today, not_before=date(1900, 1, 1))
    base = form.money("base_rent", required=False)
    service = form.money("service_charge", required=False)
    heating = form.money("heating", required=False)
    if not form.ok:
        return _invalid(case, "details", form)
    with write(db):  # all or nothing
        store.set_fields(db, case_id, stage=stage, situation=situation)
        store.set_tenancy(db, case_id, tenancy_start=tenancy_start, base_rent_cents=base,
                          service_charge_cents=service, heating_cents=heating)
    audit.log("case.details_changed", subject=("case", case_id), details={"stage": stage})
    return redirect(url_for("cases.case_page", case_id=case_id), code=303)


@bp.post("/cases/<case_id>/assign")
@require()
def reassign(case_id: str):
    case = load_case(case_id, "assign", log_as=None)
    db = get_db()
    form = Form(request.form)
    worker_id = form.choice("worker_id", {w["id"] for w in team_workers(db, current_user.team_id)})
    if not form.ok:
        return _invalid(case, "assign", form)
    store.assign(db, case_id, worker_id, current_user.team_id, current_user.id)
    audit.log("case.reassigned", subject=("case", case_id), details={"from": case["assigned_worker_id"],
                                                                     "to": worker_id})
    return redirect(url_for("cases.case_page", case_id=case_id), code=303)


@bp.post("/cases/<case_id>/close")
@require()
def close_case(case_id: str):
    case = load_case(case_id, "write", log_as=None)
    if case["status"] != "open":
        abort(409)
    form = Form(request.form)
    outcome = form.choice("outcome", domain.OUTCOMES)
    if not form.ok:
        return _invalid(case, "close", form)
    store.close(get_db(), case_id, outcome, berlin_today())
    audit.log("case.closed", subject=("case", case_id), details={"outcome": outcome})
    return redirect(url_for("cases.case_page", case_id=case_id), code=303)


@bp.route("/cases/new", methods=["GET", "POST"])
@require(may_triage_referrals)
def new_case():
    """A supervisor opens a case directly (court notice, self-referral, Jobcenter)."""
    db, today = get_db(), berlin_today()
    workers = team_workers(db, current_user.team_id)
    if request.method == "GET":
        return render_template("cases/new.html", workers=workers, values={}, errors={})
    form = Form(request.form)
    stage = form.choice("stage", domain.STAGES)
    source = form.choice("source", domain.SOURCES)
    name = form.text("tenant_name", max_length=120)
    street = form.text("street", max_length=120)
    postcode = form.text("postcode", max_length=10)
    city = form.text("city", max_length=80)
    received = form.date("report_received_on", not_after=today, not_before=date(today.year - 5, 1, 1))
    worker_id = form.choice("worker_id", {w["id"] for w in workers})
    if not form.ok:
        return render_template("cases/new.html", workers=workers, values=form.data, errors=form.errors), 400
    case = store.create_case(db, stage=stage, source=source, street=street, postcode=postcode, city=city,
                             report_received_on=received, worker_id=worker_id, team_id=current_user.team_id,
                             by=current_user.id, today=today,
                             members=[{"name": name, "birth_year": None, "relation": "Mieter/in", "lease_party": True}])
    audit.log("case.created", subject=("case", case["id"]), details={"source": source})
    return redirect(url_for("cases.case_page", case_id=case["id"]), code=303)
