"""The visit form (written through the outbox, online and offline alike), a note's page, the outbox."""

from __future__ import annotations

from datetime import datetime

from flask import abort, render_template, session
from flask_login import current_user

from .. import clock
from ..auth.access import require
from ..cases.access import load_case
from ..cases.devices import record_case_on_device
from ..db import get_db, write
from ..domain.visits import CURRENT_SCHEMA, KINDS
from . import bp, note_facts, store


def _form(case: dict, *, note=None, revision=None, addendum_of: str = ""):
    db = get_db()
    with write(db):
        record_case_on_device(db, case["id"], session.device_id, current_user.id)
    payload = revision["payload"] if revision else {}
    return render_template(
        # A new note gets its id on the phone when the form opens (visit-form.js): this page is
        # kept offline and opened many times, and each opening starts a different note.
        "visits/form.html", case=case, note_id=note["id"] if note else "",
        base_revision=revision["id"] if revision else "", payload=payload, kinds=KINDS,
        schema_version=CURRENT_SCHEMA, now=datetime.now(clock.BERLIN).strftime("%Y-%m-%dT%H:%M"),
        conflicts=[r for r in store.revisions(db, note["id"]) if r["state"] == "conflict"] if note else [],
        addendum_of=addendum_of,
    )


@bp.get("/cases/<case_id>/visits/new")
@require()
def new_visit(case_id: str):
    return _form(load_case(case_id, "write", log_as="visit_note.form"))


def load_note(note_id: str, need: str = "read") -> tuple[dict, dict]:
    note = store.get_note(get_db(), note_id) if len(note_id) <= 64 else None
    if note is None:
        abort(404)
    case = load_case(note["case_id"], need, log_as="visit_note.read")
    return note, case


@bp.get("/visits/<note_id>")
@require()
def note_page(note_id: str):
    note, case = load_note(note_id)
    revisions = store.revisions(get_db(), note_id)
    current = next((r for r in revisions if r["id"] == note["current_revision_id"]), None)
    conflicts = [r for r in revisions if r["state"] == "conflict"]
    return render_template("visits/note.html", note=note, case=case, current=current, conflicts=conflicts,
                           revisions=revisions, kinds=KINDS, **note_facts.load(get_db(), note))


@bp.get("/visits/<note_id>/edit")
@require()
def edit_note(note_id: str):
    note, case = load_note(note_id, "write")
    if note["author_id"] != current_user.id:
        abort(403)  # only the author edits their note
    if note["status"] == "approved":
        abort(409)
    current = next(r for r in store.revisions(get_db(), note_id) if r["id"] == note["current_revision_id"])
    return _form(case, note=note, revision=current)


@bp.get("/visits/<note_id>/addendum")
@require()
def addendum(note_id: str):
    note, case = load_note(note_id, "write")
    if note["status"] != "approved":
        abort(409)
    return _form(case, addendum_of=note["id"])


@bp.get("/outbox")
def outbox():
    # Part of the precached shell: no personal data from the server; the page reads the
    # signed-in person's outbox from IndexedDB on the device.
    return render_template("visits/outbox.html", shell_only=True)
