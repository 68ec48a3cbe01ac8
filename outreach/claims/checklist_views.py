"""The documents each kind of claim needs: dated data an admin keeps (like the reference values).
An item is added with the day it applies from, and ended on a day — never edited or deleted, so a
claim checked earlier keeps meaning what it meant."""

from __future__ import annotations

from datetime import timedelta

from flask import abort, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from .. import audit, clock
from ..auth.access import require
from ..clock import berlin_today
from ..db import get_db, one_row, write
from ..domain import documents as rules
from ..domain.permissions import may_administer
from ..forms import Form, whole_number
from . import bp, store


def _page(form: Form | None = None, status: int = 200):
    db = get_db()
    items = store.rows(db, "SELECT * FROM document_checklist ORDER BY claim_kind, document_kind, valid_from")
    return render_template("claims/admin_checklist.html", items=items, form=form or Form({}), today=berlin_today(),
                           names=store.benefit_names(db, berlin_today()), claim_kinds=store.KINDS,
                           document_kinds=rules.KINDS), status


@bp.get("/admin/document-checklist")
@require(may_administer)
def checklist():
    return _page()


@bp.post("/admin/document-checklist")
@require(may_administer)
def add_checklist_item():
    form = Form(request.form)
    claim_kind = form.choice("claim_kind", store.KINDS)
    document_kind = form.choice("document_kind", rules.KINDS)
    valid_from = form.date("valid_from")
    source = form.text("source", required=False, max_length=200)
    if not form.ok:
        return _page(form, 400)
    db = get_db()
    with write(db):
        running = one_row(db, """SELECT id FROM document_checklist WHERE claim_kind = ? AND document_kind = ?
                                 AND (valid_to IS NULL OR valid_to >= ?)""", [claim_kind, document_kind,
                                                                                valid_from.isoformat()])
        if running:
            form.errors["document_kind"] = _("This document is already on the list for this kind of claim from "
                                             "that day: end that item first.")
            return _page(form, 400)
        db["document_checklist"].insert({"claim_kind": claim_kind, "document_kind": document_kind,
                                         "valid_from": valid_from.isoformat(), "valid_to": None, "source": source,
                                         "created_by": current_user.id, "created_at": clock.stamp()})
    audit.log("document_checklist.added", details={"claim_kind": claim_kind, "document_kind": document_kind,
                                                   "valid_from": valid_from.isoformat()})
    return redirect(url_for("claims.checklist"), code=303)


@bp.post("/admin/document-checklist/<item_id>/end")
@require(may_administer)
def end_checklist_item(item_id: str):
    db = get_db()
    number = whole_number(item_id, maximum=2**31)
    item = one_row(db, "SELECT * FROM document_checklist WHERE id = ?", [number]) if number else None
    if item is None:
        abort(404)
    form = Form(request.form)
    last_day = form.date("valid_to", not_before=clock.berlin_today() - timedelta(days=366))
    if last_day and last_day.isoformat() < item["valid_from"]:
        form.errors["valid_to"] = _("The end of validity lies before its start.")
    if item["valid_to"]:
        form.errors["valid_to"] = _("This item has already ended.")
    if not form.ok:
        return _page(form, 400)
    with write(db):
        db.execute("UPDATE document_checklist SET valid_to = ? WHERE id = ?", [last_day.isoformat(), number])
    audit.log("document_checklist.ended", details={"item": number, "valid_to": last_day.isoformat()})
    return redirect(url_for("claims.checklist"), code=303)
