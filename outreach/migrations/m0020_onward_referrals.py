"""Migration 0020_onward_referrals."""

from __future__ import annotations

import sqlite_utils

from . import migration, run_statements
from .m0012_case_versions import case_triggers

CASE_OF = {"onward_referral": "{row}.case_id"}


@migration("0020_onward_referrals")
def m0020_onward_referrals(db: sqlite_utils.Database) -> None:
    # An onward referral to a service of the help network, from a case or a visit note, written on
    # the phone (offline too: its id is the phone's, its mutation id makes it arrive once): why,
    # how urgent, and how — the contact given to the tenant (no data passes) or with data (the
    # categories, within consent, recorded as a disclosure). The worker asks on check_on whether
    # the tenant arrived (arrived, waiting list, not taken up, refused); a service in the app
    # answers with a first appointment or that it cannot take the tenant.
    run_statements(
        db,
        """
        CREATE TABLE onward_referral (
            id TEXT PRIMARY KEY,
            case_id TEXT NOT NULL REFERENCES household_case(id),
            service_id TEXT NOT NULL REFERENCES service(id),
            from_note_id TEXT,
            reason TEXT NOT NULL,
            urgency TEXT NOT NULL CHECK (urgency IN ('normal', 'urgent')),
            channel TEXT NOT NULL CHECK (channel IN ('contact_given', 'with_data')),
            categories TEXT NOT NULL DEFAULT '[]',
            member_ids TEXT NOT NULL DEFAULT '[]',
            referred_on TEXT NOT NULL,
            check_on TEXT NOT NULL,
            outcome TEXT CHECK (outcome IS NULL OR outcome IN ('arrived', 'waiting_list', 'not_taken_up', 'refused')),
            outcome_on TEXT,
            outcome_by TEXT REFERENCES person(id),
            answer TEXT CHECK (answer IS NULL OR answer IN ('appointment', 'cannot_take')),
            appointment_on TEXT,
            answer_note TEXT NOT NULL DEFAULT '',
            answered_by TEXT REFERENCES person(id),
            answered_at TEXT,
            created_by TEXT NOT NULL REFERENCES person(id),
            created_at TEXT NOT NULL,
            mutation_id TEXT NOT NULL UNIQUE
        ) STRICT;
        CREATE INDEX onward_referral_case ON onward_referral(case_id, referred_on);
        CREATE INDEX onward_referral_service ON onward_referral(service_id, referred_on);
        CREATE INDEX onward_referral_open ON onward_referral(check_on) WHERE outcome IS NULL;
        """ + "".join(case_triggers(table, case_of) for table, case_of in CASE_OF.items()),
    )
