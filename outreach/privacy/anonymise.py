"""Anonymising a case file (issue 23): every personal field of the case and of everything hanging
off it — as the areas declared them in the `household` registry — replaced in place, in one
transaction; the rows with their ids, dates, codes and amounts stay, so the statistics before and
after are the same. Old revisions and conflict siblings are rows like any other; the search keys
(name and address keys) are personal fields; SQLite overwrites what is freed with zeros
(`secure_delete`, db.connect) and the WAL is truncated after the commit. The audit log holds no
personal value and stays whole."""

from __future__ import annotations

import contextlib
import dataclasses
import json
import secrets

from .. import audit, clock, household
from .. import db as database
from ..db import insert_row, write
from ..domain.retention import scrub_json

GATE = "anonymise"


def _columns(db, table: str) -> dict[str, tuple[str, bool]]:
    return {row[1]: (row[2].upper(), bool(row[3])) for row in db.execute(f"PRAGMA table_info({table})")}


def _replacement(kind: str, not_null: bool):
    if not not_null:
        return None
    return b"" if kind == "BLOB" else 0 if kind in ("INTEGER", "REAL") else ""


def _anonymise_table(db, table: household.Table, case_id: str) -> int:
    described = _columns(db, table.name)
    count = db.execute(f"SELECT count(*) FROM {table.name} t WHERE {table.rows}", {"case": case_id}).fetchone()[0]
    if not count:
        return 0
    plain = sorted(table.personal)
    if plain:
        assignments = ", ".join(f"{column} = :{column}" for column in plain)
        values = {column: _replacement(*described[column]) for column in plain}
        db.execute(f"UPDATE {table.name} AS t SET {assignments} WHERE {table.rows}", {**values, "case": case_id})
    for column in sorted(table.json):
        for rowid, text in db.execute(f"SELECT t.rowid, t.{column} FROM {table.name} t WHERE {table.rows}",
                                      {"case": case_id}).fetchall():
            scrubbed = scrub_json(text)
            if scrubbed is None and described[column][1]:
                scrubbed = ""
            db.execute(f"UPDATE {table.name} SET {column} = ? WHERE rowid = ?", [scrubbed, rowid])
    return count


def anonymise(db, case_id: str, *, kind: str, reason: str = "", by: str | None = None,
              actor: str = "system") -> dict[str, int]:
    """Anonymise one case file; returns the rows touched per table (counts, never values). The
    caller checked that it may (retention due or erasure allowed, no legal hold). `by`: the person
    who erased it; `actor`: who the audit line names without one (the retention, the CLI)."""
    counts: dict[str, int] = {}
    with _gate_open(db):
        for hook in household.before_anonymise_hooks():
            hook(db, case_id)
        for table in household.tables():
            touched = _anonymise_table(db, table, case_id)
            if touched:
                counts[table.name] = touched
        now = clock.stamp()
        db.execute("UPDATE referral SET anonymised_at = ? WHERE case_id = ? OR id = "
                   "(SELECT referral_id FROM household_case WHERE id = ?)", [now, case_id, case_id])
        db.execute("UPDATE household_case SET anonymised_at = ? WHERE id = ?", [now, case_id])
        insert_row(db, "case_erasure", {"id": secrets.token_urlsafe(12), "case_id": case_id, "kind": kind,
                                        "reason": reason, "requested_by": by, "done_at": now,
                                        "counts": json.dumps(counts, sort_keys=True)})
        audit.log("case.anonymised", subject=("case", case_id), actor_id=by or actor,
                  details={"kind": kind, "rows": sum(counts.values()), "tables": len(counts)}, db=db)
    return counts


def anonymise_referral(db, referral_id: str) -> int:
    """A declined referral that never became a case: its personal fields, as the case's referral."""
    table = household.table("referral")
    with _gate_open(db):
        touched = _anonymise_table(db, dataclasses.replace(table, rows="t.id = :case"), referral_id)
        db.execute("UPDATE referral SET anonymised_at = ? WHERE id = ?", [clock.stamp(), referral_id])
    return touched


@contextlib.contextmanager
def _gate_open(db):
    """A write transaction in which the append-only tables let the anonymisation through (the gate
    row is removed before the commit: no other connection ever sees it)."""
    with write(db):
        db.execute("INSERT INTO erasure_gate (what) VALUES (?)", [GATE])
        yield
        db.execute("DELETE FROM erasure_gate WHERE what = ?", [GATE])


def truncate_wal(path: str, busy_timeout_ms: int = 5000) -> bool:
    """Checkpoint and truncate the WAL, so no old page of an anonymised row stays in it; False
    when a reader kept part of it (the daily prune tries again)."""
    if path == ":memory:":
        return True
    db = database.connect(path, busy_timeout_ms)
    try:
        busy, _log, _done = db.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
        return busy == 0
    finally:
        db.close()
