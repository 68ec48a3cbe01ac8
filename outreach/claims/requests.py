"""Take-over requests to an authority (issue 20): sent in the app, where the authority answers,
or as a letter the worker prints. A request carries only the data categories it names, each
checked against consent when it is sent (a disclosure) and again whenever the authority opens it."""

from __future__ import annotations

import json
import secrets
from datetime import date

from .. import clock
from ..db import one_row, write
from . import store

# Organisation kinds that decide on claims (admin/forms.ORGANISATION_KINDS).
AUTHORITY_KINDS = ("city", "jobcenter", "sozialamt")
# The consent purpose a request serves, by claim kind; only take-overs are requested in the app.
PURPOSES = {"rent_arrears_takeover": "arrears_takeover", "energy_debt_takeover": "energy_arrangement"}
# What a request may carry (consent categories): contact and income are each person's own.
CATEGORIES = ("contact", "household", "arrears_plan", "documents", "income")
OPEN = ("sent", "documents_requested")
ANSWERS = ("documents_requested", "granted", "refused")
PAGE_SIZE = 50


def authorities(db) -> list[dict]:
    """Authorities with whether anyone of theirs can answer in the app (an active partner)."""
    marks = ",".join("?" * len(AUTHORITY_KINDS))
    return store.rows(db, f"""SELECT o.id, o.name, EXISTS (SELECT 1 FROM person p WHERE p.organisation_id = o.id
                                   AND p.status = 'active') AS in_app
                              FROM organisation o WHERE o.kind IN ({marks}) ORDER BY o.name""", AUTHORITY_KINDS)


def authority_of(db, organisation_id: str | None) -> bool:
    row = one_row(db, "SELECT kind FROM organisation WHERE id = ?", [organisation_id]) if organisation_id else None
    return bool(row) and row["kind"] in AUTHORITY_KINDS


def create(db, claim: dict, *, organisation_id: str, channel: str, categories: list[str], member_ids: list[str],
           reasons: str, schonfrist_end: date | None, by: str) -> str:
    request_id = secrets.token_urlsafe(12)
    with write(db):
        db["claim_request"].insert({
            "id": request_id, "claim_id": claim["id"], "case_id": claim["case_id"], "organisation_id": organisation_id,
            "channel": channel, "categories": json.dumps(sorted(categories)), "member_ids": json.dumps(sorted(member_ids)),
            "reasons": reasons, "schonfrist_end": schonfrist_end.isoformat() if schonfrist_end else None,
            "state": "sent", "sent_by": by, "sent_at": clock.stamp()})
        if channel == "app" and claim["state"] == "preparing":  # in the app, sending is filing
            db.execute("UPDATE claim SET state = 'filed', filed_on = ?, updated_at = ? WHERE id = ?",
                       [clock.berlin_today().isoformat(), clock.stamp(), claim["id"]])
    return request_id


def _decoded(row: dict | None) -> dict | None:
    if row is not None:
        row["categories"] = json.loads(row["categories"])
        row["member_ids"] = json.loads(row["member_ids"])
    return row


def get(db, request_id: str) -> dict | None:
    if len(request_id) > 40:
        return None
    return _decoded(one_row(db, """SELECT r.*, c.kind, c.amount_asked_cents, c.state AS claim_state,
                                   o.name AS organisation_name FROM claim_request r
                                   JOIN claim c ON c.id = r.claim_id JOIN organisation o ON o.id = r.organisation_id
                                   WHERE r.id = ?""", [request_id]))


def of_claims(db, claim_ids: list[str]) -> dict[str, list[dict]]:
    found: dict[str, list[dict]] = {claim_id: [] for claim_id in claim_ids}
    if claim_ids:
        for row in store.rows(db, f"""SELECT r.*, o.name AS organisation_name FROM claim_request r
                                      JOIN organisation o ON o.id = r.organisation_id
                                      WHERE r.claim_id IN ({','.join('?' * len(claim_ids))}) ORDER BY r.sent_at""",
                              claim_ids):
            found[row["claim_id"]].append(_decoded(row))
    return found


def inbox(db, organisation_id: str, page: int) -> tuple[list[dict], bool]:
    """An authority's requests in the app, open ones first, newest first; (rows, more)."""
    found = store.rows(db, """SELECT r.id, r.state, r.sent_at, r.answered_at, r.documents_due_on, c.kind,
                              c.amount_asked_cents FROM claim_request r JOIN claim c ON c.id = r.claim_id
                              WHERE r.organisation_id = ? AND r.channel = 'app'
                              ORDER BY r.state = 'answered', r.sent_at DESC LIMIT ? OFFSET ?""",
                       [organisation_id, PAGE_SIZE + 1, (page - 1) * PAGE_SIZE])
    return found[:PAGE_SIZE], len(found) > PAGE_SIZE


def open_count(db, organisation_id: str) -> int:
    row = one_row(db, "SELECT count(*) AS n FROM claim_request WHERE organisation_id = ? AND channel = 'app' "
                      "AND state = 'sent'", [organisation_id])
    return row["n"] if row else 0


def open_ids(db, organisation_id: str, limit: int = 1000) -> list[str]:
    return [row[0] for row in db.execute("SELECT id FROM claim_request WHERE organisation_id = ? AND channel = 'app' "
                                         "AND state = 'sent' LIMIT ?", [organisation_id, limit])]


def ask_for_documents(db, request: dict, *, documents: str, due_on: date | None, by: str) -> None:
    with write(db):
        db.execute("""UPDATE claim_request SET state = 'documents_requested', documents_requested = ?,
                      documents_due_on = ?, answered_by = ?, answered_at = ? WHERE id = ?""",
                   [documents, due_on.isoformat() if due_on else None, by, clock.stamp(), request["id"]])
        db.execute("UPDATE claim SET state = 'documents_requested', updated_at = ? WHERE id = ?",
                   [clock.stamp(), request["claim_id"]])


def documents_sent(db, request: dict) -> None:
    """The worker sent what was asked for: the request is the authority's turn again."""
    with write(db):
        db.execute("UPDATE claim_request SET state = 'sent', documents_due_on = NULL WHERE id = ?", [request["id"]])
        db.execute("UPDATE claim SET state = 'filed', updated_at = ? WHERE id = ?", [clock.stamp(), request["claim_id"]])


def decide(db, request: dict, *, decision: str, notice_dated_on: date, sent_by: str, amount_cents: int | None,
           form: str, landlord: str, reached_landlord_on: date | None, by: str) -> str:
    """The authority's decision, answered in the app: a decision of the claim like one the worker
    records from a letter (same dates, same deadlines: the notice itself still reaches the tenant
    the way the authority names), linked to the request."""
    with write(db):
        decision_id = store.record_decision(
            db, request["claim_id"], decision=decision, notice_dated_on=notice_dated_on, sent_by=sent_by,
            received_on=None, instructions_correct=True, amount_granted_cents=amount_cents, form=form, by=by,
            reached_landlord_on=reached_landlord_on, landlord=landlord, answered_in_app=True)
        db.execute("""UPDATE claim_request SET state = 'answered', decision_id = ?, answered_by = ?, answered_at = ?
                      WHERE id = ?""", [decision_id, by, clock.stamp(), request["id"]])
    return decision_id
