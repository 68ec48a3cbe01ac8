"""Migration 0005_approvals."""

from __future__ import annotations

import sqlite_utils

from . import migration, run_statements


@migration("0005_approvals")
def m0005_approvals(db: sqlite_utils.Database) -> None:
    # Four eyes: a supervisor approves the exact revision with a passkey assertion whose challenge
    # is bound to the revision's content hash; the evidence is stored with its public key and an
    # HMAC. Returns carry the supervisor's comment. Addenda correct approved notes.
    run_statements(
        db,
        """
        ALTER TABLE visit_note ADD COLUMN addendum_of TEXT REFERENCES visit_note(id);
        CREATE TABLE approval_challenge (
            challenge BLOB PRIMARY KEY,
            nonce BLOB NOT NULL,
            content_hash TEXT NOT NULL,
            note_id TEXT NOT NULL REFERENCES visit_note(id),
            revision_id TEXT NOT NULL REFERENCES note_revision(id),
            supervisor_id TEXT NOT NULL REFERENCES person(id),
            session_hash TEXT NOT NULL,
            created_at TEXT NOT NULL,
            expires_at TEXT NOT NULL,
            used_at TEXT
        ) STRICT;
        CREATE TABLE approval (
            id INTEGER PRIMARY KEY,
            note_id TEXT NOT NULL REFERENCES visit_note(id),
            revision_id TEXT NOT NULL UNIQUE REFERENCES note_revision(id),
            supervisor_id TEXT NOT NULL REFERENCES person(id),
            nonce TEXT NOT NULL,
            content_hash TEXT NOT NULL,
            client_data_json TEXT NOT NULL,
            authenticator_data TEXT NOT NULL,
            signature TEXT NOT NULL,
            credential_id TEXT NOT NULL REFERENCES credential(id),
            public_key TEXT NOT NULL,
            approved_at TEXT NOT NULL,
            key_id TEXT NOT NULL,
            mac TEXT NOT NULL
        ) STRICT;
        CREATE TABLE note_return (
            id INTEGER PRIMARY KEY,
            note_id TEXT NOT NULL REFERENCES visit_note(id),
            revision_id TEXT NOT NULL REFERENCES note_revision(id),
            supervisor_id TEXT NOT NULL REFERENCES person(id),
            comment TEXT NOT NULL,
            returned_at TEXT NOT NULL
        ) STRICT;
        """,
    )
