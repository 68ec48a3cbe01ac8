"""Migration 0015_claim_requests."""

from __future__ import annotations

import sqlite_utils

from . import migration, run_statements
from .m0012_case_versions import case_triggers

CASE_OF = {"claim_request": "{row}.case_id"}


@migration("0015_claim_requests")
def m0015_claim_requests(db: sqlite_utils.Database) -> None:
    # A take-over request sent to an authority: in the app (the authority answers there) or as a
    # letter the worker prints. It names the data categories it carries (checked against consent
    # when sent and again each time the authority opens it). The authority's answer: documents
    # requested (which, by when), or a decision recorded as a claim_decision with the commitment's
    # landlord and the day the commitment reached the landlord.
    run_statements(
        db,
        """
        CREATE TABLE claim_request (
            id TEXT PRIMARY KEY,
            claim_id TEXT NOT NULL REFERENCES claim(id),
            case_id TEXT NOT NULL REFERENCES household_case(id),
            organisation_id TEXT REFERENCES organisation(id),
            channel TEXT NOT NULL CHECK (channel IN ('app', 'letter')),
            categories TEXT NOT NULL,
            member_ids TEXT NOT NULL DEFAULT '[]',
            reasons TEXT NOT NULL DEFAULT '',
            schonfrist_end TEXT,
            state TEXT NOT NULL CHECK (state IN ('sent', 'documents_requested', 'answered')),
            documents_requested TEXT NOT NULL DEFAULT '',
            documents_due_on TEXT,
            decision_id TEXT REFERENCES claim_decision(id),
            sent_by TEXT NOT NULL REFERENCES person(id),
            sent_at TEXT NOT NULL,
            answered_by TEXT REFERENCES person(id),
            answered_at TEXT
        ) STRICT;
        CREATE INDEX claim_request_claim ON claim_request(claim_id);
        CREATE INDEX claim_request_inbox ON claim_request(organisation_id, sent_at);
        ALTER TABLE claim_decision ADD COLUMN landlord TEXT NOT NULL DEFAULT '';
        ALTER TABLE claim_decision ADD COLUMN answered_in_app INTEGER NOT NULL DEFAULT 0;
        """ + "".join(case_triggers(table, case_of) for table, case_of in CASE_OF.items()),
    )
