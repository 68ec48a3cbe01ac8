"""The supervisor's queue, the review page, return with a comment, approve with a fresh passkey."""

from __future__ import annotations

from flask import (
    abort,
    current_app,
    jsonify,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_login import current_user

from .. import audit, evidence
from ..auth import passkeys
from ..auth.access import require
from ..auth.api import json_body, refuse, relying_party
from ..cases.access import load_case
from ..db import get_db
from ..domain.permissions import may_triage_referrals
from ..forms import Form
from ..visits import store as notes
from . import bp, store


def load_for_review(note_id: str) -> tuple[dict, dict]:
    """A note the signed-in supervisor may decide on: their team's case, not their own note."""
    note = notes.get_note(get_db(), note_id) if len(note_id) <= 64 else None
    if note is None:
        abort(404)
    case = load_case(note["case_id"], "assign", log_as="visit_note.review")
    if note["author_id"] == current_user.id:
        abort(403)  # four eyes: nobody approves or returns their own note
    return note, case


@bp.get("/approvals")
@require(may_triage_referrals)
def queue():
    items = store.queue(get_db(), current_user.team_id)
    audit.log("approvals.read", details={"count": len(items)})
    return render_template("approvals/queue.html", items=items)


@bp.get("/approvals/<note_id>")
@require(may_triage_referrals)
def review(note_id: str):
    db = get_db()
    note, case = load_for_review(note_id)
    revisions = notes.revisions(db, note_id)
    current = next((r for r in revisions if r["id"] == note["current_revision_id"]), None)
    returned = store.last_return(db, note_id)
    previous = next((r for r in revisions if returned and r["id"] == returned["revision_id"]), None)
    return render_template("approvals/review.html", note=note, case=case, current=current, previous=previous,
                           returned=returned, conflicts=[r for r in revisions if r["state"] == "conflict"])


@bp.post("/approvals/<note_id>/return")
@require(may_triage_referrals)
def return_note(note_id: str):
    db = get_db()
    note, case = load_for_review(note_id)
    form = Form(request.form)
    comment = form.text("comment", max_length=2000)
    if not form.ok:
        revisions = notes.revisions(db, note_id)
        current = next((r for r in revisions if r["id"] == note["current_revision_id"]), None)
        return render_template("approvals/review.html", note=note, case=case, current=current, previous=None,
                               returned=None, conflicts=[], errors=form.errors, values=form.values), 400
    try:
        store.return_note(db, note, current_user.id, comment)
    except store.ApprovalRefused:
        abort(409)
    audit.log("visit_note.returned", subject=("visit_note", note_id))
    return redirect(url_for("approvals.queue"), code=303)


@bp.post("/approvals/<note_id>/options")
@require(may_triage_referrals)
def approve_options(note_id: str):
    db = get_db()
    note, case = load_for_review(note_id)
    if note["status"] != "submitted" or note["in_conflict"]:
        return refuse("not_submitted", 409)
    revision = store.current_revision(db, note)
    shown = (json_body() or {}).get("revision")
    if shown != revision["id"]:
        return refuse("approval_failed", 409)  # the supervisor signs only the version on their screen
    content_hash = store.revision_content_hash(case, note, revision)
    challenge = store.issue_challenge(db, note=note, revision=revision, content_hash=content_hash,
                                      supervisor_id=current_user.id, session_hash=session.id_hash(),
                                      minutes=current_app.config["CHALLENGE_MINUTES"])
    _origin, rp = relying_party()
    own = [c["id"] for c in passkeys.credentials_of(db, current_user.id)]
    return jsonify(publicKey=passkeys.authentication_options(rp, challenge, own), content_hash=content_hash)


@bp.post("/approvals/<note_id>/verify")
@require(may_triage_referrals)
def approve_verify(note_id: str):
    db = get_db()
    note, case = load_for_review(note_id)
    body = json_body()
    credential = body.get("credential") if body else None
    if not isinstance(credential, dict):
        return refuse("malformed")
    try:
        challenge = passkeys.client_challenge(credential)
        row = store.take_challenge(db, challenge, note_id=note_id, supervisor_id=current_user.id,
                                   session_hash=session.id_hash())
        revision = store.current_revision(db, note)
        if row["revision_id"] != revision["id"] or row["content_hash"] != store.revision_content_hash(case, note, revision):
            raise store.ApprovalRefused("stale")
        stored = passkeys.get_credential(db, str(credential.get("id", "")))
        if not passkeys.usable(stored) or stored["person_id"] != current_user.id:
            raise store.ApprovalRefused("not_own_passkey")
        origin, rp = relying_party()
        sign_count = passkeys.verify_sign_in(credential, stored, challenge, origin, rp)
        key_id, key = evidence.current_key()
        store.record_approval(db, row=row, credential=credential, stored_credential=stored, key_id=key_id, key=key)
    except (store.ApprovalRefused, passkeys.PasskeyRefused) as refused:
        audit.log("visit_note.approval_refused", subject=("visit_note", note_id), details={"reason": refused.reason})
        return refuse("expired" if refused.reason == "expired" else "approval_failed",
                      409 if refused.reason == "stale" else 400)
    passkeys.record_use(db, stored["id"], sign_count, credential)
    audit.log("visit_note.approved", subject=("visit_note", note_id), details={"revision": row["revision_id"]})
    return jsonify(ok=True, redirect=url_for("approvals.queue"))
