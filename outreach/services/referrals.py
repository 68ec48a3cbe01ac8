"""Onward referrals to the help network (issue 21): made from a case or a visit note, online or
offline through the outbox. A referral with data leaves only within a consent naming the service's
organisation for it (a recorded disclosure); the contact given to the tenant passes nothing."""

from __future__ import annotations

import json
from datetime import date

from .. import clock
from ..consent import disclosures
from ..db import one_row, write
from . import store

PURPOSE = "onward_referral"
PAGE_SIZE = 50


class Refusal(Exception):
    """Why a referral was not made: a stable code and, for consent, the categories not covered."""

    def __init__(self, code: str, categories: list[str] = ()):
        super().__init__(code)
        self.code, self.categories = code, list(categories)


def make(db, *, case: dict, payload: dict, referral_id: str, mutation_id: str, by: str, today: date) -> dict:
    """Check and record one referral (payload from rules.validate_referral); Refusal otherwise,
    with nothing recorded. A referral with data is a disclosure, checked against consent today."""
    service = store.get(db, payload["service_id"])
    if service is None or not service["active"]:
        raise Refusal("service_unknown")
    if payload["note_id"] and not note_of_case(db, payload["note_id"], case["id"]):
        payload = {**payload, "note_id": None}  # a note of another case is not linked (nothing else changes)
    member_ids: list[str] = []
    if payload["channel"] == "with_data":
        if not service["accepts_data_referrals"] or not service["organisation_id"]:
            raise Refusal("service_takes_no_data")
        permitted = disclosures.allowed(db, case["id"], service["organisation_id"], PURPOSE, today)
        _narrowed, member_ids = permitted.released(payload["categories"])
        try:
            with write(db):
                disclosures.disclose(db, case_id=case["id"], organisation_id=service["organisation_id"],
                                     purpose=PURPOSE, categories=payload["categories"], channel="onward_referral",
                                     by=by, today=today, member_ids=member_ids, note=service["name"])
                record(db, case, payload, referral_id, mutation_id, member_ids, by)
        except disclosures.Refused as refused:
            raise Refusal("consent_missing", refused.categories) from None
    else:
        record(db, case, payload, referral_id, mutation_id, member_ids, by)
    return get(db, referral_id)


def note_of_case(db, note_id: str, case_id: str) -> bool:
    """Whether a visit note belongs to the case (read by SQL: services knows visits only as data)."""
    return bool(note_id) and len(note_id) <= 40 and one_row(
        db, "SELECT 1 AS found FROM visit_note WHERE id = ? AND case_id = ?", [note_id, case_id]) is not None


def record(db, case: dict, payload: dict, referral_id: str, mutation_id: str, member_ids: list[str], by: str) -> None:
    """The referral itself, once `make` (or the demo seeder) has checked it."""
    with write(db):
        db["onward_referral"].insert({
            "id": referral_id, "case_id": case["id"], "service_id": payload["service_id"],
            "from_note_id": payload["note_id"], "reason": payload["reason"], "urgency": payload["urgency"],
            "channel": payload["channel"], "categories": json.dumps(payload["categories"]),
            "member_ids": json.dumps(member_ids), "referred_on": payload["referred_on"].isoformat(),
            "check_on": payload["check_on"].isoformat(), "created_by": by, "created_at": clock.stamp(),
            "mutation_id": mutation_id})


def _decoded(row: dict | None) -> dict | None:
    if row is not None:
        row["categories"] = json.loads(row["categories"])
        row["member_ids"] = json.loads(row["member_ids"])
    return row


SELECT = """SELECT r.*, s.name AS service_name, s.kind AS service_kind, s.organisation_id FROM onward_referral r
            JOIN service s ON s.id = r.service_id"""


def get(db, referral_id: str) -> dict | None:
    if len(referral_id) > 40:
        return None
    return _decoded(one_row(db, SELECT + " WHERE r.id = ?", [referral_id]))


def of_case(db, case_id: str) -> list[dict]:
    return [_decoded(dict(r)) for r in db.query(SELECT + " WHERE r.case_id = ? ORDER BY r.referred_on DESC, r.id",
                                                [case_id])]


def open_of_cases(db, case_ids: list[str]) -> list[dict]:
    """Referrals of these cases whose outcome the worker has not recorded yet (the lists' to-dos)."""
    found = []
    for chunk in (case_ids[i:i + 500] for i in range(0, len(case_ids), 500)):
        found += [dict(r) for r in db.query(
            f"""SELECT r.id, r.case_id, r.check_on, s.name AS service_name FROM onward_referral r
                JOIN service s ON s.id = r.service_id
                WHERE r.case_id IN ({','.join('?' * len(chunk))}) AND r.outcome IS NULL""", chunk)]
    return found


def record_outcome(db, referral_id: str, *, outcome: str, on: date, by: str) -> None:
    with write(db):
        db.execute("UPDATE onward_referral SET outcome = ?, outcome_on = ?, outcome_by = ? WHERE id = ?",
                   [outcome, on.isoformat(), by, referral_id])


def answer(db, referral_id: str, *, answer_kind: str, appointment_on: date | None, note: str, by: str) -> None:
    with write(db):
        db.execute("""UPDATE onward_referral SET answer = ?, appointment_on = ?, answer_note = ?, answered_by = ?,
                      answered_at = ? WHERE id = ? AND answer IS NULL""",
                   [answer_kind, appointment_on.isoformat() if appointment_on else None, note, by, clock.stamp(),
                    referral_id])


def for_organisation(db, organisation_id: str, page: int) -> tuple[list[dict], bool]:
    """Referrals with data sent to a service this organisation runs in the app, unanswered first."""
    found = [_decoded(dict(r)) for r in db.query(
        SELECT + """ WHERE s.organisation_id = ? AND r.channel = 'with_data'
                     ORDER BY r.answer IS NOT NULL, r.referred_on DESC LIMIT ? OFFSET ?""",
        [organisation_id, PAGE_SIZE + 1, (page - 1) * PAGE_SIZE])]
    return found[:PAGE_SIZE], len(found) > PAGE_SIZE


def waiting_answer_ids(db, organisation_id: str, limit: int = 1000) -> list[str]:
    return [row[0] for row in db.execute(
        """SELECT r.id FROM onward_referral r JOIN service s ON s.id = r.service_id
           WHERE s.organisation_id = ? AND r.channel = 'with_data' AND r.answer IS NULL LIMIT ?""",
        [organisation_id, limit])]


def waiting_answers(db, organisation_id: str) -> int:
    row = one_row(db, """SELECT count(*) AS n FROM onward_referral r JOIN service s ON s.id = r.service_id
                         WHERE s.organisation_id = ? AND r.channel = 'with_data' AND r.answer IS NULL""",
                  [organisation_id])
    return row["n"] if row else 0

