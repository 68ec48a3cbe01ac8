"""Migration 0009_consent."""

from __future__ import annotations

import sqlite_utils

from . import migration, run_statements


@migration("0009_consent")
def m0009_consent(db: sqlite_utils.Database) -> None:
    # Consent and release from confidentiality: templates with immutable published versions per
    # language; sealed consent records (signed on the device, or a photo of a signed paper form)
    # and sealed withdrawals, both append-only; how the tenant got a copy; and disclosures, the
    # only way data leaves for a partner.
    run_statements(
        db,
        """
        CREATE TABLE consent_template (
            id TEXT PRIMARY KEY,
            name TEXT NOT NULL UNIQUE,
            created_by TEXT REFERENCES person(id),
            created_at TEXT NOT NULL
        ) STRICT;
        CREATE TABLE consent_version (
            id TEXT PRIMARY KEY,
            template_id TEXT NOT NULL REFERENCES consent_template(id),
            version INTEGER NOT NULL CHECK (version >= 1),
            language TEXT NOT NULL,
            status TEXT NOT NULL CHECK (status IN ('draft', 'published')),
            content TEXT NOT NULL,
            content_hash TEXT NOT NULL,
            created_by TEXT REFERENCES person(id),
            created_at TEXT NOT NULL,
            published_by TEXT REFERENCES person(id),
            published_at TEXT,
            UNIQUE (template_id, version, language)
        ) STRICT;
        CREATE TRIGGER consent_version_published_update BEFORE UPDATE ON consent_version WHEN OLD.status = 'published'
            BEGIN SELECT RAISE(ABORT, 'a published consent template version is immutable'); END;
        CREATE TRIGGER consent_version_published_delete BEFORE DELETE ON consent_version WHEN OLD.status = 'published'
            BEGIN SELECT RAISE(ABORT, 'a published consent template version is immutable'); END;
        CREATE TABLE consent_record (
            id TEXT PRIMARY KEY,
            case_id TEXT NOT NULL REFERENCES household_case(id),
            member_id TEXT NOT NULL REFERENCES household_member(id),
            signer_name TEXT NOT NULL,
            form TEXT NOT NULL CHECK (form IN ('signature', 'paper')),
            template_version_id TEXT NOT NULL REFERENCES consent_version(id),
            version_hash TEXT NOT NULL,
            language TEXT NOT NULL,
            interpreter TEXT NOT NULL DEFAULT '',
            scope TEXT NOT NULL,
            text_hash TEXT NOT NULL,
            valid_from TEXT NOT NULL,
            valid_until TEXT NOT NULL,
            withdrawal_notice_shown INTEGER NOT NULL CHECK (withdrawal_notice_shown IN (0, 1)),
            device_time TEXT NOT NULL DEFAULT '',
            received_at TEXT NOT NULL,
            witness_id TEXT NOT NULL REFERENCES person(id),
            device_id TEXT NOT NULL DEFAULT '',
            app_version TEXT NOT NULL DEFAULT '',
            signature_png BLOB,
            signature_sha256 TEXT NOT NULL DEFAULT '',
            strokes BLOB,
            strokes_sha256 TEXT NOT NULL DEFAULT '',
            photo BLOB,
            photo_type TEXT NOT NULL DEFAULT '',
            photo_sha256 TEXT NOT NULL DEFAULT '',
            key_id TEXT NOT NULL,
            mac TEXT NOT NULL
        ) STRICT;
        CREATE INDEX consent_record_case ON consent_record(case_id);
        CREATE TRIGGER consent_record_append_only BEFORE UPDATE ON consent_record
            BEGIN SELECT RAISE(ABORT, 'consent records are append-only'); END;
        CREATE TABLE consent_withdrawal (
            consent_id TEXT PRIMARY KEY REFERENCES consent_record(id),
            withdrawn_on TEXT NOT NULL,
            channel TEXT NOT NULL,
            received_by TEXT NOT NULL REFERENCES person(id),
            recorded_at TEXT NOT NULL,
            partners_to_inform TEXT NOT NULL,
            key_id TEXT NOT NULL,
            mac TEXT NOT NULL
        ) STRICT;
        CREATE TRIGGER consent_withdrawal_append_only BEFORE UPDATE ON consent_withdrawal
            BEGIN SELECT RAISE(ABORT, 'withdrawals are append-only'); END;
        CREATE TABLE consent_handover (
            id INTEGER PRIMARY KEY,
            consent_id TEXT NOT NULL REFERENCES consent_record(id),
            method TEXT NOT NULL,
            recorded_by TEXT NOT NULL REFERENCES person(id),
            recorded_at TEXT NOT NULL
        ) STRICT;
        CREATE TABLE disclosure (
            id TEXT PRIMARY KEY,
            case_id TEXT NOT NULL REFERENCES household_case(id),
            organisation_id TEXT NOT NULL REFERENCES organisation(id),
            purpose TEXT NOT NULL,
            categories TEXT NOT NULL,
            fields TEXT NOT NULL,
            channel TEXT NOT NULL,
            consent_ids TEXT NOT NULL,
            member_ids TEXT NOT NULL DEFAULT '[]',
            note TEXT NOT NULL DEFAULT '',
            disclosed_by TEXT REFERENCES person(id),
            disclosed_at TEXT NOT NULL
        ) STRICT;
        CREATE INDEX disclosure_case ON disclosure(case_id);
        CREATE TRIGGER consent_record_no_delete BEFORE DELETE ON consent_record
            BEGIN SELECT RAISE(ABORT, 'consent records are append-only'); END;
        CREATE TRIGGER consent_withdrawal_no_delete BEFORE DELETE ON consent_withdrawal
            BEGIN SELECT RAISE(ABORT, 'withdrawals are append-only'); END;
        CREATE TRIGGER consent_handover_append_only BEFORE UPDATE ON consent_handover
            BEGIN SELECT RAISE(ABORT, 'handover records are append-only'); END;
        CREATE TRIGGER disclosure_append_only_update BEFORE UPDATE ON disclosure
            BEGIN SELECT RAISE(ABORT, 'disclosures are append-only'); END;
        CREATE TRIGGER disclosure_append_only_delete BEFORE DELETE ON disclosure
            BEGIN SELECT RAISE(ABORT, 'disclosures are append-only'); END;
        """,
    )
