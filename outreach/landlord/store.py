"""Rent statements posted by a landlord, and which cases a landlord may see (consent decides)."""

from __future__ import annotations

import json
import secrets
from datetime import date

from .. import clock
from ..db import get_db, one_row, write
from ..domain.deadlines import LedgerMonth

PAGE_SIZE = 50


def is_landlord(organisation_id: str | None) -> bool:
    row = one_row(get_db(), "SELECT kind FROM organisation WHERE id = ?", [organisation_id]) if organisation_id else None
    return bool(row) and row["kind"] == "housing_company"


def candidate_cases(db, organisation_id: str, page: int) -> tuple[list[dict], bool]:
    """Open cases this organisation is the landlord of and that have a consent record naming it
    somewhere (consent then decides, case by case); (rows, more)."""
    found = list(db.query(
        """SELECT c.* FROM household_case c WHERE c.landlord_organisation_id = ? AND c.status = 'open'
           AND EXISTS (SELECT 1 FROM consent_record r WHERE r.case_id = c.id AND instr(r.scope, ?) > 0)
           ORDER BY c.number LIMIT ? OFFSET ?""",
        [organisation_id, json.dumps(organisation_id), PAGE_SIZE + 1, (page - 1) * PAGE_SIZE]))
    return found[:PAGE_SIZE], len(found) > PAGE_SIZE


def add(db, case_id: str, organisation_id: str, *, as_of: date, months: list[LedgerMonth], note: str, by: str) -> str:
    statement_id = secrets.token_urlsafe(12)
    with write(db):
        db["rent_statement"].insert({
            "id": statement_id, "case_id": case_id, "organisation_id": organisation_id, "as_of": as_of.isoformat(),
            "months": json.dumps([[m.year, m.month, m.due_cents, m.paid_cents] for m in months]),
            "balance_cents": sum(m.open_cents for m in months), "note": note, "posted_by": by,
            "posted_at": clock.stamp()})
    return statement_id


def of_case(db, case_id: str) -> list[dict]:
    """Newest first, each with its months as LedgerMonth."""
    rows = list(db.query("""SELECT s.*, o.name AS organisation_name FROM rent_statement s
                            JOIN organisation o ON o.id = s.organisation_id WHERE s.case_id = ?
                            ORDER BY s.as_of DESC, s.posted_at DESC""", [case_id]))
    for row in rows:
        row["months"] = [LedgerMonth(*m) for m in json.loads(row["months"])]
    return rows
