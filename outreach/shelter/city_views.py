"""The city in the app: its shelter requests, each showing who is to be housed while the tenant's
consent covers it (every opening a recorded disclosure), and its answer — a place from a date or
a refusal (thin views)."""

from __future__ import annotations

from datetime import date, timedelta

from flask import abort, current_app, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from .. import audit
from ..auth.access import require
from ..cases import store as cases_store
from ..clock import berlin_today
from ..consent import disclosures
from ..db import get_db
from ..domain import accommodation as rules
from ..domain.permissions import may_submit_referral
from ..forms import Form, whole_number
from . import bp, store

MAX_PLACE = 200
MAX_REASON = 1000


def city() -> str:
    """The signed-in partner's organisation if it is a city; other partners are refused."""
    if not store.is_city(get_db(), current_user.organisation_id):
        audit.log("shelter.not_a_city", details={"organisation": current_user.organisation_id})
        abort(403)
    return current_user.organisation_id


def _own(request_id: str) -> dict:
    organisation_id = city()
    found = store.get(get_db(), request_id)
    if found is None or found["organisation_id"] != organisation_id:
        abort(404)  # another city's request: not theirs to know of
    return found


@bp.get("/city/shelter-requests")
@require(may_submit_referral)
def inbox():
    organisation_id = city()
    page = whole_number(request.args.get("page", "1"), maximum=10_000) or 1
    rows, more = store.inbox(get_db(), organisation_id, page)
    audit.log("shelter.inbox", details={"count": len(rows)})
    return render_template("shelter/city_inbox.html", rows=rows, page=page, more=more)


def _render(found: dict, *, values=None, errors=None, status: int = 200):
    """The request with who is to be housed, while the consent covers it (recorded as disclosed)."""
    db, today = get_db(), berlin_today()
    case = cases_store.get_case(db, found["case_id"])
    permitted = disclosures.allowed(db, case["id"], found["organisation_id"], store.PURPOSE, today)
    people = sorted(permitted.personal["contact"])
    try:
        disclosures.disclose(db, case_id=case["id"], organisation_id=found["organisation_id"], purpose=store.PURPOSE,
                             categories=list(store.CATEGORIES), channel="shelter_view", by=current_user.id,
                             today=today, member_ids=people)
    except disclosures.Refused:
        audit.log("shelter.request_refused_view", subject=("case", case["id"]), details={"request": found["id"]})
        return render_template("shelter/city_refused.html", request=found), 403
    audit.log("shelter.request_read", subject=("case", case["id"]), details={"request": found["id"]})
    return render_template("shelter/city_request.html", request=found,
                           data=disclosures.case_fields(db, case, permitted.only(store.CATEGORIES)),
                           values=values or {}, errors=errors or {}, today=today,
                           municipality_key=current_app.config["MUNICIPALITY_KEY"]), status


@bp.get("/city/shelter-requests/<request_id>")
@require(may_submit_referral)
def request_page(request_id: str):
    return _render(_own(request_id))


@bp.post("/city/shelter-requests/<request_id>/answer")
@require(may_submit_referral)
def answer(request_id: str):
    found = _own(request_id)
    db, today = get_db(), berlin_today()
    if found["state"] != "sent":
        abort(409)
    form = Form(request.form)
    answer_kind = form.choice("answer", ("placed", "refused"))
    if answer_kind == "refused":
        reason = form.text("refusal_reason", max_length=MAX_REASON, missing=_("Please give the reason for the refusal."))
    elif answer_kind == "placed":
        place = form.text("place", max_length=MAX_PLACE, missing=_("Please name the place."))
        begins_on = form.date("begins_on", not_before=date.fromisoformat(found["sent_at"][:10]) - timedelta(days=30),
                              not_after=today + timedelta(days=366))
        kind = form.choice("accommodation_kind", tuple(rules.ACCOMMODATION_KINDS))
        provider = form.choice("provider", tuple(rules.PROVIDERS))
        association = form.choice("association", tuple(rules.WELFARE_ASSOCIATIONS), required=provider == "welfare")
        household_type = form.choice("household_type", tuple(rules.HOUSEHOLD_TYPES))
        size = form.integer("household_size", minimum=1, maximum=rules.MAX_HOUSEHOLD)
        try:
            key = rules.municipality_key(form.raw("municipality_key"))
        except rules.AccommodationError:
            form.errors["municipality_key"] = _("Please enter the eight-digit official municipality key.")
    if not form.ok:
        return _render(found, values=form.values, errors=form.errors, status=400)
    if answer_kind == "refused":
        store.refuse(db, found, reason=reason, by=current_user.id)
        audit.log("shelter.refused", subject=("case", found["case_id"]), details={"request": found["id"]})
        return redirect(url_for("shelter.request_page", request_id=found["id"]), code=303)
    placement_id = store.place(db, found, place=place, begins_on=begins_on, accommodation_kind=kind, provider=provider,
                               association=association or "", municipality_key=key, household_type=household_type,
                               household_size=size, by=current_user.id)
    audit.log("shelter.placed", subject=("case", found["case_id"]), details={"request": found["id"],
                                                                              "placement": placement_id})
    return redirect(url_for("shelter.placement_page", placement_id=placement_id), code=303)
