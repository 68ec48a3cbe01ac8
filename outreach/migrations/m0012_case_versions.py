"""Migration 0012_case_versions."""

from __future__ import annotations

import sqlite_utils

from . import migration, run_statements

# Every table whose rows show on a case's pages, and how a row finds its case. Triggers bump the
# case's version on any insert, update or delete, so a phone's offline copy is refreshed exactly
# for the cases that changed, whichever code path wrote the row. tests/unit/test_case_versions.py
# fails when a table with a case_id, note_id, plan_id or consent_id column is missing here.
CASE_OF = {
    "referral": "{row}.case_id",
    "household_member": "{row}.case_id",
    "arrears_month": "{row}.case_id",
    "key_date": "{row}.case_id",
    "contact_attempt": "{row}.case_id",
    "case_assignment": "{row}.case_id",
    "visit_note": "{row}.case_id",
    "budget_plan": "{row}.case_id",
    "copy_handover": "{row}.case_id",
    "consent_record": "{row}.case_id",
    "disclosure": "{row}.case_id",
    "note_revision": "(SELECT case_id FROM visit_note WHERE id = {row}.note_id)",
    "approval": "(SELECT case_id FROM visit_note WHERE id = {row}.note_id)",
    "note_return": "(SELECT case_id FROM visit_note WHERE id = {row}.note_id)",
    "budget_revision": "(SELECT case_id FROM budget_plan WHERE id = {row}.plan_id)",
    "consent_withdrawal": "(SELECT case_id FROM consent_record WHERE id = {row}.consent_id)",
    "consent_handover": "(SELECT case_id FROM consent_record WHERE id = {row}.consent_id)",
}
# Rows that mean nothing on a case page: which device received a case (written by every copy; it
# must not itself make the copy stale) and the short-lived challenge of an approval signature.
NOT_SHOWN = {"case_on_device", "approval_challenge"}
# Data every case's forms share (reference values, consent texts, organisation and team names).
SHARED = ("reference_value", "consent_template", "consent_version", "organisation", "team")


def case_triggers(table: str, case_of: str) -> str:
    new, old = case_of.format(row="NEW"), case_of.format(row="OLD")
    bump = "UPDATE household_case SET version = version + 1 WHERE id IN ({})"
    return f"""
        CREATE TRIGGER {table}_version_insert AFTER INSERT ON {table}
        BEGIN {bump.format(new)}; END;
        CREATE TRIGGER {table}_version_update AFTER UPDATE ON {table}
        BEGIN {bump.format(f"{old}, {new}")}; END;
        CREATE TRIGGER {table}_version_delete AFTER DELETE ON {table}
        BEGIN {bump.format(old)}; END;
        """


def shared_triggers(table: str) -> str:
    bump = "UPDATE offline_shared SET version = version + 1"
    return "".join(f"""
        CREATE TRIGGER {table}_shared_{op.lower()} AFTER {op} ON {table} BEGIN {bump}; END;
        """ for op in ("INSERT", "UPDATE", "DELETE"))


@migration("0012_case_versions")
def m0012_case_versions(db: sqlite_utils.Database) -> None:
    run_statements(
        db,
        """
        ALTER TABLE household_case ADD COLUMN version INTEGER NOT NULL DEFAULT 0;
        CREATE TABLE offline_shared (id INTEGER PRIMARY KEY CHECK (id = 1), version INTEGER NOT NULL);
        INSERT INTO offline_shared (id, version) VALUES (1, 0);
        CREATE TRIGGER household_case_version AFTER UPDATE ON household_case WHEN NEW.version = OLD.version
        BEGIN UPDATE household_case SET version = OLD.version + 1 WHERE id = NEW.id; END;
        """ + "".join(case_triggers(table, case_of) for table, case_of in CASE_OF.items())
        + "".join(shared_triggers(table) for table in SHARED),
    )
