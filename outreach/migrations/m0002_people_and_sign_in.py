"""Migration 0002_people_and_sign_in."""

from __future__ import annotations

import sqlite_utils

from . import migration, run_statements


@migration("0002_people_and_sign_in")
def m0002_people_and_sign_in(db: sqlite_utils.Database) -> None:
    # People, their roles, teams and partner organisations; passkeys, invitations, one-time
    # WebAuthn challenges, devices, server-side sessions and the append-only audit log.
    run_statements(
        db,
        """
        CREATE TABLE organisation (
            id TEXT PRIMARY KEY,
            name TEXT NOT NULL UNIQUE,
            kind TEXT NOT NULL CHECK (kind IN ('centre', 'housing_company', 'city', 'jobcenter',
                                               'sozialamt', 'energy_supplier', 'other')),
            legal_basis TEXT NOT NULL DEFAULT '',
            created_at TEXT NOT NULL
        ) STRICT;
        CREATE TABLE team (
            id TEXT PRIMARY KEY,
            name TEXT NOT NULL UNIQUE,
            created_at TEXT NOT NULL
        ) STRICT;
        CREATE TABLE person (
            id TEXT PRIMARY KEY,
            email TEXT NOT NULL UNIQUE COLLATE NOCASE,
            display_name TEXT NOT NULL,
            user_handle BLOB NOT NULL UNIQUE,
            organisation_id TEXT REFERENCES organisation(id),
            team_id TEXT REFERENCES team(id),
            status TEXT NOT NULL CHECK (status IN ('invited', 'active', 'disabled')),
            created_at TEXT NOT NULL,
            disabled_at TEXT
        ) STRICT;
        CREATE TABLE person_role (
            person_id TEXT NOT NULL REFERENCES person(id),
            role TEXT NOT NULL CHECK (role IN ('worker', 'supervisor', 'admin', 'partner')),
            PRIMARY KEY (person_id, role)
        ) STRICT;
        CREATE TABLE credential (
            id TEXT PRIMARY KEY,
            person_id TEXT NOT NULL REFERENCES person(id),
            public_key BLOB NOT NULL,
            sign_count INTEGER NOT NULL,
            transports TEXT NOT NULL DEFAULT '[]',
            aaguid TEXT NOT NULL DEFAULT '',
            device_type TEXT NOT NULL,
            backed_up INTEGER NOT NULL,
            name TEXT NOT NULL,
            created_at TEXT NOT NULL,
            last_used_at TEXT,
            removed_at TEXT,
            revoked_at TEXT,
            revoked_by TEXT REFERENCES person(id)
        ) STRICT;
        CREATE INDEX credential_person ON credential(person_id);
        CREATE TABLE invitation (
            id TEXT PRIMARY KEY,
            token_hash TEXT NOT NULL UNIQUE,
            person_id TEXT NOT NULL REFERENCES person(id),
            purpose TEXT NOT NULL CHECK (purpose IN ('invite', 'recovery', 'another_device')),
            created_by TEXT REFERENCES person(id),
            created_at TEXT NOT NULL,
            expires_at TEXT NOT NULL,
            used_at TEXT,
            used_credential_id TEXT
        ) STRICT;
        CREATE TABLE challenge (
            id TEXT PRIMARY KEY,
            challenge BLOB NOT NULL UNIQUE,
            purpose TEXT NOT NULL CHECK (purpose IN ('register', 'sign_in', 'reverify')),
            session_hash TEXT NOT NULL,
            person_id TEXT REFERENCES person(id),
            invitation_id TEXT REFERENCES invitation(id),
            created_at TEXT NOT NULL,
            expires_at TEXT NOT NULL,
            used_at TEXT
        ) STRICT;
        CREATE TABLE device (
            id TEXT PRIMARY KEY,
            person_id TEXT REFERENCES person(id),
            created_at TEXT NOT NULL,
            last_contact_at TEXT,
            last_unsent_count INTEGER,
            user_agent TEXT NOT NULL DEFAULT '',
            revoked_at TEXT,
            revoked_by TEXT REFERENCES person(id)
        ) STRICT;
        CREATE TABLE web_session (
            id_hash TEXT PRIMARY KEY,
            kind TEXT NOT NULL CHECK (kind IN ('anonymous', 'passkey', 'demo')),
            person_id TEXT REFERENCES person(id),
            credential_id TEXT REFERENCES credential(id),
            device_id TEXT REFERENCES device(id),
            data TEXT NOT NULL DEFAULT '{}',
            created_at TEXT NOT NULL,
            last_seen_at TEXT NOT NULL,
            expires_at TEXT NOT NULL,
            ended_at TEXT,
            ended_reason TEXT,
            ip TEXT NOT NULL DEFAULT '',
            user_agent TEXT NOT NULL DEFAULT ''
        ) STRICT;
        CREATE INDEX web_session_person ON web_session(person_id);
        CREATE TABLE audit_log (
            seq INTEGER PRIMARY KEY,
            at TEXT NOT NULL,
            actor_id TEXT,
            action TEXT NOT NULL,
            subject_type TEXT NOT NULL DEFAULT '',
            subject_id TEXT NOT NULL DEFAULT '',
            device_id TEXT NOT NULL DEFAULT '',
            ip TEXT NOT NULL DEFAULT '',
            user_agent TEXT NOT NULL DEFAULT '',
            details TEXT NOT NULL DEFAULT '{}',
            key_id TEXT NOT NULL,
            mac TEXT NOT NULL
        ) STRICT;
        CREATE INDEX audit_log_action ON audit_log(action);
        CREATE INDEX audit_log_actor ON audit_log(actor_id);
        CREATE TRIGGER audit_log_append_only_update BEFORE UPDATE ON audit_log
            BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
        CREATE TRIGGER audit_log_append_only_delete BEFORE DELETE ON audit_log
            BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
        """
    )
