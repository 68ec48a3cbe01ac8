"""The worker's side of onward referrals: the case section (the referrals, their follow-up, a new
one) and the form's no-JavaScript path; with JavaScript the form saves into the outbox and the
sync kind `onward_referral.add` applies it (thin views)."""

from __future__ import annotations

import secrets
from datetime import date, timedelta

from flask import abort, has_request_context, request
from flask_babel import gettext as _
from flask_login import current_user

from .. import audit
from ..auth.access import require
from ..cases import deadline_sources, page
from ..cases.access import load_case
from ..clock import berlin_today
from ..consent import disclosures
from ..consent.labels import category_labels
from ..db import get_db
from ..domain import services as rules
from ..forms import Form
from . import bp, referrals, store
from .labels import OUTCOMES


def case_section(db, case: dict, view) -> dict:
    today = berlin_today()
    services = store.directory(db)
    by_organisation: dict[str, list[str]] = {}  # one consent check per organisation, not per service
    covered = {}
    for service in services:
        organisation = service["organisation_id"]
        if service["accepts_data_referrals"] and organisation:
            if organisation not in by_organisation:
                by_organisation[organisation] = sorted(disclosures.allowed(
                    db, case["id"], organisation, referrals.PURPOSE, today).categories() & set(rules.REFERRAL_CATEGORIES))
            covered[service["id"]] = by_organisation[organisation]
    from_note = request.args.get("from_note", "") if has_request_context() else ""
    return {"referrals": referrals.of_case(db, case["id"]), "services": services, "covered": covered,
            "from_note": from_note if referrals.note_of_case(db, from_note, case["id"]) else "",
            "categories": rules.REFERRAL_CATEGORIES, "category_labels": category_labels(), "today": today,
            "may_write": case["status"] == "open", "schema_version": rules.REFERRAL_SCHEMAS[-1]}


def refusal_message(refusal: referrals.Refusal) -> str:
    if refusal.code == "consent_missing":
        labels = category_labels()
        return _("Not allowed: there is no active consent naming this service for a referral with data for: "
                 "%(what)s. Nothing was sent. Ask the tenant to sign one, or give the tenant the contact.",
                 what=", ".join(str(labels.get(c, c)) for c in refusal.categories))
    if refusal.code == "service_takes_no_data":
        return _("This service takes no referrals with data: give the tenant the contact.")
    return _("This service is no longer on the list.")


def field_error(field: str) -> tuple[str, str]:
    """The form field a refused payload field belongs to, and the message for it."""
    return {"reason": ("reason", _("Please say why the tenant should go there.")),
            "categories": ("category", _("Choose what the referral carries.")),
            "urgency": ("urgency", _("Please choose one of the options.")),
            "channel": ("channel", _("Please choose how the tenant is referred."))}.get(
        field, ("service_id", _("Please choose a service.")))


@bp.post("/cases/<case_id>/onward-referrals")
@require()
def add_referral(case_id: str):
    case = load_case(case_id, "write", log_as=None)
    db, today = get_db(), berlin_today()
    form = Form(request.form)
    payload = {"case_id": case_id, "service_id": form.raw("service_id"), "reason": form.raw("reason"),
               "urgency": form.raw("urgency") or "normal", "channel": form.raw("channel"),
               "categories": form.many("category"), "referred_on": today.isoformat(), "note_id": form.raw("note_id")}
    try:
        checked = rules.validate_referral(payload, today=today)
    except rules.ServiceError as error:
        name, message = field_error(error.field)
        form.errors[name] = message
        return page.invalid(case, "help", "onward-referral", values=form.values, errors=form.errors)
    referral_id = secrets.token_urlsafe(12)
    try:
        referrals.make(db, case=case, payload=checked, referral_id=referral_id, mutation_id=f"form-{referral_id}",
                       by=current_user.id, today=today)
    except referrals.Refusal as refusal:
        audit.log("onward_referral.refused", subject=("case", case_id),
                  details={"service": checked["service_id"], "reason": refusal.code, "categories": refusal.categories})
        form.errors["channel"] = refusal_message(refusal)
        return page.invalid(case, "help", "onward-referral", values=form.values, errors=form.errors,
                            status=403 if refusal.code == "consent_missing" else 400)
    audit.log("onward_referral.made", subject=("case", case_id),
              details={"referral": referral_id, "channel": checked["channel"], "categories": checked["categories"]})
    return page.saved(case_id, "help")


@bp.post("/cases/<case_id>/onward-referrals/<referral_id>/outcome")
@require()
def record_outcome(case_id: str, referral_id: str):
    case = load_case(case_id, "write", log_as=None)
    db, today = get_db(), berlin_today()
    found = referrals.get(db, referral_id)
    if found is None or found["case_id"] != case_id:
        abort(404)
    form = Form(request.form)
    outcome = form.choice("outcome", tuple(OUTCOMES))
    on = form.date("outcome_on", not_after=today, not_before=date.fromisoformat(found["referred_on"]))
    if not form.ok:
        return page.invalid(case, "help", f"outcome-{referral_id}", values=form.values, errors=form.errors)
    referrals.record_outcome(db, referral_id, outcome=outcome, on=on, by=current_user.id)
    audit.log("onward_referral.outcome", subject=("case", case_id), details={"referral": referral_id,
                                                                            "outcome": outcome})
    return page.saved(case_id, "help")


def deadlines(db, cases: list[dict], today: date, state: str) -> dict:
    """Each referral whose outcome is not recorded: ask on its check day whether the tenant arrived."""
    found: dict = {}
    for row in referrals.open_of_cases(db, [c["id"] for c in cases]):
        due = date.fromisoformat(row["check_on"])
        if due > today + timedelta(days=60):
            continue
        found.setdefault(row["case_id"], []).append(deadline_sources.to_do(
            "onward_referral_check", due, f"Nachfragen: bei {row['service_name']} angekommen?",
            f"Ask: did the tenant reach {row['service_name']}?", "onward_referral", today))
    return found


def timeline(db, case_id: str) -> list[tuple]:
    labels = OUTCOMES
    events = []
    for r in referrals.of_case(db, case_id):
        events.append((r["referred_on"], _("Referred to %(service)s", service=r["service_name"]), ""))
        if r["outcome"]:
            events.append((r["outcome_on"], f"{r['service_name']}: {labels[r['outcome']]}", ""))
    return events


def closing_suggestions(db, case: dict) -> dict:
    """The closing form ticks where the household was referred on to (the funders' figure)."""
    kinds = dict.fromkeys(r["service_kind"] for r in referrals.of_case(db, case["id"]))
    return {"onward_referrals": list(dict.fromkeys(rules.ONWARD_CODES[kind] for kind in kinds))}
