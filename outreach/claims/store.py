"""Claims to the authorities and their decisions in the database (issue 20)."""

from __future__ import annotations

import secrets
from datetime import date

from .. import clock
from ..db import write

KINDS = ("wohngeld", "sgb2_basic_income", "kinderzuschlag", "sgb12_help", "rent_arrears_takeover",
         "energy_debt_takeover", "other")
STATES = ("preparing", "filed", "documents_requested", "decided", "appealed", "final")
DECISIONS = ("granted", "partly_granted", "refused")
FORMS = ("loan", "grant")
TAKEOVERS = ("rent_arrears_takeover", "energy_debt_takeover")


def rows(db, sql, params=()) -> list[dict]:
    return list(db.query(sql, params))


def _touch(db, claim_id: str) -> None:
    db.execute("UPDATE claim SET updated_at = ? WHERE id = ?", [clock.stamp(), claim_id])


def create(db, case_id: str, *, kind: str, addressee_organisation_id: str | None, addressee_name: str,
           amount_asked_cents: int | None, filed_on: date | None, note: str, by: str) -> str:
    claim_id = secrets.token_urlsafe(12)
    now = clock.stamp()
    with write(db):
        db["claim"].insert({"id": claim_id, "case_id": case_id, "kind": kind,
                            "addressee_organisation_id": addressee_organisation_id, "addressee_name": addressee_name,
                            "state": "filed" if filed_on else "preparing",
                            "filed_on": filed_on.isoformat() if filed_on else None,
                            "amount_asked_cents": amount_asked_cents, "note": note, "created_by": by,
                            "created_at": now, "updated_at": now})
    return claim_id


def get(db, claim_id: str) -> dict | None:
    found = rows(db, "SELECT * FROM claim WHERE id = ?", [claim_id])
    return found[0] if found else None


def of_cases(db, case_ids: list[str]) -> dict[str, list[dict]]:
    """Each case's claims with their decisions (newest first), in two queries."""
    found: dict[str, list[dict]] = {case_id: [] for case_id in case_ids}
    if not case_ids:
        return found
    marks = ",".join("?" * len(case_ids))
    claims = rows(db, f"""SELECT c.*, o.name AS addressee_organisation FROM claim c
                           LEFT JOIN organisation o ON o.id = c.addressee_organisation_id
                           WHERE c.case_id IN ({marks}) ORDER BY c.created_at""", case_ids)
    decisions: dict[str, list[dict]] = {}
    if claims:
        for row in rows(db, f"""SELECT * FROM claim_decision WHERE claim_id IN ({','.join('?' * len(claims))})
                                 ORDER BY notice_dated_on DESC, recorded_at DESC""", [c["id"] for c in claims]):
            decisions.setdefault(row["claim_id"], []).append(row)
    for claim in claims:
        claim["decisions"] = decisions.get(claim["id"], [])
        found[claim["case_id"]].append(claim)
    return found


def mark_filed(db, claim_id: str, on: date) -> None:
    with write(db):
        db.execute("UPDATE claim SET state = 'filed', filed_on = ? WHERE id = ?", [on.isoformat(), claim_id])
        _touch(db, claim_id)


def record_decision(db, claim_id: str, *, decision: str, notice_dated_on: date, sent_by: str,
                    received_on: date | None, instructions_correct: bool, amount_granted_cents: int | None,
                    form: str, by: str, reached_landlord_on: date | None = None, landlord: str = "",
                    answered_in_app: bool = False) -> str:
    decision_id = secrets.token_urlsafe(12)
    with write(db):
        db["claim_decision"].insert({
            "id": decision_id, "claim_id": claim_id, "decision": decision,
            "notice_dated_on": notice_dated_on.isoformat(), "sent_by": sent_by,
            "received_on": received_on.isoformat() if received_on else None,
            "instructions_correct": int(instructions_correct), "amount_granted_cents": amount_granted_cents,
            "form": form, "appealed_on": None,
            "reached_landlord_on": reached_landlord_on.isoformat() if reached_landlord_on else None,
            "landlord": landlord, "answered_in_app": int(answered_in_app),
            "recorded_by": by, "recorded_at": clock.stamp()})
        db.execute("UPDATE claim SET state = 'decided' WHERE id = ?", [claim_id])
        _touch(db, claim_id)
    return decision_id


def record_appeal(db, claim_id: str, decision_id: str, on: date) -> None:
    with write(db):
        db.execute("UPDATE claim_decision SET appealed_on = ? WHERE id = ? AND claim_id = ?",
                   [on.isoformat(), decision_id, claim_id])
        db.execute("UPDATE claim SET state = 'appealed' WHERE id = ?", [claim_id])
        _touch(db, claim_id)


def benefit_names(db, on: date) -> dict[str, tuple[str, str]]:
    """Each kind's name (German, English) in force on a day (dated data, not code)."""
    names: dict[str, tuple[str, str]] = {}
    for kind, name_de, name_en in db.execute(
            "SELECT kind, name_de, name_en FROM benefit_name WHERE valid_from <= ? ORDER BY kind, valid_from",
            [on.isoformat()]):
        names[kind] = (name_de, name_en)  # the latest valid_from wins
    return names
