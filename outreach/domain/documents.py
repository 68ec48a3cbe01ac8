"""Documents photographed on the phone (issue 20), Flask-free: the `document.add` payload, and the
checklist a claim's documents tick.

A document is one or more pages (photos made smaller on the phone, re-encoded again on the
server), with a kind and a date; it may belong to a claim. The checklist of what each kind of claim
needs is dated data (admin-editable, like the reference values): an item counts while the day
lies in its validity.
"""

from __future__ import annotations

import base64
import binascii
import re
from dataclasses import dataclass
from datetime import date

from .visits import PayloadError

SCHEMAS = {1}
KINDS = ("termination", "court_suit", "authority_notice", "bank_statement", "income_proof", "rent_account",
         "tenancy_agreement", "id_document", "other")
PHOTO_PREFIXES = ("data:image/jpeg;base64,", "data:image/png;base64,")
MAX_PAGES = 8
MAX_PAGE_BYTES = 3 * 1024 * 1024  # each page after the phone made it smaller (about 0.3–1 MB is usual)
MAX_DOCUMENT_BYTES = 8 * 1024 * 1024  # all pages together, so a document fits one sync request
MAX_NOTE = 500
ID = re.compile(r"^[A-Za-z0-9_-]{1,40}$")


def _id(payload: dict, field: str, *, required: bool = True) -> str:
    value = payload.get(field)
    if (value is None or value == "") and not required:
        return ""
    if not isinstance(value, str) or not ID.match(value):
        raise PayloadError(field, "invalid")
    return value


def _page(value, index: int) -> bytes:
    prefix = next((p for p in PHOTO_PREFIXES if isinstance(value, str) and value.startswith(p)), None)
    if prefix is None:
        raise PayloadError(f"pages.{index}", "not_a_picture")
    if len(value) > len(prefix) + MAX_PAGE_BYTES * 4 // 3 + 4:
        raise PayloadError(f"pages.{index}", "too_big")
    try:
        return base64.b64decode(value[len(prefix):], validate=True)
    except (binascii.Error, ValueError) as error:
        raise PayloadError(f"pages.{index}", "not_a_picture") from error


def validate_document(payload, *, today: date) -> dict:
    """The `document.add` payload cleaned, pages decoded (not yet checked as pictures), or PayloadError."""
    if not isinstance(payload, dict):
        raise PayloadError("payload", "not_an_object")
    cleaned = {"case_id": _id(payload, "case_id"), "claim_id": _id(payload, "claim_id", required=False)}
    kind = payload.get("kind")
    if kind not in KINDS:
        raise PayloadError("kind", "unknown")
    try:
        dated_on = date.fromisoformat(payload.get("dated_on")) if isinstance(payload.get("dated_on"), str) else None
    except ValueError:
        dated_on = None
    if dated_on is None:
        raise PayloadError("dated_on", "invalid_date")
    if dated_on > today or dated_on.year < today.year - 10:
        raise PayloadError("dated_on", "out_of_range")
    note = payload.get("note") or ""
    if not isinstance(note, str):
        raise PayloadError("note", "not_text")
    if len(note) > MAX_NOTE:
        raise PayloadError("note", "too_long")
    pages = payload.get("pages")
    if not isinstance(pages, list) or not pages:
        raise PayloadError("pages", "required")
    if len(pages) > MAX_PAGES:
        raise PayloadError("pages", "too_many")
    if sum(len(p) for p in pages if isinstance(p, str)) > MAX_DOCUMENT_BYTES * 4 // 3:
        raise PayloadError("pages", "too_big")
    return {**cleaned, "kind": kind, "dated_on": dated_on, "note": note.strip(),
            "pages": [_page(page, index) for index, page in enumerate(pages)]}


@dataclass(frozen=True)
class ChecklistItem:
    claim_kind: str
    document_kind: str
    valid_from: date
    valid_to: date | None = None

    def in_force(self, on: date) -> bool:
        return self.valid_from <= on and (self.valid_to is None or on <= self.valid_to)


def checklist(items: list[ChecklistItem], claim_kind: str, on: date, present: set[str]) -> list[tuple[str, bool]]:
    """What a claim of this kind needs on that day, each with whether a document of that kind is there."""
    needed = []
    for item in items:
        if item.claim_kind == claim_kind and item.in_force(on) and item.document_kind not in needed:
            needed.append(item.document_kind)
    return [(kind, kind in present) for kind in needed]
