"""Migration 0023_tenant_rights."""

from __future__ import annotations

import sqlite_utils

from . import migration, run_statements
from .m0012_case_versions import case_triggers

CASE_OF = {
    "legal_hold": "{row}.case_id",
    "case_erasure": "{row}.case_id",
    "rectification": "{row}.case_id",
}
# Written when a case is anonymised, read only by the statistics: an earlier closing at the
# address of a later case, so the repeat-case figures stay the same once the address is gone.
NOT_SHOWN = {"prior_closing"}
GUARDED = {  # append-only tables: the anonymisation (and the audit log's retention) may pass the gate
    "consent_record": ("UPDATE", "consent records are append-only"),
    "consent_withdrawal": ("UPDATE", "withdrawals are append-only"),
    "consent_handover": ("UPDATE", "handover records are append-only"),
    "disclosure": ("UPDATE", "disclosures are append-only"),
    "rent_statement": ("UPDATE", "rent statements are kept as posted"),
    "case_document_page": ("UPDATE", "document pages are kept as received"),
}
TRIGGER_NAMES = {
    "consent_record": "consent_record_append_only", "consent_withdrawal": "consent_withdrawal_append_only",
    "consent_handover": "consent_handover_append_only", "disclosure": "disclosure_append_only_update",
    "rent_statement": "rent_statement_append_only_update", "case_document_page": "case_document_page_kept",
}


@migration("0023_tenant_rights")
def m0023_tenant_rights(db: sqlite_utils.Database) -> None:
    # The tenant's rights and the case files' retention (issue 23). A case is anonymised when its
    # retention period ends or the tenant asks for erasure: its personal fields are replaced in
    # place (the rows, their dates, codes and amounts stay for the statistics), recorded in
    # case_erasure (kind, reason, counts — never a value). A legal hold (reason, who, until) stops
    # both. A rectification records what the tenant said was wrong and what was done.
    # The append-only tables keep refusing changes, except inside the anonymisation's own
    # transaction, which holds a row in erasure_gate (no other connection ever sees it); the audit
    # log refuses deletes except for its retention, the same way, and keeps an anchor so its chain
    # still verifies from the first line kept.
    run_statements(
        db,
        """
        ALTER TABLE household_case ADD COLUMN anonymised_at TEXT;
        ALTER TABLE referral ADD COLUMN anonymised_at TEXT;
        CREATE TABLE erasure_gate (what TEXT NOT NULL CHECK (what IN ('anonymise', 'audit_retention'))) STRICT;
        CREATE TABLE legal_hold (
            id TEXT PRIMARY KEY,
            case_id TEXT NOT NULL REFERENCES household_case(id),
            reason TEXT NOT NULL,
            until TEXT NOT NULL,
            held_by TEXT NOT NULL REFERENCES person(id),
            held_at TEXT NOT NULL,
            ended_by TEXT REFERENCES person(id),
            ended_at TEXT
        ) STRICT;
        CREATE INDEX legal_hold_case ON legal_hold(case_id, until);
        CREATE TABLE case_erasure (
            id TEXT PRIMARY KEY,
            case_id TEXT NOT NULL UNIQUE REFERENCES household_case(id),
            kind TEXT NOT NULL CHECK (kind IN ('retention', 'request')),
            reason TEXT NOT NULL DEFAULT '',
            requested_by TEXT,
            done_at TEXT NOT NULL,
            counts TEXT NOT NULL DEFAULT '{}'
        ) STRICT;
        CREATE TABLE rectification (
            id TEXT PRIMARY KEY,
            case_id TEXT NOT NULL REFERENCES household_case(id),
            received_on TEXT NOT NULL,
            request TEXT NOT NULL,
            action TEXT NOT NULL CHECK (action IN ('corrected', 'supplemented', 'disputed', 'refused')),
            note TEXT NOT NULL DEFAULT '',
            recorded_by TEXT NOT NULL REFERENCES person(id),
            recorded_at TEXT NOT NULL
        ) STRICT;
        CREATE INDEX rectification_case ON rectification(case_id, recorded_at);
        CREATE TABLE prior_closing (
            case_id TEXT NOT NULL REFERENCES household_case(id),
            closed_on TEXT NOT NULL,
            PRIMARY KEY (case_id, closed_on)
        ) STRICT;
        CREATE INDEX audit_log_subject_id ON audit_log(subject_id);
        CREATE INDEX household_case_retention ON household_case(status, closed_on) WHERE anonymised_at IS NULL;
        DROP TRIGGER audit_log_append_only_delete;
        CREATE TRIGGER audit_log_append_only_delete BEFORE DELETE ON audit_log
            WHEN NOT EXISTS (SELECT 1 FROM erasure_gate WHERE what = 'audit_retention')
            BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
        """ + "".join(f"""
        DROP TRIGGER {TRIGGER_NAMES[table]};
        CREATE TRIGGER {TRIGGER_NAMES[table]} BEFORE {op} ON {table}
            WHEN NOT EXISTS (SELECT 1 FROM erasure_gate WHERE what = 'anonymise')
            BEGIN SELECT RAISE(ABORT, '{message}'); END;
        """ for table, (op, message) in GUARDED.items())
        + "".join(case_triggers(table, case_of) for table, case_of in CASE_OF.items()),
    )
