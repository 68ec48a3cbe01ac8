"""The schema, created and upgraded by numbered migrations (sqlite-utils' Migrations).

Rules: append only, never edit a released migration; names start with a four-digit number;
each runs in its own BEGIN IMMEDIATE transaction together with the record that it ran.
tests/unit/test_migrations.py upgrades from empty and from every previous version.
"""

from __future__ import annotations

import sqlite3

import sqlite_utils
from sqlite_utils.migrations import Migrations

from .db import write

migrations = Migrations("outreach")
NAMES: list[str] = []


def migration(name: str):
    """Register a migration under its numbered name, in order."""
    NAMES.append(name)
    return migrations(name=name)


@migration("0001_meta")
def m0001_meta(db: sqlite_utils.Database) -> None:
    # Facts about the database itself: schema owner, demo marker, creation date.
    db.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT")
    db.execute("INSERT INTO meta (key, value) VALUES ('application', 'outreach')")


def run_statements(db: sqlite_utils.Database, script: str) -> None:
    """Run a script statement by statement (executescript would COMMIT the migration's transaction)."""
    statement = ""
    for line in script.splitlines(keepends=True):
        statement += line
        if sqlite3.complete_statement(statement):
            db.execute(statement)
            statement = ""
    if statement.strip():
        raise ValueError(f"incomplete SQL statement: {statement!r}")


def pending(db: sqlite_utils.Database) -> list[str]:
    return [m.name for m in migrations.pending(db)]


def migrate(db: sqlite_utils.Database, stop_before: str | None = None) -> list[str]:
    """Apply pending migrations one transaction each; return the names applied."""
    todo = pending(db)
    if stop_before in todo:
        todo = todo[: todo.index(stop_before)]
    for _name in todo:
        later = pending(db)[1:]
        with write(db):
            migrations.apply(db, stop_before=later or None)
    return todo


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


@migration("0003_cases_and_referrals")
def m0003_cases_and_referrals(db: sqlite_utils.Database) -> None:
    # Households at risk (cases), their members, arrears ledger, key dates and contact attempts;
    # partner referrals and the history of assignments (the sync needs it to route notes).
    run_statements(
        db,
        """
        CREATE TABLE referral (
            id TEXT PRIMARY KEY,
            organisation_id TEXT NOT NULL REFERENCES organisation(id),
            submitted_by TEXT NOT NULL REFERENCES person(id),
            submitted_at TEXT NOT NULL,
            tenant_name TEXT NOT NULL,
            street TEXT NOT NULL,
            postcode TEXT NOT NULL,
            city TEXT NOT NULL,
            arrears_cents INTEGER NOT NULL CHECK (arrears_cents >= 0),
            stage TEXT NOT NULL,
            known_dates TEXT NOT NULL DEFAULT '{}',
            tenant_informed INTEGER NOT NULL CHECK (tenant_informed IN (0, 1)),
            note TEXT NOT NULL DEFAULT '',
            status TEXT NOT NULL CHECK (status IN ('received', 'accepted', 'declined', 'merged')),
            decided_by TEXT REFERENCES person(id),
            decided_at TEXT,
            decline_reason TEXT NOT NULL DEFAULT '',
            case_id TEXT
        ) STRICT;
        CREATE INDEX referral_status ON referral(status);
        CREATE TABLE household_case (
            id TEXT PRIMARY KEY,
            number TEXT NOT NULL UNIQUE,
            status TEXT NOT NULL CHECK (status IN ('open', 'closed')),
            outcome TEXT CHECK (outcome IN ('flat_kept', 'moved_other_flat', 'emergency_accommodation',
                                            'precarious', 'moved_away_no_contact', 'help_refused')),
            stage TEXT NOT NULL CHECK (stage IN ('arrears', 'termination', 'eviction_suit',
                                                 'eviction_title', 'eviction_date')),
            source TEXT NOT NULL CHECK (source IN ('housing_company', 'court_notice', 'jobcenter_sozialamt',
                                                   'self', 'other')),
            street TEXT NOT NULL,
            postcode TEXT NOT NULL,
            city TEXT NOT NULL,
            landlord_organisation_id TEXT REFERENCES organisation(id),
            landlord_name TEXT NOT NULL DEFAULT '',
            tenancy_start TEXT,
            base_rent_cents INTEGER NOT NULL DEFAULT 0 CHECK (base_rent_cents >= 0),
            service_charge_cents INTEGER NOT NULL DEFAULT 0 CHECK (service_charge_cents >= 0),
            heating_cents INTEGER NOT NULL DEFAULT 0 CHECK (heating_cents >= 0),
            situation TEXT NOT NULL DEFAULT '',
            assigned_worker_id TEXT REFERENCES person(id),
            team_id TEXT REFERENCES team(id),
            report_received_on TEXT NOT NULL,
            referral_id TEXT REFERENCES referral(id),
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            closed_on TEXT
        ) STRICT;
        CREATE INDEX case_worker ON household_case(assigned_worker_id, status);
        CREATE INDEX case_team ON household_case(team_id, status);
        CREATE TABLE household_member (
            id TEXT PRIMARY KEY,
            case_id TEXT NOT NULL REFERENCES household_case(id),
            name TEXT NOT NULL,
            birth_year INTEGER,
            relation TEXT NOT NULL,
            lease_party INTEGER NOT NULL CHECK (lease_party IN (0, 1)),
            position INTEGER NOT NULL
        ) STRICT;
        CREATE TABLE arrears_month (
            case_id TEXT NOT NULL REFERENCES household_case(id),
            year INTEGER NOT NULL,
            month INTEGER NOT NULL CHECK (month BETWEEN 1 AND 12),
            due_cents INTEGER NOT NULL CHECK (due_cents >= 0),
            paid_cents INTEGER NOT NULL CHECK (paid_cents >= 0),
            PRIMARY KEY (case_id, year, month)
        ) STRICT;
        CREATE TABLE key_date (
            id TEXT PRIMARY KEY,
            case_id TEXT NOT NULL REFERENCES household_case(id),
            kind TEXT NOT NULL,
            on_date TEXT NOT NULL,
            member_id TEXT REFERENCES household_member(id),
            detail TEXT NOT NULL DEFAULT '',
            recorded_by TEXT REFERENCES person(id),
            recorded_at TEXT NOT NULL
        ) STRICT;
        CREATE INDEX key_date_case ON key_date(case_id);
        CREATE TABLE contact_attempt (
            id TEXT PRIMARY KEY,
            case_id TEXT NOT NULL REFERENCES household_case(id),
            on_date TEXT NOT NULL,
            kind TEXT NOT NULL CHECK (kind IN ('visit_nobody_home', 'letter', 'call', 'reached')),
            recorded_by TEXT REFERENCES person(id),
            recorded_at TEXT NOT NULL
        ) STRICT;
        CREATE TABLE case_assignment (
            id INTEGER PRIMARY KEY,
            case_id TEXT NOT NULL REFERENCES household_case(id),
            worker_id TEXT NOT NULL REFERENCES person(id),
            team_id TEXT REFERENCES team(id),
            assigned_by TEXT REFERENCES person(id),
            assigned_at TEXT NOT NULL
        ) STRICT;
        CREATE INDEX case_assignment_case ON case_assignment(case_id);
        """,
    )


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


@migration("0006_device_wipe")
def m0006_device_wipe(db: sqlite_utils.Database) -> None:
    # A disabled person's device is wiped, outbox included, only after an admin confirmed the
    # number of unsent items it last reported (the loss is audited); when it was wiped.
    run_statements(
        db,
        """
        ALTER TABLE device ADD COLUMN wipe_confirmed_at TEXT;
        ALTER TABLE device ADD COLUMN wipe_confirmed_by TEXT REFERENCES person(id);
        ALTER TABLE device ADD COLUMN wiped_at TEXT;
        """,
    )


@migration("0007_device_wipe_count")
def m0007_device_wipe_count(db: sqlite_utils.Database) -> None:
    # The unsent count an admin accepted to lose; a device reporting more is not wiped.
    run_statements(db, "ALTER TABLE device ADD COLUMN wipe_confirmed_count INTEGER;\n")


@migration("0008_budgets")
def m0008_budgets(db: sqlite_utils.Database) -> None:
    # One budget plan per case as immutable revisions naming their base (like visit notes), each
    # with the reference values and household facts it was computed with (`context`), so a saved
    # plan and its copies keep their figures; the reference values as dated rows an admin adds to;
    # how each tenant copy was handed over.
    run_statements(
        db,
        """
        CREATE TABLE budget_plan (
            id TEXT PRIMARY KEY,
            case_id TEXT NOT NULL UNIQUE REFERENCES household_case(id),
            current_revision_id TEXT,
            in_conflict INTEGER NOT NULL DEFAULT 0 CHECK (in_conflict IN (0, 1)),
            to_route INTEGER NOT NULL DEFAULT 0 CHECK (to_route IN (0, 1)),
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        ) STRICT;
        CREATE TABLE budget_revision (
            id TEXT PRIMARY KEY,
            plan_id TEXT NOT NULL REFERENCES budget_plan(id),
            base_revision_id TEXT,
            author_id TEXT NOT NULL REFERENCES person(id),
            device_id TEXT,
            schema_version INTEGER NOT NULL,
            payload TEXT NOT NULL,
            context TEXT NOT NULL,
            content_hash TEXT NOT NULL,
            state TEXT NOT NULL CHECK (state IN ('current', 'superseded', 'conflict', 'resolved')),
            reassigned INTEGER NOT NULL DEFAULT 0 CHECK (reassigned IN (0, 1)),
            device_time TEXT,
            received_at TEXT NOT NULL
        ) STRICT;
        CREATE INDEX budget_revision_plan ON budget_revision(plan_id);
        CREATE TABLE reference_value (
            id INTEGER PRIMARY KEY,
            key TEXT NOT NULL,
            value INTEGER NOT NULL,
            valid_from TEXT NOT NULL,
            valid_to TEXT,
            source TEXT NOT NULL DEFAULT '',
            created_by TEXT REFERENCES person(id),
            created_at TEXT NOT NULL
        ) STRICT;
        CREATE INDEX reference_value_key ON reference_value(key, valid_from);
        CREATE TABLE copy_handover (
            id INTEGER PRIMARY KEY,
            case_id TEXT NOT NULL REFERENCES household_case(id),
            document TEXT NOT NULL CHECK (document IN ('budget')),
            revision_id TEXT NOT NULL,
            method TEXT NOT NULL,
            recorded_by TEXT NOT NULL REFERENCES person(id),
            recorded_at TEXT NOT NULL
        ) STRICT;
        CREATE INDEX copy_handover_case ON copy_handover(case_id);
        """,
    )
    # The values DOMAIN.md lists (verify before release; an admin adds newer ones).
    seed = [
        *[(f"standard_rate_{level}", cents, "2024-01-01", "2026-12-31", "§ 20, § 28 SGB II/XII, RBEG (Bürgergeld)")
          for level, cents in enumerate((56300, 50600, 45100, 47100, 39000, 35700), start=1)],
        ("jobcenter_setoff_percent", 10, "2005-01-01", "2023-06-30", "§ 42a(2) SGB II (before 1 July 2023)"),
        ("jobcenter_setoff_percent", 5, "2023-07-01", None, "§ 42a(2) SGB II (Bürgergeld-Gesetz)"),
        ("garnishment_exempt_base", 155500, "2025-07-01", "2026-06-30", "§ 850c(1) ZPO, Pfändungsfreigrenzenbekanntmachung 2025"),
        ("garnishment_exempt_first", 58523, "2025-07-01", "2026-06-30", "§ 850c(2) ZPO, Bekanntmachung 2025"),
        ("garnishment_exempt_further", 32604, "2025-07-01", "2026-06-30", "§ 850c(2) ZPO, Bekanntmachung 2025"),
        ("garnishment_fully_attachable_above", 476699, "2025-07-01", "2026-06-30", "§ 850c(3) ZPO, Bekanntmachung 2025"),
        ("kindergeld_per_child", 25500, "2025-01-01", "2025-12-31", "§ 66 EStG"),
        ("kindergeld_per_child", 25900, "2026-01-01", None, "§ 66 EStG"),
        ("kinderzuschlag_max_per_child", 29700, "2026-01-01", "2026-12-31", "§ 6a BKGG"),
    ]
    from .clock import stamp

    for key, value, valid_from, valid_to, source in seed:
        db.execute("INSERT INTO reference_value (key, value, valid_from, valid_to, source, created_at) "
                   "VALUES (?, ?, ?, ?, ?, ?)", [key, value, valid_from, valid_to, source, stamp()])


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
