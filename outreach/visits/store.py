"""Visit notes and their revisions in the database, and applying a `visit_note.save` mutation."""

from __future__ import annotations

import json

import sqlite_utils

from .. import clock
from ..cases.devices import route_facts
from ..db import insert_row, one_row
from ..domain import sync as rules
from ..domain.permissions import case_access
from ..domain.sync import rejected
from ..domain.visits import ACCEPTED_SCHEMAS, PayloadError, validate

KIND = "visit_note.save"


def get_note(db, note_id: str) -> dict | None:
    return one_row(db, "SELECT * FROM visit_note WHERE id = ?", [note_id])


def revisions(db, note_id: str) -> list[dict]:
    rows = list(db.query("SELECT r.*, p.display_name AS author_name FROM note_revision r "
                         "JOIN person p ON p.id = r.author_id WHERE r.note_id = ? ORDER BY r.received_at", [note_id]))
    for row in rows:
        row["payload"] = json.loads(row["payload"])
    return rows


def notes_of_case(db, case_id: str) -> list[dict]:
    rows = list(db.query(
        """SELECT n.*, r.payload, p.display_name AS author_name FROM visit_note n
           LEFT JOIN note_revision r ON r.id = n.current_revision_id JOIN person p ON p.id = n.author_id
           WHERE n.case_id = ? ORDER BY json_extract(r.payload, '$.visited_at') DESC""", [case_id]))
    for row in rows:
        row["payload"] = json.loads(row["payload"]) if row["payload"] else {}
    return rows


def apply_save(db: sqlite_utils.Database, person, mutation: rules.Mutation, *, today) -> dict:
    """Inside the caller's transaction: create or revise a note, or say why not."""
    if mutation.schema_version not in ACCEPTED_SCHEMAS:
        return rejected(mutation, "schema_version")
    try:
        payload = validate(mutation.payload, today=today)
    except PayloadError as error:
        return rejected(mutation, "invalid", field=error.field, code=error.code)
    case = one_row(db, "SELECT * FROM household_case WHERE id = ?", [payload["case_id"]])
    if case is None or case["anonymised_at"]:  # an erased case takes nothing more
        return rejected(mutation, "not_found")
    if one_row(db, "SELECT id FROM note_revision WHERE id = ?", [mutation.id]):
        return rejected(mutation, "id_conflict")  # client ids are insert-only
    note = get_note(db, mutation.entity_id)
    if note and (note["case_id"] != case["id"] or note["author_id"] != person.id):
        return rejected(mutation, "id_conflict")
    # Only a draft or a returned note is edited. An edit that reaches a submitted or approved note
    # (written offline before the author knew) is not lost: it is kept as a conflicting version.
    frozen = bool(note) and note["status"] in ("submitted", "approved")
    addendum_of = payload.get("addendum_of") or None
    if addendum_of and note is None:
        target = get_note(db, addendum_of)
        if target is None or target["case_id"] != case["id"] or target["status"] != "approved":
            return rejected(mutation, "invalid", field="addendum_of", code="not_an_approved_note")
    reassigned = False
    if not case_access(person.actor, case["team_id"], case["assigned_worker_id"]).write:
        if not rules.assigned_when_received(person.id, route_facts(db, case["id"], mutation.device_id, person.id)):
            return rejected(mutation, "forbidden")
        reassigned = True  # applied, flagged for the supervisor to route
    known = {r["id"] for r in db.query("SELECT id FROM note_revision WHERE note_id = ?", [mutation.entity_id])}
    outcome = rules.revision_outcome(note["current_revision_id"] if note else None, mutation.base_revision, known)
    if outcome == "unknown_base":
        return rejected(mutation, "unknown_base")
    if frozen:
        outcome = "conflict"
    now = clock.stamp()
    if note is None:
        insert_row(db, "visit_note", {"id": mutation.entity_id, "case_id": case["id"], "author_id": person.id,
                                      "current_revision_id": None, "status": payload["status"], "in_conflict": 0,
                                      "to_route": 0, "created_at": now, "updated_at": now, "addendum_of": addendum_of})
    insert_row(db, "note_revision", {
        "id": mutation.id, "note_id": mutation.entity_id, "base_revision_id": mutation.base_revision,
        "author_id": person.id, "device_id": mutation.device_id or None, "mutation_id": mutation.id,
        "schema_version": mutation.schema_version, "payload": json.dumps(payload, ensure_ascii=False),
        "content_hash": mutation.hash, "state": "current" if outcome == "current" else "conflict",
        "reassigned": int(reassigned), "device_time": mutation.device_time or None, "received_at": now,
    })
    if outcome == "current":
        if note and note["current_revision_id"]:
            db.execute("UPDATE note_revision SET state = 'superseded' WHERE id = ?", [note["current_revision_id"]])
        resolved = [r for r in payload["resolves"] if r in known]
        for sibling in resolved:
            db.execute("UPDATE note_revision SET state = 'resolved' WHERE id = ? AND state = 'conflict'", [sibling])
        open_conflicts = db.execute("SELECT count(*) FROM note_revision WHERE note_id = ? AND state = 'conflict'",
                                    [mutation.entity_id]).fetchone()[0]
        db.execute("UPDATE visit_note SET current_revision_id = ?, status = ?, in_conflict = ?, updated_at = ?, "
                   "to_route = max(to_route, ?) WHERE id = ?",
                   [mutation.id, payload["status"], int(open_conflicts > 0), now, int(reassigned), mutation.entity_id])
        result = {"id": mutation.id, "status": rules.APPLIED, "revision": mutation.id, "note": mutation.entity_id}
    else:
        db.execute("UPDATE visit_note SET in_conflict = 1, updated_at = ?, to_route = max(to_route, ?) WHERE id = ?",
                   [now, int(reassigned), mutation.entity_id])
        result = {"id": mutation.id, "status": rules.CONFLICT, "revision": mutation.id, "note": mutation.entity_id,
                  "current": note["current_revision_id"]}
    if addendum_of and note is None:  # the addendum answers conflicts that reached the approved note
        db.execute("UPDATE note_revision SET state = 'resolved' WHERE note_id = ? AND state = 'conflict'", [addendum_of])
        db.execute("UPDATE visit_note SET in_conflict = 0 WHERE id = ?", [addendum_of])
    if reassigned:
        result["flag"] = "reassigned"
    return result
