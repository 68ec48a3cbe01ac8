"""Migration 0003_cases_and_referrals."""

from __future__ import annotations

import sqlite_utils

from . import migration, run_statements


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
