"""Approvals and returns in the database, and re-checking every stored approval."""

from __future__ import annotations

import json
import secrets
from datetime import timedelta

import sqlite_utils
from webauthn.helpers import bytes_to_base64url

from .. import clock
from ..auth.challenges import consume
from ..db import write
from ..domain import approval as rules
from ..visits import store as notes


class ApprovalRefused(Exception):
    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def queue(db: sqlite_utils.Database, team_id: str | None) -> list[dict]:
    """The team's submitted notes, oldest first, plus notes in conflict and notes to route."""
    rows = list(db.query(
        """SELECT n.*, c.number AS case_number, c.street, p.display_name AS author_name, r.received_at AS submitted_at,
                  json_extract(r.payload, '$.visited_at') AS visited_at, json_extract(r.payload, '$.kind') AS kind
           FROM visit_note n JOIN household_case c ON c.id = n.case_id JOIN person p ON p.id = n.author_id
           JOIN note_revision r ON r.id = n.current_revision_id
           WHERE c.team_id = ? AND c.anonymised_at IS NULL AND (n.status = 'submitted' OR n.in_conflict = 1 OR n.to_route = 1)
           ORDER BY r.received_at""", [team_id]))
    return rows


def waiting_on_case(db: sqlite_utils.Database, case_id: str) -> list[dict]:
    """One case's notes that wait for a supervisor: submitted, in conflict or to route."""
    return list(db.query(
        """SELECT n.*, p.display_name AS author_name, r.received_at AS submitted_at,
                  json_extract(r.payload, '$.visited_at') AS visited_at, json_extract(r.payload, '$.kind') AS kind
           FROM visit_note n JOIN person p ON p.id = n.author_id JOIN note_revision r ON r.id = n.current_revision_id
           WHERE n.case_id = ? AND (n.status = 'submitted' OR n.in_conflict = 1 OR n.to_route = 1)
           ORDER BY r.received_at""", [case_id]))


def queue_count(db, team_id: str | None) -> int:
    return db.execute("""SELECT count(*) FROM visit_note n JOIN household_case c ON c.id = n.case_id
                         WHERE c.team_id = ? AND c.anonymised_at IS NULL AND n.status = 'submitted'""", [team_id]).fetchone()[0]


def queue_keys(db, team_id: str | None, limit: int = 1000) -> list[str]:
    """Each waiting note once per submission (for "for you": a resubmitted note is news again)."""
    return [f"{note_id}@{updated}" for note_id, updated in db.execute(
        """SELECT n.id, n.updated_at FROM visit_note n JOIN household_case c ON c.id = n.case_id
           WHERE c.team_id = ? AND c.anonymised_at IS NULL AND n.status = 'submitted' ORDER BY n.updated_at LIMIT ?""", [team_id, limit])]


def last_return(db, note_id: str) -> dict | None:
    rows = list(db.query("SELECT t.*, p.display_name AS supervisor_name FROM note_return t "
                         "JOIN person p ON p.id = t.supervisor_id WHERE note_id = ? ORDER BY id DESC LIMIT 1",
                         [note_id]))
    return rows[0] if rows else None


def revision_content_hash(case: dict, note: dict, revision: dict) -> str:
    return rules.content_hash(case["id"], note["author_id"], revision["id"], revision["payload"])


def issue_challenge(db, *, note: dict, revision: dict, content_hash: str, supervisor_id: str, session_hash: str,
                    minutes: int) -> bytes:
    nonce = secrets.token_bytes(32)
    challenge = rules.challenge_for(nonce, content_hash)
    now = clock.now()
    with write(db):
        db["approval_challenge"].insert({
            "challenge": challenge, "nonce": nonce, "content_hash": content_hash, "note_id": note["id"],
            "revision_id": revision["id"], "supervisor_id": supervisor_id, "session_hash": session_hash,
            "created_at": clock.stamp(now), "expires_at": clock.stamp(now + timedelta(minutes=minutes)),
            "used_at": None})
    return challenge


def take_challenge(db, challenge: bytes, *, note_id: str, supervisor_id: str, session_hash: str) -> dict:
    """Single use (marked before any other check), bound to the note, the supervisor and the session."""
    row, reason = consume(db, "approval_challenge", challenge,
                          [("note_id", note_id, "other"), ("supervisor_id", supervisor_id, "other"),
                           ("session_hash", session_hash, "other")])
    if reason:
        raise ApprovalRefused(reason)
    return row


def record_approval(db, *, row: dict, credential: dict, stored_credential: dict, key_id: str, key: bytes) -> dict:
    response = credential["response"]
    record = {
        "note_id": row["note_id"], "revision_id": row["revision_id"], "supervisor_id": row["supervisor_id"],
        "nonce": bytes_to_base64url(row["nonce"]), "content_hash": row["content_hash"],
        "client_data_json": response["clientDataJSON"], "authenticator_data": response["authenticatorData"],
        "signature": response["signature"], "credential_id": stored_credential["id"],
        "public_key": bytes_to_base64url(stored_credential["public_key"]), "approved_at": clock.stamp(),
        "key_id": key_id,
    }
    record["mac"] = rules.seal(record, key)
    with write(db):
        changed = db.execute("UPDATE visit_note SET status = 'approved', updated_at = ? "
                             "WHERE id = ? AND status = 'submitted' AND current_revision_id = ?",
                             [record["approved_at"], row["note_id"], row["revision_id"]]).rowcount
        if changed != 1:
            raise ApprovalRefused("stale")
        db["approval"].insert(record)
    return record


def return_note(db, note: dict, supervisor_id: str, comment: str) -> None:
    with write(db):
        changed = db.execute("UPDATE visit_note SET status = 'returned', updated_at = ? WHERE id = ? "
                             "AND status = 'submitted'", [clock.stamp(), note["id"]]).rowcount
        if changed != 1:
            raise ApprovalRefused("not_submitted")
        db["note_return"].insert({"note_id": note["id"], "revision_id": note["current_revision_id"],
                                  "supervisor_id": supervisor_id, "comment": comment, "returned_at": clock.stamp()})


def approval_of(db, note_id: str) -> dict | None:
    rows = list(db.query("SELECT a.*, p.display_name AS supervisor_name FROM approval a "
                         "JOIN person p ON p.id = a.supervisor_id WHERE a.note_id = ? ORDER BY a.id DESC LIMIT 1",
                         [note_id]))
    return rows[0] if rows else None


def check_all(db, keys: dict[str, bytes], origin: str) -> list[dict]:
    """Every approval re-checked from what is stored now: [{id, note_id, problems}] — except those
    of an anonymised case file, whose notes' text is gone by design (on record in case_erasure)."""
    results = []
    for record in db.query("""SELECT * FROM approval WHERE note_id NOT IN (SELECT n.id FROM visit_note n
                              JOIN case_erasure e ON e.case_id = n.case_id) ORDER BY id"""):
        revision = list(db.query("SELECT r.id, r.payload, n.case_id, n.author_id FROM note_revision r "
                                 "JOIN visit_note n ON n.id = r.note_id WHERE r.id = ?", [record["revision_id"]]))
        if revision:
            revision = {**revision[0], "payload": json.loads(revision[0]["payload"])}
            problems = rules.check(record, revision, keys, origin)
        else:
            problems = ["revision_missing"]
        results.append({"id": record["id"], "note_id": record["note_id"], "problems": problems})
    for note in db.query("""SELECT n.id FROM visit_note n WHERE n.status = 'approved' AND NOT EXISTS
                            (SELECT 1 FROM approval a WHERE a.note_id = n.id AND a.revision_id = n.current_revision_id)"""):
        results.append({"id": 0, "note_id": note["id"], "problems": ["approved_without_approval_of_current_revision"]})
    return results


def current_revision(db, note: dict) -> dict:
    return next(r for r in notes.revisions(db, note["id"]) if r["id"] == note["current_revision_id"])
