"""The tenant's copy (printable page and PDF, once the record is on the server), how it was
handed over, and the paper form: upload of its photo and its download (never shown inline)."""

from __future__ import annotations

import base64
import secrets
import unicodedata

from flask import Response, abort, jsonify, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user

from .. import __version__, audit, clock, evidence
from ..auth.access import require
from ..auth.people import get_person
from ..cases.access import load_case
from ..clock import berlin_today
from ..db import get_db, write
from ..domain import consent as rules
from ..domain.consent_payload import ID
from ..pdf import render_pdf
from . import bp, images, records, versions
from .labels import handover_labels
from .views import load_consent

MAX_PHOTO_BYTES = 10 * 1024 * 1024


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
    member = records.one_row(db, "SELECT * FROM household_member WHERE id = ? AND case_id = ?",
                          [form.get("member_id", ""), case["id"]])
    if member is None:
        return _refuse("member_id", _("Please choose who signed."))
    if not rules.old_enough_to_sign(member["birth_year"], berlin_today()):
        return _refuse("member_id", _("Children under 14 do not sign for themselves: a parent's consent covers them."))
    version = versions.get_version(db, form.get("template_version_id", "")[:40])
    if version is None or version["status"] != "published" or version["content_hash"] != form.get("version_hash"):
        return _refuse("template_version_id", _("This form is not (or no longer) published. Please reload the page."))
    if form.get("withdrawal_notice_shown") != "1":
        return _refuse("withdrawal_notice_shown", _("Please confirm that the right to withdraw was shown."))
    try:
        scope = rules.clean_scope(version["content"], {k: form.getlist(k) for k in ("recipients", "purposes", "categories")})
    except rules.ConsentError:
        return _refuse("scope", _("Tick at least one recipient, one purpose and one kind of data, as on the paper."))
    upload = request.files.get("photo")
    if upload is None or not upload.filename:
        return _refuse("photo", _("Please choose the photo of the signed form."))
    data = upload.stream.read(MAX_PHOTO_BYTES + 1)
    if len(data) > MAX_PHOTO_BYTES:
        return _refuse("photo", _("The photo is larger than 10 MB. Please take it again with a lower resolution."))
    try:
        photo, photo_type = images.photo(data)
    except images.NotAPicture as error:
        if error.code == "too_large":
            return _refuse("photo", _("This photo has too many pixels (at most 40 megapixels). Please take it again "
                                      "with a lower resolution."))
        return _refuse("photo", _("Only photos in JPEG or PNG format can be attached."))
    interpreter = (form.get("interpreter") or "").strip()[:120]
    if any(unicodedata.category(ch).startswith("C") for ch in interpreter):
        return _refuse("interpreter", _("Please enter the interpreter's name on one line."))
    valid_from, valid_until = rules.validity(version["content"], berlin_today())
    text = rules.render_text(version["content"], scope, signer_name=member["name"], interpreter=interpreter)
    key_id, key = evidence.current_key()
    with write(db):
        records.insert(db, {
            "id": consent_id, "case_id": case["id"], "member_id": member["id"], "signer_name": member["name"],
            "form": "paper", "template_version_id": version["id"], "version_hash": version["content_hash"],
            "language": version["language"], "interpreter": interpreter, "scope": scope,
            "text_hash": rules.text_hash(text), "valid_from": valid_from.isoformat(),
            "valid_until": valid_until.isoformat(), "withdrawal_notice_shown": True, "device_time": "",
            "received_at": clock.stamp(), "witness_id": current_user.id,
            "device_id": session.device_id or "", "app_version": __version__, "key_id": key_id,
        }, key=key, signature_png=None, strokes=None, photo=photo, photo_type=photo_type)
    audit.log("consent.paper_attached", subject=("consent", consent_id), details={"case": case["id"]})
    return jsonify(ok=True, consent=consent_id, url=url_for("consent.consent_page", consent_id=consent_id))
