"""The visit form (written through the outbox, online and offline alike), a note's page, the outbox."""

from __future__ import annotations

from datetime import datetime

from flask import abort, render_template, request, session
from flask_login import current_user

from .. import audit, clock
from ..auth.access import require
from ..cases import page
from ..cases.access import load_case
from ..cases.devices import record_case_on_device
from ..db import get_db, write
from ..forms import whole_number
from ..domain.visits import CURRENT_SCHEMA, KINDS
from . import bp, note_facts, steps, store


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


@bp.post("/visits/<note_id>/steps/<kind>/<position>/done")
@require()
def step_done(note_id: str, kind: str, position: str):
    """Mark an agreed step or task of a note done (or, with done=0, not done): it leaves the
    deadline lists. The step must exist in the note's current revision."""
    note, case = load_note(note_id, "write")
    db = get_db()
    position = whole_number(position, maximum=steps.MAX_POSITION)
    listed = [s for s in steps.steps_of_cases(db, [case["id"]])[case["id"]] if s["note_id"] == note_id]
    if kind not in steps.LISTS or not any(s["list"] == kind and s["position"] == position for s in listed):
        abort(404)
    done = request.form.get("done") == "1"
    steps.mark(db, note_id, kind, position, done=done, on=clock.berlin_today(), by=current_user.id)
    audit.log("visit_note.step_done", subject=("case", case["id"]), details={"list": kind, "done": done})
    return page.saved(case["id"], "visits")


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
