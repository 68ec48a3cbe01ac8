"""The worker sends a take-over request to an authority (in the app or as a letter), within the
consent that names it for the purpose and the categories the request carries (thin views)."""

from __future__ import annotations

from datetime import date

from flask import abort, current_app, make_response, render_template, request
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_login import current_user

from .. import audit
from ..auth.access import require
from ..cases import page
from ..cases.access import load_case
from ..clock import berlin_today
from ..consent import disclosures
from ..consent.labels import category_labels
from ..db import get_db, one_row
from ..forms import Form
from ..pdf import render_pdf
from . import bp, deadlines, documents, requests, store
from .labels import DOCUMENT_KINDS

MAX_REASONS = 2000


def _claim(case_id: str, claim_id: str, need: str = "write") -> tuple[dict, dict]:
    case = load_case(case_id, need, log_as=None)
    claim = store.get(get_db(), claim_id) if len(claim_id) <= 40 else None
    if claim is None or claim["case_id"] != case_id:
        abort(404)
    return case, claim


@bp.post("/cases/<case_id>/claims/<claim_id>/requests")
@require()
def send_request(case_id: str, claim_id: str):
    case, claim = _claim(case_id, claim_id)
    db, today = get_db(), berlin_today()
    form = Form(request.form)
    channel = form.choice("channel", ("app", "letter"))
    categories = [c for c in form.many("category") if c in requests.CATEGORIES]
    reasons = form.text("reasons", max_length=MAX_REASONS,
                        missing=_("Please give the reasons: why the flat is at risk and why the help is needed."))
    if claim["kind"] not in requests.PURPOSES or not claim["addressee_organisation_id"]:
        abort(409)  # the form is offered only for a take-over addressed to a partner organisation
    authority = next((a for a in requests.authorities(db) if a["id"] == claim["addressee_organisation_id"]), None)
    if authority is None or (channel == "app" and not authority["in_app"]):
        form.errors["channel"] = _("This office does not answer in the app: send the request as a letter.")
    if any(r["state"] in requests.OPEN for r in requests.of_claims(db, [claim_id])[claim_id]):
        form.errors["channel"] = _("A request for this claim is already waiting for an answer.")
    if not categories:
        form.errors["category"] = _("Choose what the request carries.")
    if not form.ok:
        return page.invalid(case, "claims", f"request-{claim_id}", values=form.values, errors=form.errors)
    purpose = requests.PURPOSES[claim["kind"]]
    _narrowed, people = disclosures.allowed(db, case_id, authority["id"], purpose, today).released(categories)
    try:
        disclosures.disclose(db, case_id=case_id, organisation_id=authority["id"], purpose=purpose,
                             categories=categories, channel=f"claim_request_{channel}", by=current_user.id,
                             today=today, member_ids=people)
    except disclosures.Refused as refused:
        labels = category_labels()
        audit.log("claim.request_refused", subject=("case", case_id),
                  details={"organisation": authority["id"], "purpose": purpose, "categories": refused.categories})
        form.errors["category"] = _(
            "Not allowed: there is no active consent of everyone concerned naming %(office)s for this purpose for: "
            "%(what)s. Nothing was sent.", office=authority["name"],
            what=", ".join(str(labels.get(c, c)) for c in refused.categories))
        return page.invalid(case, "claims", f"request-{claim_id}", values=form.values, errors=form.errors, status=403)
    requests.create(db, claim, organisation_id=authority["id"], channel=channel, categories=categories,
                    member_ids=people, reasons=reasons,
                    schonfrist_end=deadlines.schonfrist_end(db, case, today, current_app.config["HOLIDAY_STATE"]),
                    by=current_user.id)
    audit.log("claim.request_sent", subject=("case", case_id),
              details={"organisation": authority["id"], "channel": channel, "categories": sorted(categories)})
    return page.saved(case_id, "claims")


@bp.post("/cases/<case_id>/claims/<claim_id>/requests/<request_id>/documents-sent")
@require()
def documents_sent(case_id: str, claim_id: str, request_id: str):
    _case, _claim_row = _claim(case_id, claim_id)
    found = requests.get(get_db(), request_id)
    if found is None or found["claim_id"] != claim_id:
        abort(404)
    if found["state"] != "documents_requested":
        abort(409)
    requests.documents_sent(get_db(), found)
    audit.log("claim.documents_sent", subject=("case", case_id), details={"request": request_id})
    return page.saved(case_id, "claims")


@bp.get("/cases/<case_id>/claims/<claim_id>/requests/<request_id>/letter.pdf")
@require()
def letter(case_id: str, claim_id: str, request_id: str):
    """The request as an A4 letter in German, with exactly what the request carries — and only
    while the consent still covers it (a withdrawal stops the next print)."""
    case, claim = _claim(case_id, claim_id)
    db, today = get_db(), berlin_today()
    found = requests.get(db, request_id)
    if found is None or found["claim_id"] != claim_id or found["channel"] != "letter":
        abort(404)
    permitted = disclosures.allowed(db, case_id, found["organisation_id"], requests.PURPOSES[claim["kind"]], today)
    narrowed, _people = permitted.released(found["categories"])
    if not set(found["categories"]) <= narrowed.categories():
        audit.log("claim.letter_refused", subject=("case", case_id), details={"request": request_id})
        abort(403)
    data = disclosures.case_fields(db, case, narrowed)
    centre = one_row(db, "SELECT name FROM organisation WHERE kind = 'centre' ORDER BY created_at LIMIT 1")
    names = store.benefit_names(db, today)
    enclosed = [d for d in documents.of_case(db, case_id) if d["claim_id"] == claim_id] \
        if "documents" in found["categories"] else []  # copies go only where the consent lets them
    with force_locale("de"):  # the letter goes to a German office whatever the worker's language
        enclosures = [f"{DOCUMENT_KINDS[d['kind']]} vom {date.fromisoformat(d['dated_on']):%d.%m.%Y}"
                      + (f" ({d['pages']} Seiten)" if d["pages"] > 1 else "") for d in enclosed]
        html = render_template("claims/letter.html", case=case, claim=claim, request=found, data=data,
                               categories=found["categories"], centre=centre["name"] if centre else "",
                               kind_name=names.get(claim["kind"], (claim["kind"],))[0], today=today,
                               worker=current_user.display_name, enclosures=enclosures)
    audit.log("claim.letter_printed", subject=("case", case_id), details={"request": request_id})
    response = make_response(render_pdf(html))
    response.headers["Content-Type"] = "application/pdf"
    response.headers["Content-Disposition"] = 'attachment; filename="antrag-uebernahme.pdf"'
    response.headers["Cache-Control"] = "no-store"
    return response
