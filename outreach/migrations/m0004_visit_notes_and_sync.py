"""Migration 0004_visit_notes_and_sync."""

from __future__ import annotations

import sqlite_utils

from . import migration, run_statements


@migration("0004_visit_notes_and_sync")
def m0004_visit_notes_and_sync(db: sqlite_utils.Database) -> None:
    # Visit notes as immutable revisions (each names its base); the sync ledger that makes every
    # (person, mutation id) take effect once; and which cases went to which device, so a note for a
    # case reassigned meanwhile is routed instead of rejected.
    run_statements(
        db,
        """
        CREATE TABLE visit_note (
            id TEXT PRIMARY KEY,
            case_id TEXT NOT NULL REFERENCES household_case(id),
            author_id TEXT NOT NULL REFERENCES person(id),
            current_revision_id TEXT,
            status TEXT NOT NULL CHECK (status IN ('draft', 'submitted', 'returned', 'approved')),
            in_conflict INTEGER NOT NULL DEFAULT 0 CHECK (in_conflict IN (0, 1)),
            to_route INTEGER NOT NULL DEFAULT 0 CHECK (to_route IN (0, 1)),
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        ) STRICT;
        CREATE INDEX visit_note_case ON visit_note(case_id);
        CREATE TABLE note_revision (
            id TEXT PRIMARY KEY,
            note_id TEXT NOT NULL REFERENCES visit_note(id),
            base_revision_id TEXT,
            author_id TEXT NOT NULL REFERENCES person(id),
            device_id TEXT,
            mutation_id TEXT NOT NULL,
            schema_version INTEGER NOT NULL,
            payload TEXT NOT NULL,
            content_hash TEXT NOT NULL,
            state TEXT NOT NULL CHECK (state IN ('current', 'superseded', 'conflict', 'resolved')),
            reassigned INTEGER NOT NULL DEFAULT 0 CHECK (reassigned IN (0, 1)),
            device_time TEXT,
            received_at TEXT NOT NULL
        ) STRICT;
        CREATE INDEX note_revision_note ON note_revision(note_id);
        CREATE TABLE sync_mutation (
            person_id TEXT NOT NULL REFERENCES person(id),
            mutation_id TEXT NOT NULL,
            content_hash TEXT NOT NULL,
            result TEXT NOT NULL,
            applied_at TEXT NOT NULL,
            PRIMARY KEY (person_id, mutation_id)
        ) STRICT;
        CREATE TABLE case_on_device (
            case_id TEXT NOT NULL REFERENCES household_case(id),
            device_id TEXT NOT NULL REFERENCES device(id),
            person_id TEXT NOT NULL REFERENCES person(id),
            received_at TEXT NOT NULL,
            PRIMARY KEY (case_id, device_id, person_id)
        ) STRICT;
        """,
    )
