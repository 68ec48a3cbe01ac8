"""Documents on the case page: the photographed pages as downloads only (never shown as active
content), and the same form posted without JavaScript (with JavaScript it waits in the outbox and
goes as `document.add`, offline too) — thin views."""

from __future__ import annotations

import secrets

from flask import Response, abort, request
from flask_babel import gettext as _
from flask_login import current_user

from .. import audit, pictures
from ..auth.access import require
from ..cases import page
from ..cases.access import load_case
from ..clock import berlin_today
from ..db import get_db
from ..domain import documents as rules
from ..forms import Form
from . import bp, documents, store

EXTENSIONS = {"image/jpeg": "jpg", "image/png": "png"}


def page_download(document: dict, page: dict) -> Response:
    """One photographed page as a download only: never shown inline, never sniffed, never cached,
    and even if opened it may run nothing (sandbox)."""
    name = f"{document['kind']}-{document['dated_on']}-{page['position'] + 1}.{EXTENSIONS[page['picture_type']]}"
    return Response(page["picture"], mimetype=page["picture_type"], headers={
        "Content-Disposition": f'attachment; filename="{name}"', "Cache-Control": "private, no-store",
        "Content-Security-Policy": "sandbox; default-src 'none'"})


@bp.get("/cases/<case_id>/documents/<document_id>/pages/<int:position>")
@require()
def document_page(case_id: str, document_id: str, position: int):
    load_case(case_id, "read", log_as=None)
    db = get_db()
    document = documents.get(db, document_id)
    found = documents.page(db, document_id, position) \
        if document and document["case_id"] == case_id and position <= rules.MAX_PAGES else None
    if found is None:
        abort(404)
    audit.log("document.downloaded", subject=("case", case_id), details={"document": document_id, "page": position})
    return page_download(document, found)


@bp.post("/cases/<case_id>/documents")
@require()
def add_document(case_id: str):
    case = load_case(case_id, "write", log_as=None)
    db, today = get_db(), berlin_today()
    form = Form(request.form)
    kind = form.choice("kind", rules.KINDS)
    dated_on = form.date("dated_on", not_after=today, not_before=today.replace(year=today.year - 10))
    note = form.text("note", required=False, max_length=rules.MAX_NOTE)
    claim_ids = {c["id"] for c in store.of_cases(db, [case_id])[case_id]}
    claim_id = form.choice("claim_id", claim_ids, required=False) or ""
    files = [f for f in request.files.getlist("pages") if f and f.filename][:rules.MAX_PAGES + 1]
    pages = []
    if not files:
        form.errors["pages"] = _("Please photograph at least one page.")
    elif len(files) > rules.MAX_PAGES:
        form.errors["pages"] = _("At most %(n)s pages per document.", n=rules.MAX_PAGES)
    else:
        for upload in files:
            data = upload.read(rules.MAX_PAGE_BYTES * 4 + 1)
            try:
                if len(data) > rules.MAX_PAGE_BYTES * 4:
                    raise pictures.NotAPicture("too_big")
                pages.append(pictures.photo(data))
            except pictures.NotAPicture:
                form.errors["pages"] = _("Only photos in JPEG or PNG format can be attached, each at most 12 MB.")
                break
    if not form.ok:
        return page.invalid(case, "claims", "document", values=form.values, errors=form.errors)
    document_id = secrets.token_urlsafe(12)
    documents.add(db, document_id, case_id=case_id, claim_id=claim_id, kind=kind, dated_on=dated_on, note=note,
                  pages=pages, by=current_user.id, mutation_id=f"form-{document_id}")
    audit.log("document.added", subject=("case", case_id), details={"kind": kind, "pages": len(pages)})
    return page.saved(case_id, "claims")
