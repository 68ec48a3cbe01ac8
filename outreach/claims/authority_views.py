"""The authority in the app: its take-over requests, each showing exactly the data the request
carries while the tenant's consent still covers it (every opening a recorded disclosure), and
its answer — documents requested, granted (the commitment) or refused (thin views)."""

from __future__ import annotations

from datetime import date, timedelta

from flask import abort, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from .. import audit
from ..auth.access import require
from ..cases import store as cases_store
from ..clock import berlin_today
from ..consent import disclosures
from ..consent.labels import category_labels
from ..db import get_db
from ..domain.deadlines.claims import SENT_BY
from ..domain.permissions import may_submit_referral
from ..forms import Form, whole_number
from ..domain.documents import MAX_PAGES
from . import bp, documents, requests, store
from .document_views import page_download

MAX_DOCUMENTS = 1000


def _own(request_id: str) -> dict:
    found = requests.get(get_db(), request_id)
    if found is None or found["channel"] != "app" or found["organisation_id"] != current_user.organisation_id:
        abort(404)  # another office's request: not theirs to know of
    return found


@bp.get("/authority/requests")
@require(may_submit_referral)
def inbox():
    page = whole_number(request.args.get("page", "1"), maximum=10_000) or 1
    rows, more = requests.inbox(get_db(), current_user.organisation_id, page)
    audit.log("authority.inbox", details={"count": len(rows)})
    return render_template("claims/authority_inbox.html", rows=rows, page=page, more=more,
                           names=store.benefit_names(get_db(), berlin_today()))


def _render(found: dict, *, values=None, errors=None, status: int = 200):
    """The request with what the consent still covers, recorded as disclosed; 403 without."""
    db, today = get_db(), berlin_today()
    case = cases_store.get_case(db, found["case_id"])
    permitted = disclosures.allowed(db, case["id"], found["organisation_id"], requests.PURPOSES[found["kind"]], today)
    # Personal data only of those who still release every personal category shown (Allowed.released).
    narrowed, people = permitted.released(sorted(set(found["categories"]) & permitted.categories()))
    shown = sorted(narrowed.categories())
    if not shown:
        audit.log("authority.request_refused", subject=("case", case["id"]), details={"request": found["id"]})
        return render_template("claims/authority_refused.html", request=found), 403
    disclosures.disclose(db, case_id=case["id"], organisation_id=found["organisation_id"],
                         purpose=requests.PURPOSES[found["kind"]], categories=shown, channel="authority_view",
                         by=current_user.id, today=today, member_ids=people)
    audit.log("authority.request_read", subject=("case", case["id"]), details={"categories": shown})
    claim = next(c for c in store.of_cases(db, [case["id"]])[case["id"]] if c["id"] == found["claim_id"])
    decision = next((d for d in claim["decisions"] if d["id"] == found["decision_id"]), None)
    return render_template("claims/authority_request.html", request=found, categories=shown,
                           withheld=sorted(set(found["categories"]) - set(shown)),
                           data=disclosures.case_fields(db, case, narrowed), decision=decision,
                           names=store.benefit_names(db, today), values=values or {}, errors=errors or {},
                           today=today, category_labels=category_labels()), status


@bp.get("/authority/requests/<request_id>")
@require(may_submit_referral)
def request_page(request_id: str):
    return _render(_own(request_id))


@bp.get("/authority/requests/<request_id>/documents/<document_id>/pages/<int:position>")
@require(may_submit_referral)
def request_document(request_id: str, document_id: str, position: int):
    """A page of a document of the request's claim, while the consent covers documents for this
    office and purpose: each download a recorded disclosure; a download, never shown inline."""
    found = _own(request_id)
    db, today = get_db(), berlin_today()
    document = documents.get(db, document_id)
    page = documents.page(db, document_id, position) if document and document["claim_id"] == found["claim_id"] \
        and position <= MAX_PAGES else None
    if page is None or "documents" not in found["categories"]:
        abort(404)
    purpose = requests.PURPOSES[found["kind"]]
    if not disclosures.allowed(db, found["case_id"], found["organisation_id"], purpose, today).covers("documents"):
        audit.log("authority.document_refused", subject=("case", found["case_id"]), details={"request": found["id"]})
        abort(403)
    disclosures.disclose(db, case_id=found["case_id"], organisation_id=found["organisation_id"], purpose=purpose,
                         categories=["documents"], channel="authority_download", by=current_user.id, today=today,
                         note=f"{document['kind']} {document['dated_on']}, {position + 1}")
    audit.log("authority.document_read", subject=("case", found["case_id"]), details={"document": document_id})
    return page_download(document, page)


@bp.post("/authority/requests/<request_id>/answer")
@require(may_submit_referral)
def answer(request_id: str):
    found = _own(request_id)
    db, today = get_db(), berlin_today()
    if found["state"] == "answered":
        abort(409)
    form = Form(request.form)
    answer_kind = form.choice("answer", requests.ANSWERS)
    earliest = date.fromisoformat(found["sent_at"][:10]) - timedelta(days=366)
    if answer_kind == "documents_requested":
        documents = form.text("documents", max_length=MAX_DOCUMENTS,
                              missing=_("Please name the documents you need."))
        due_on = form.date("documents_due_on", required=False, not_before=today,
                           not_after=today + timedelta(days=180))
    elif answer_kind in ("granted", "refused"):
        dated = form.date("notice_dated_on", not_before=earliest, not_after=today)
        sent_by = form.choice("sent_by", SENT_BY)
        if answer_kind == "granted":
            amount = form.money("amount")
            if amount == 0:
                form.errors["amount"] = _("Please enter the amount committed.")
            loan_or_grant = form.choice("form", store.FORMS)
            landlord = form.text("landlord", max_length=200, missing=_("Please name the landlord the commitment goes to."))
            reached = form.date("reached_landlord_on", required=False, not_before=earliest, not_after=today)
            if dated and reached and reached < dated:
                form.errors["reached_landlord_on"] = _("A commitment cannot reach the landlord before its date.")
    if not form.ok:
        return _render(found, values=form.values, errors=form.errors, status=400)
    if answer_kind == "documents_requested":
        requests.ask_for_documents(db, found, documents=documents, due_on=due_on, by=current_user.id)
    else:
        granted = answer_kind == "granted"
        requests.decide(db, found, decision=answer_kind, notice_dated_on=dated, sent_by=sent_by,
                        amount_cents=amount if granted else None, form=loan_or_grant if granted else "",
                        landlord=landlord if granted else "", reached_landlord_on=reached if granted else None,
                        by=current_user.id)
    audit.log("authority.answered", subject=("case", found["case_id"]),
              details={"request": found["id"], "answer": answer_kind})
    return redirect(url_for("claims.request_page", request_id=found["id"]), code=303)
