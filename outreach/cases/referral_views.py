"""Partners refer tenants; supervisors triage the intake queue (accept, merge or decline)."""

from __future__ import annotations

from datetime import date

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from .. import audit
from ..auth.access import require
from ..clock import berlin_today
from ..db import get_db
from ..domain import cases as domain
from ..domain.permissions import may_submit_referral, may_triage_referrals
from ..forms import Form, whole_number
from . import bp, referrals, sections
from .access import load_case
from .case_sections import team_workers

MAX_NOTE = 2000
# Waiting referrals per page of the intake queue (oldest first; the count says how many wait).
INTAKE_PAGE_SIZE = 50


@bp.get("/referrals")
@require(may_submit_referral)
def partner_referrals():
    items = referrals.for_organisation(get_db(), current_user.organisation_id)
    audit.log("referral.list", details={"count": len(items)})
    # Anything beyond "received" is for consent to decide (registered by that area): sections.py.
    return render_template("cases/referrals.html", referrals=items,
                           extras=sections.referral_extras(get_db(), [r["id"] for r in items]))


def _referral_form(values=None, errors=None, status=200):
    return render_template("cases/referral_new.html", values=values or {}, errors=errors or {}), status


@bp.get("/referrals/new")
@require(may_submit_referral)
def new_referral():
    return _referral_form()


@bp.post("/referrals")
@require(may_submit_referral)
def submit_referral():
    today = berlin_today()
    form = Form(request.form)
    tenant_name = form.text("tenant_name", max_length=120)
    street = form.text("street", max_length=120)
    postcode = form.text("postcode", max_length=10)
    city = form.text("city", max_length=80)
    arrears = form.money("arrears")
    stage = form.choice("stage", domain.STAGES)
    known = {}
    for kind in referrals.KNOWN_DATES:
        latest = date(today.year + 2, 12, 31) if kind == "eviction_date" else today
        value = form.date(kind, required=False, not_after=latest, not_before=date(today.year - 5, 1, 1))
        if value:
            known[kind] = value
    informed = form.choice("tenant_informed", ("yes", "no"))
    note = form.text("note", required=False, max_length=MAX_NOTE)
    if not form.ok:
        return _referral_form(form.values, form.errors, 400)
    referral_id = referrals.submit(
        get_db(), organisation_id=current_user.organisation_id, by=current_user.id, tenant_name=tenant_name,
        street=street, postcode=postcode, city=city, arrears_cents=arrears, stage=stage, known_dates=known,
        tenant_informed=informed == "yes", note=note)
    audit.log("referral.submitted", subject=("referral", referral_id))
    flash("received")
    return redirect(url_for("cases.partner_referrals"), code=303)


def load_referral(referral_id: str) -> dict:
    """The referral for the intake (supervisors only, guarded by the route); 404 if unknown."""
    referral = referrals.get(get_db(), referral_id) if len(referral_id) <= 40 else None
    if referral is None:
        abort(404)
    audit.log("referral.read", subject=("referral", referral_id))
    return referral


@bp.get("/intake")
@require(may_triage_referrals)
def intake():
    db = get_db()
    total = referrals.waiting_count(db)
    pages = max(1, -(-total // INTAKE_PAGE_SIZE))
    page = min(whole_number(request.args.get("page", "1"), maximum=100_000) or 1, pages)
    items = referrals.queue(db, limit=INTAKE_PAGE_SIZE, offset=(page - 1) * INTAKE_PAGE_SIZE)
    audit.log("intake.read", details={"count": total})
    return render_template("cases/intake.html", referrals=items, now=berlin_today(), total=total, page=page,
                           pages=pages)


def _render_referral(referral, *, values=None, errors=None, form=None, status=200):
    db = get_db()
    duplicates = referrals.likely_duplicates(db, referral)
    return render_template("cases/intake_referral.html", referral=referral, duplicates=duplicates,
                           workers=team_workers(db, current_user.team_id), values=values or {},
                           errors=errors or {}, form=form), status


@bp.get("/intake/<referral_id>")
@require(may_triage_referrals)
def intake_referral(referral_id: str):
    return _render_referral(load_referral(referral_id))


def _undecided(referral):
    if referral["status"] != "received":
        abort(409)


@bp.post("/intake/<referral_id>/accept")
@require(may_triage_referrals)
def accept_referral(referral_id: str):
    referral = load_referral(referral_id)
    _undecided(referral)
    db = get_db()
    form = Form(request.form)
    worker_id = form.choice("worker_id", {w["id"] for w in team_workers(db, current_user.team_id)})
    if not form.ok:
        return _render_referral(referral, values=form.values, errors=form.errors, form="accept", status=400)
    try:
        case = referrals.accept(db, referral, worker_id=worker_id, team_id=current_user.team_id,
                                by=current_user.id, today=berlin_today())
    except referrals.AlreadyDecided:
        abort(409)
    audit.log("referral.accepted", subject=("referral", referral_id), details={"case": case["id"]})
    audit.log("case.assigned", subject=("case", case["id"]), details={"to": worker_id})
    return redirect(url_for("cases.case_page", case_id=case["id"]), code=303)


@bp.post("/intake/<referral_id>/merge")
@require(may_triage_referrals)
def merge_referral(referral_id: str):
    referral = load_referral(referral_id)
    _undecided(referral)
    db = get_db()
    case = load_case(request.form.get("case_id", "")[:40], "assign", log_as=None)
    if case["status"] != "open":
        abort(409)
    try:
        referrals.merge(db, referral, case["id"], current_user.id)
    except referrals.AlreadyDecided:
        abort(409)
    audit.log("referral.merged", subject=("referral", referral_id), details={"case": case["id"]})
    return redirect(url_for("cases.case_page", case_id=case["id"]), code=303)


@bp.post("/intake/<referral_id>/decline")
@require(may_triage_referrals)
def decline_referral(referral_id: str):
    referral = load_referral(referral_id)
    _undecided(referral)
    form = Form(request.form)
    reason = form.text("reason", max_length=500)
    if not form.ok:
        return _render_referral(referral, values=form.values, errors=form.errors, form="decline", status=400)
    try:
        referrals.decline(get_db(), referral, reason, current_user.id)
    except referrals.AlreadyDecided:
        abort(409)
    audit.log("referral.declined", subject=("referral", referral_id))
    return redirect(url_for("cases.intake"), code=303)
