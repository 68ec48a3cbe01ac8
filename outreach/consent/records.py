"""Consent records, withdrawals and tenant-copy handovers in the database, and re-checking them."""

from __future__ import annotations

import json
from datetime import date

import sqlite_utils

from .. import clock
from ..db import one_row, write  # noqa: F401  (one_row: used as records.one_row)
from ..domain import consent as rules
from .versions import get_version


def _record(row: dict | None) -> dict | None:
    if row is not None:
        row["scope"] = json.loads(row["scope"])
        row["withdrawal_notice_shown"] = bool(row["withdrawal_notice_shown"])
    return row


def get(db, consent_id: str) -> dict | None:
    return _record(one_row(db, "SELECT * FROM consent_record WHERE id = ?", [consent_id]))


def withdrawal(db, consent_id: str) -> dict | None:
    row = one_row(db, "SELECT w.*, p.display_name AS received_by_name FROM consent_withdrawal w "
                   "JOIN person p ON p.id = w.received_by WHERE consent_id = ?", [consent_id])
    if row:
        row["partners_to_inform"] = json.loads(row["partners_to_inform"])
    return row


def handovers(db, consent_id: str) -> list[dict]:
    return list(db.query("SELECT h.*, p.display_name AS recorded_by_name FROM consent_handover h "
                         "JOIN person p ON p.id = h.recorded_by WHERE consent_id = ? ORDER BY h.id", [consent_id]))


def of_case(db, case_id: str, today: date) -> list[dict]:
    """The case's consents with their state today (active · withdrawn · expired), newest first."""
    rows = db.query("""SELECT r.id, r.member_id, r.signer_name, r.form, r.scope, r.valid_from, r.valid_until,
                              r.received_at, r.language, v.version, t.name AS template_name,
                              w.withdrawn_on, w.recorded_at AS withdrawn_recorded_at
                       FROM consent_record r JOIN consent_version v ON v.id = r.template_version_id
                       JOIN consent_template t ON t.id = v.template_id
                       LEFT JOIN consent_withdrawal w ON w.consent_id = r.id
                       WHERE r.case_id = ? ORDER BY r.received_at DESC""", [case_id])
    items = []
    for row in rows:
        row["scope"] = json.loads(row["scope"])
        consent = to_domain(row)
        row["state"] = ("withdrawn" if consent.withdrawn else "active" if consent.active(today) else
                        "not_yet" if today < consent.valid_from else "expired")
        items.append(row)
    return items


def to_domain(row: dict) -> rules.Consent:
    return rules.Consent(row["id"], row["member_id"], frozenset(row["scope"]["recipients"]),
                         frozenset(row["scope"]["purposes"]), frozenset(row["scope"]["categories"]),
                         date.fromisoformat(row["valid_from"]), date.fromisoformat(row["valid_until"]),
                         bool(row.get("withdrawn_on")))


def holds(db, record: dict, keys: dict[str, bytes]) -> bool:
    """Whether a stored record still matches its seal, template and images: an edited or inserted
    row grants nothing (a broken withdrawal only ever takes access away)."""
    version = get_version(db, record["template_version_id"])
    return not rules.check(record, content=version["content"] if version else None,
                           signature_png=record["signature_png"], strokes=record["strokes"], photo=record["photo"],
                           keys=keys)


def consents_and_members(db, case_id: str, keys: dict[str, bytes] | None = None) \
        -> tuple[list[rules.Consent], list[rules.Member]]:
    """The case's consents for deciding what may leave; with `keys`, only records whose seal holds."""
    consents = []
    for row in db.query("SELECT * FROM consent_record WHERE case_id = ?", [case_id]):
        record = _record(row)
        if keys is not None and not holds(db, record, keys):
            continue
        gone = withdrawal(db, record["id"])
        consents.append(to_domain({"id": record["id"], "member_id": record["member_id"], "scope": record["scope"],
                                   "valid_from": record["valid_from"], "valid_until": record["valid_until"],
                                   "withdrawn_on": gone["withdrawn_on"] if gone else None}))
    members = [rules.Member(m["id"], bool(m["lease_party"]), m["birth_year"])
               for m in db.query("SELECT id, lease_party, birth_year FROM household_member WHERE case_id = ?", [case_id])]
    return consents, members


def insert(db, record: dict, *, key: bytes, signature_png: bytes | None, strokes: bytes | None,
           photo: bytes | None, photo_type: str = "") -> dict:
    """Seal and store one record inside the caller's transaction (or its own)."""
    record = {**record, "signature_sha256": rules.sha256_hex(signature_png), "strokes_sha256": rules.sha256_hex(strokes),
              "photo_sha256": rules.sha256_hex(photo)}
    record["mac"] = rules.seal(record, key)
    with write(db):
        db["consent_record"].insert({**record, "scope": json.dumps(record["scope"], ensure_ascii=False),
                                     "withdrawal_notice_shown": int(record["withdrawal_notice_shown"]),
                                     "signature_png": signature_png, "strokes": strokes, "photo": photo,
                                     "photo_type": photo_type})
    return record


def withdraw(db, consent_id: str, *, withdrawn_on: str, channel: str, received_by: str, key_id: str,
             key: bytes) -> dict:
    """Inside the caller's transaction: the sealed withdrawal, naming the partners to inform."""
    disclosures = [{"organisation_id": d["organisation_id"], "consent_ids": json.loads(d["consent_ids"])}
                   for d in db.query("SELECT organisation_id, consent_ids FROM disclosure WHERE case_id = "
                                     "(SELECT case_id FROM consent_record WHERE id = ?) ORDER BY disclosed_at",
                                     [consent_id])]
    row = {"consent_id": consent_id, "withdrawn_on": withdrawn_on, "channel": channel, "received_by": received_by,
           "recorded_at": clock.stamp(), "partners_to_inform": rules.partners_to_inform(disclosures, consent_id),
           "key_id": key_id}
    row["mac"] = rules.seal(row, key, rules.WITHDRAWAL_FIELDS)
    db["consent_withdrawal"].insert({**row, "partners_to_inform": json.dumps(row["partners_to_inform"])})
    return row


def record_handover(db: sqlite_utils.Database, consent_id: str, method: str, by: str) -> None:
    with write(db):
        db["consent_handover"].insert({"consent_id": consent_id, "method": method, "recorded_by": by,
                                       "recorded_at": clock.stamp()})


def text_of(db, record: dict) -> str:
    """The exact text signed, rendered again from the immutable template version."""
    version = get_version(db, record["template_version_id"])
    return rules.render_text(version["content"], record["scope"], signer_name=record["signer_name"],
                             interpreter=record["interpreter"])


def check_all(db, keys: dict[str, bytes]) -> list[dict]:
    """Every consent record and withdrawal re-checked from what is stored now — except those of an
    anonymised case file (issue 23): their signature is gone by design, and that they were
    anonymised is itself on record (case_erasure and the sealed audit log)."""
    results = []
    for row in db.query("SELECT * FROM consent_record WHERE case_id NOT IN (SELECT case_id FROM case_erasure) "
                        "ORDER BY received_at"):
        record = _record(row)
        version = get_version(db, record["template_version_id"])
        problems = rules.check(record, content=version["content"] if version else None,
                               signature_png=record["signature_png"], strokes=record["strokes"],
                               photo=record["photo"], keys=keys)
        gone = withdrawal(db, record["id"])
        if gone:
            problems += rules.check_withdrawal(gone, keys)
        results.append({"id": record["id"], "case_id": record["case_id"], "problems": problems})
    return results
