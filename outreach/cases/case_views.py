"""One case: its page with deadlines and timeline, and every change to it (thin views)."""

from __future__ import annotations

from datetime import date

from flask import (
    abort,
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
from . import bp, looks, page, store
from .access import load_case
from .case_sections import team_workers
from .devices import record_case_on_device

MAX_SITUATION = 5000
MAX_MINUTES = 1440  # a contact's minutes, travel apart (Fachleistungsstunden)


@bp.get("/cases/<case_id>")
@require()
def case_page(case_id: str):
    case = load_case(case_id)
    db = get_db()
    with write(db):  # the server's record that this device now holds the case (sync promise 4)
        record_case_on_device(db, case_id, session.device_id, current_user.id)
        looks.record(db, current_user.id, case_id)  # answers since the last look leave "for you"
    return page.render(case)


# Which section of the page each of the case's own forms belongs to (its anchor, too).
FORM_SECTIONS = {"key_date": "key-dates", "ledger": "ledger", "member": "household", "attempt": "contact",
                 "details": "details", "assign": "assign"}


def _invalid(case, form_name: str, form: Form):
    return page.invalid(case, FORM_SECTIONS[form_name], form_name, values=form.values, errors=form.errors)


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
    return page.saved(case_id, "deadlines")


@bp.post("/cases/<case_id>/key-dates/<key_id>/done")
@require()
def key_date_done(case_id: str, key_id: str):
    """Mark a key date dealt with (the hearing was held, the defence filed): its deadlines stop
    showing as overdue. Posting done=0 takes the mark back."""
    load_case(case_id, "write", log_as=None)
    done = Form(request.form).flag("done")
    if len(key_id) > 40 or not store.mark_key_date_done(get_db(), case_id, key_id, done=done, on=berlin_today(),
                                                        by=current_user.id):
        abort(404)
    audit.log("case.key_date_done", subject=("case", case_id), details={"done": done})
    return page.saved(case_id, "key-dates")


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
    return page.saved(case_id, "ledger")


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
    return page.saved(case_id, "household")


@bp.post("/cases/<case_id>/attempts")
@require()
def add_attempt(case_id: str):
    case = load_case(case_id, "write", log_as=None)
    today = berlin_today()
    form = Form(request.form)
    kind = form.choice("kind", domain.CONTACT_KINDS)
    on_date = form.date("on_date", not_after=today, not_before=date(today.year - 2, 1, 1))
    minutes = form.integer("minutes", minimum=0, maximum=MAX_MINUTES, required=False)
    travel = form.integer("travel_minutes", minimum=0, maximum=MAX_MINUTES, required=False)
    if not form.ok:
        return _invalid(case, "attempt", form)
    store.add_attempt(get_db(), case_id, kind, on_date, current_user.id, minutes=minutes, travel_minutes=travel)
    audit.log("case.contact_attempt_added", subject=("case", case_id), details={"kind": kind})
    return page.saved(case_id, "contact")


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
    return page.saved(case_id)


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
    return page.saved(case_id)


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
        return render_template("cases/new.html", workers=workers, values=form.values, errors=form.errors), 400
    case = store.create_case(db, stage=stage, source=source, street=street, postcode=postcode, city=city,
                             report_received_on=received, worker_id=worker_id, team_id=current_user.team_id,
                             by=current_user.id, today=today,
                             members=[{"name": name, "birth_year": None, "relation": "Mieter/in", "lease_party": True}])
    audit.log("case.created", subject=("case", case["id"]), details={"source": source})
    return redirect(url_for("cases.case_page", case_id=case["id"]), code=303)
