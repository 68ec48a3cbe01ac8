"""A service that uses the app (a partner organisation): the referrals with data sent to it, each
showing exactly what was sent while the tenant's consent still covers it (every opening a recorded
disclosure), and its answer — a first appointment or that it cannot take the tenant (thin views)."""

from __future__ import annotations

from datetime import timedelta

from flask import abort, redirect, render_template, request, url_for
from flask_login import current_user

from .. import audit
from ..auth.access import require
from ..cases import store as cases_store
from ..clock import berlin_today
from ..consent import disclosures
from ..consent.labels import category_labels
from ..db import get_db
from ..domain import services as rules
from ..domain.permissions import may_submit_referral
from ..forms import Form, whole_number
from . import bp, referrals


def _own(referral_id: str) -> dict:
    found = referrals.get(get_db(), referral_id)
    if found is None or found["channel"] != "with_data" or found["organisation_id"] != current_user.organisation_id:
        abort(404)  # sent to another service, or only the contact was given: not theirs to know of
    return found


@bp.get("/partner/onward-referrals")
@require(may_submit_referral)
def partner_inbox():
    page = whole_number(request.args.get("page", "1"), maximum=10_000) or 1
    rows, more = referrals.for_organisation(get_db(), current_user.organisation_id, page)
    audit.log("onward_referral.inbox", details={"count": len(rows)})
    return render_template("services/partner_inbox.html", rows=rows, page=page, more=more)


def _render(found: dict, *, values=None, errors=None, status: int = 200):
    db, today = get_db(), berlin_today()
    case = cases_store.get_case(db, found["case_id"])
    permitted = disclosures.allowed(db, case["id"], found["organisation_id"], referrals.PURPOSE, today)
    shown = sorted(set(found["categories"]) & permitted.categories())
    narrowed, people = permitted.released(shown)
    try:
        disclosures.disclose(db, case_id=case["id"], organisation_id=found["organisation_id"],
                             purpose=referrals.PURPOSE, categories=shown, channel="onward_referral_view",
                             by=current_user.id, today=today, member_ids=people)
    except disclosures.Refused:
        audit.log("onward_referral.view_refused", subject=("case", case["id"]), details={"referral": found["id"]})
        return render_template("services/partner_refused.html"), 403
    audit.log("onward_referral.read", subject=("case", case["id"]), details={"referral": found["id"]})
    return render_template("services/partner_referral.html", referral=found, categories=shown,
                           withheld=sorted(set(found["categories"]) - set(shown)), category_labels=category_labels(),
                           data=disclosures.case_fields(db, case, narrowed), values=values or {},
                           errors=errors or {}, today=today), status


@bp.get("/partner/onward-referrals/<referral_id>")
@require(may_submit_referral)
def partner_referral(referral_id: str):
    return _render(_own(referral_id))


@bp.post("/partner/onward-referrals/<referral_id>/answer")
@require(may_submit_referral)
def partner_answer(referral_id: str):
    found = _own(referral_id)
    if found["answer"]:
        abort(409)
    form = Form(request.form)
    today = berlin_today()
    answer_kind = form.choice("answer", rules.ANSWERS)
    appointment_on = None
    if answer_kind == "appointment":
        appointment_on = form.date("appointment_on", not_before=today - timedelta(days=30),
                                   not_after=today + timedelta(days=366))
    note = form.text("answer_note", required=False, max_length=1000)
    if not form.ok:
        return _render(found, values=form.values, errors=form.errors, status=400)
    referrals.answer(get_db(), found["id"], answer_kind=answer_kind, appointment_on=appointment_on, note=note,
                     by=current_user.id)
    audit.log("onward_referral.answered", subject=("case", found["case_id"]),
              details={"referral": found["id"], "answer": answer_kind})
    return redirect(url_for("services.partner_referral", referral_id=found["id"]), code=303)
