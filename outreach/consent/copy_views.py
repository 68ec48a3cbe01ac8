"""The tenant's copy (printable page and PDF, once the record is on the server), how it was
handed over, and the paper form: upload of its photo and its download (never shown inline)."""

from __future__ import annotations

import base64
import secrets

from flask import Response, abort, jsonify, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user

from .. import audit
from ..auth.access import require
from ..auth.people import get_person
from ..cases.access import load_case
from ..clock import berlin_today
from ..db import get_db
from ..domain import consent as rules
from ..domain.consent_payload import ID
from ..pdf import render_pdf
from . import bp, paper, records
from .labels import handover_labels
from .views import load_consent

MAX_PHOTO_BYTES = paper.MAX_PHOTO_BYTES


def _copy_html(consent_id: str, *, for_pdf: bool) -> str:
    record, case = load_consent(consent_id)
    db = get_db()
    text = records.text_of(db, record)
    witness = get_person(db, record["witness_id"])
    signature = ("data:image/png;base64," + base64.b64encode(record["signature_png"]).decode()
                 if record["signature_png"] else "")
    return render_template("consent/copy.html", record=record, case=case, text=text, signature=signature,
                           text_matches=rules.text_hash(text) == record["text_hash"],
                           record_hash=rules.record_hash(record), witness=witness, for_pdf=for_pdf,
                           withdrawal=records.withdrawal(db, consent_id))


@bp.get("/consents/<consent_id>/copy")
@require()
def tenant_copy(consent_id: str):
    return _copy_html(consent_id, for_pdf=False)


@bp.get("/consents/<consent_id>/copy.pdf")
@require()
def tenant_copy_pdf(consent_id: str):
    pdf = render_pdf(_copy_html(consent_id, for_pdf=True))
    audit.log("consent.copy_pdf", subject=("consent", consent_id))
    return Response(pdf, mimetype="application/pdf",
                    headers={"Content-Disposition": f'attachment; filename="einwilligung-{consent_id[:12]}.pdf"'})


@bp.post("/consents/<consent_id>/handover")
@require()
def record_handover(consent_id: str):
    record, case = load_consent(consent_id, "write")
    method = request.form.get("method", "")
    if method not in handover_labels():
        abort(400)
    records.record_handover(get_db(), record["id"], method, current_user.id)
    audit.log("consent.handover", subject=("consent", record["id"]), details={"method": method})
    return redirect(url_for("consent.consent_page", consent_id=record["id"]), code=303)


@bp.get("/consents/<consent_id>/photo")
@require()
def paper_photo(consent_id: str):
    record, _case = load_consent(consent_id)
    if not record["photo"]:
        abort(404)
    audit.log("consent.photo_downloaded", subject=("consent", consent_id))
    extension = "png" if record["photo_type"] == "image/png" else "jpg"
    # Only ever a download, and even if opened it may run nothing (sandbox) nor be sniffed.
    return Response(record["photo"], mimetype=record["photo_type"], headers={
        "Content-Disposition": f'attachment; filename="einwilligung-{consent_id[:12]}.{extension}"',
        "Content-Security-Policy": "sandbox; default-src 'none'"})


def _refuse(field: str, message: str, status: int = 400):
    return jsonify(error=field, message=message), status


@bp.post("/cases/<case_id>/consents/paper")
@require()
def upload_paper(case_id: str):
    """A photo of a signed paper form, attached to the same kind of sealed record."""
    case = load_case(case_id, "write", log_as=None)
    db, form = get_db(), request.form
    consent_id = form.get("consent_id", "")
    if not ID.match(consent_id):
        consent_id = secrets.token_urlsafe(16)
    elif (earlier := records.get(db, consent_id)) is not None:
        # A retry after a lost answer gets the record it already made; an id used elsewhere is refused.
        if earlier["case_id"] == case["id"] and earlier["witness_id"] == current_user.id and earlier["form"] == "paper":
            return jsonify(ok=True, consent=consent_id, url=url_for("consent.consent_page", consent_id=consent_id),
                           duplicate=True)
        return _refuse("consent_id", _("This entry number was already used for another record. Please reload the page."),
                       409)
    upload = request.files.get("photo")
    if upload is None or not upload.filename:
        return _refuse("photo", _("Please choose the photo of the signed form."))
    data = upload.stream.read(MAX_PHOTO_BYTES + 1)
    refusal = paper.attach(db, case, current_user.id, consent_id=consent_id, member_id=form.get("member_id", ""),
                           template_version_id=form.get("template_version_id", "")[:40],
                           version_hash=form.get("version_hash", ""),
                           notice_shown=form.get("withdrawal_notice_shown") == "1",
                           scope={k: form.getlist(k) for k in ("recipients", "purposes", "categories")},
                           interpreter=(form.get("interpreter") or "").strip()[:120], photo=data,
                           device_id=session.device_id or "", device_time="", today=berlin_today())
    if refusal:
        return _refuse(refusal[0], paper.message(*refusal))
    audit.log("consent.paper_attached", subject=("consent", consent_id), details={"case": case["id"]})
    return jsonify(ok=True, consent=consent_id, url=url_for("consent.consent_page", consent_id=consent_id))
