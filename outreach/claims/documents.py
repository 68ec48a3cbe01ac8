"""Documents photographed on the phone, in the database: kept as received (pages re-encoded,
metadata gone), listed per case and claim, and the dated checklist they tick (issue 20)."""

from __future__ import annotations

import hashlib
from datetime import date

from .. import clock
from ..db import one_row, write
from ..domain.documents import ChecklistItem
from . import store


def add(db, document_id: str, *, case_id: str, claim_id: str, kind: str, dated_on: date, note: str,
        pages: list[tuple[bytes, str]], by: str, mutation_id: str) -> None:
    with write(db):
        db["case_document"].insert({"id": document_id, "case_id": case_id, "claim_id": claim_id or None, "kind": kind,
                                    "dated_on": dated_on.isoformat(), "note": note, "pages": len(pages),
                                    "created_by": by, "created_at": clock.stamp(), "mutation_id": mutation_id})
        db["case_document_page"].insert_all(
            {"document_id": document_id, "position": position, "picture": picture, "picture_type": media_type,
             "sha256": hashlib.sha256(picture).hexdigest()} for position, (picture, media_type) in enumerate(pages))


def get(db, document_id: str) -> dict | None:
    return one_row(db, "SELECT * FROM case_document WHERE id = ?", [document_id]) if len(document_id) <= 40 else None


def page(db, document_id: str, position: int) -> dict | None:
    return one_row(db, "SELECT * FROM case_document_page WHERE document_id = ? AND position = ?",
                   [document_id, position])


def of_case(db, case_id: str) -> list[dict]:
    return store.rows(db, """SELECT d.id, d.claim_id, d.kind, d.dated_on, d.note, d.pages, d.created_at,
                             p.display_name AS created_by_name FROM case_document d
                             LEFT JOIN person p ON p.id = d.created_by WHERE d.case_id = ?
                             ORDER BY d.dated_on DESC, d.created_at DESC""", [case_id])


def checklist_items(db) -> list[ChecklistItem]:
    return [ChecklistItem(r["claim_kind"], r["document_kind"], date.fromisoformat(r["valid_from"]),
                          date.fromisoformat(r["valid_to"]) if r["valid_to"] else None)
            for r in db.query("SELECT * FROM document_checklist ORDER BY id")]
