"""Claims on the case page: a new claim, filed, the authority's decision, the appeal (thin views)."""

from __future__ import annotations

from datetime import date

from flask import abort, current_app, request
from flask_babel import gettext as _
from flask_login import current_user

from .. import audit
from ..auth.access import require
from ..cases import page
from ..cases.access import load_case
from ..clock import berlin_today
from ..consent import disclosures
from ..consent.labels import category_labels
from ..db import get_db
from ..domain.deadlines.claims import SENT_BY
from ..forms import Form
from ..domain import documents as document_rules
from . import bp, commitments, deadlines, documents, requests, store

MAX_NOTE = 1000


def organisations(db) -> list[dict]:
    return list(db.query("SELECT id, name FROM organisation WHERE kind != 'centre' ORDER BY name"))


def case_section(db, case: dict, view) -> dict:
    today, state = berlin_today(), current_app.config["HOLIDAY_STATE"]
    claims = store.of_cases(db, [case["id"]])[case["id"]]
    sent = requests.of_claims(db, [c["id"] for c in claims])
    papers = documents.of_case(db, case["id"])
    items = documents.checklist_items(db)
    schonfrist_end = next((d.due_on for d in view.deadlines if d.code == "schonfrist_end"), None)
    for claim in claims:
        for decision in claim["decisions"]:
            decision["received"], decision["appeal_ends"] = deadlines.decision_dates(decision, state)
        claim["commitment"] = commitments.check(db, case, view, claim, schonfrist_end, state)
        claim["requests"] = sent[claim["id"]]
        own = [d for d in papers if d["claim_id"] == claim["id"]]
        claim["checklist"] = document_rules.checklist(items, claim["kind"], today, {d["kind"] for d in own})
        # The authority's notice photographed for this claim gives the decision form its date.
        claim["notice_on"] = next((d["dated_on"] for d in own if d["kind"] == "authority_notice"), "")
        claim["may_request"] = claim["kind"] in requests.PURPOSES and not any(
            r["state"] in requests.OPEN for r in claim["requests"]) and claim["state"] in ("preparing", "filed")
        if claim["may_request"] and claim["addressee_organisation_id"]:
            # The form ticks what the consent covers for this office today; the rest stays choosable
            # (sending it is refused with the reason) so the worker sees what is missing.
            claim["covered"] = sorted(disclosures.allowed(
                db, case["id"], claim["addressee_organisation_id"], requests.PURPOSES[claim["kind"]], today).categories())
    return {"claims": claims, "names": store.benefit_names(db, today), "organisations": organisations(db),
            "authorities": {a["id"]: a for a in requests.authorities(db)}, "request_categories": requests.CATEGORIES,
            "category_labels": category_labels(), "documents": papers, "document_kinds": document_rules.KINDS,
            "may_write": case["status"] == "open"}


def _claim(case_id: str, claim_id: str) -> tuple[dict, dict]:
    case = load_case(case_id, "write", log_as=None)
    claim = store.get(get_db(), claim_id) if len(claim_id) <= 40 else None
    if claim is None or claim["case_id"] != case_id:
        abort(404)
    return case, claim


def _dates(today: date) -> dict:
    return {"not_after": today, "not_before": date(today.year - 3, 1, 1)}


@bp.post("/cases/<case_id>/claims")
@require()
def new_claim(case_id: str):
    case = load_case(case_id, "write", log_as=None)
    db, today = get_db(), berlin_today()
    form = Form(request.form)
    kind = form.choice("kind", store.KINDS)
    organisation = form.choice("addressee_organisation_id", {o["id"] for o in organisations(db)}, required=False)
    name = form.text("addressee_name", required=False, max_length=120)
    if not organisation and not name and "addressee_name" not in form.errors:
        form.errors["addressee_name"] = _("Please choose the office or write its name.")
    asked = form.money("amount_asked", required=False)
    filed_on = form.date("filed_on", required=False, **_dates(today))
    note = form.text("note", required=False, max_length=MAX_NOTE)
    if not form.ok:
        return page.invalid(case, "claims", "claim", values=form.values, errors=form.errors)
    store.create(db, case_id, kind=kind, addressee_organisation_id=organisation, addressee_name=name,
                 amount_asked_cents=asked or None, filed_on=filed_on, note=note, by=current_user.id)
    audit.log("claim.created", subject=("case", case_id), details={"kind": kind, "filed": bool(filed_on)})
    return page.saved(case_id, "claims")


@bp.post("/cases/<case_id>/claims/<claim_id>/filed")
@require()
def claim_filed(case_id: str, claim_id: str):
    case, claim = _claim(case_id, claim_id)
    form = Form(request.form)
    filed_on = form.date("filed_on", **_dates(berlin_today()))
    if claim["state"] != "preparing":
        abort(409)
    if not form.ok:
        return page.invalid(case, "claims", f"filed-{claim_id}", values=form.values, errors=form.errors)
    store.mark_filed(get_db(), claim_id, filed_on)
    audit.log("claim.filed", subject=("case", case_id), details={"kind": claim["kind"]})
    return page.saved(case_id, "claims")


@bp.post("/cases/<case_id>/claims/<claim_id>/decision")
@require()
def claim_decision(case_id: str, claim_id: str):
    case, claim = _claim(case_id, claim_id)
    today = berlin_today()
    form = Form(request.form)
    decision = form.choice("decision", store.DECISIONS)
    dated = form.date("notice_dated_on", **_dates(today))
    sent_by = form.choice("sent_by", SENT_BY)
    received = form.date("received_on", required=False, **_dates(today))
    granted = form.money("amount_granted", required=False)
    loan_or_grant = form.choice("form", store.FORMS, required=False) or ""
    reached = form.date("reached_landlord_on", required=False, not_after=today, not_before=date(today.year - 3, 1, 1))
    if dated and received and received < dated:
        form.errors["received_on"] = _("A notice cannot arrive before the day it is dated.")
    if not form.ok:
        return page.invalid(case, "claims", f"decision-{claim_id}", values=form.values, errors=form.errors)
    store.record_decision(get_db(), claim_id, decision=decision, notice_dated_on=dated, sent_by=sent_by,
                          received_on=received, instructions_correct=not form.flag("instructions_missing"),
                          amount_granted_cents=granted or None, form=loan_or_grant, by=current_user.id,
                          reached_landlord_on=reached)
    audit.log("claim.decided", subject=("case", case_id), details={"kind": claim["kind"], "decision": decision})
    return page.saved(case_id, "claims")


@bp.post("/cases/<case_id>/claims/<claim_id>/appeal")
@require()
def claim_appeal(case_id: str, claim_id: str):
    case, claim = _claim(case_id, claim_id)
    db = get_db()
    decisions = store.of_cases(db, [case_id])[case_id]
    latest = next((c["decisions"][0] for c in decisions if c["id"] == claim_id and c["decisions"]), None)
    if latest is None or claim["state"] != "decided":
        abort(409)
    form = Form(request.form)
    appealed_on = form.date("appealed_on", **_dates(berlin_today()))
    if not form.ok:
        return page.invalid(case, "claims", f"appeal-{claim_id}", values=form.values, errors=form.errors)
    store.record_appeal(db, claim_id, latest["id"], appealed_on)
    audit.log("claim.appealed", subject=("case", case_id), details={"kind": claim["kind"]})
    return page.saved(case_id, "claims")
