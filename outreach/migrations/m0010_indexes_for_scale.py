"""Migration 0010_indexes_for_scale."""

from __future__ import annotations

import sqlite_utils

from . import migration, run_statements


@migration("0010_indexes_for_scale")
def m0010_indexes_for_scale(db: sqlite_utils.Database) -> None:
    # A centre's tenth year (10,000 cases, 100,000 notes): every look-up the hot pages make by a
    # foreign key has an index (tests/web/test_query_plans.py fails on a full scan of a large table).
    run_statements(
        db,
        """
        CREATE INDEX household_member_case ON household_member(case_id, position);
        CREATE INDEX contact_attempt_case ON contact_attempt(case_id, on_date);
        CREATE INDEX visit_note_author ON visit_note(author_id, status);
        CREATE INDEX note_return_note ON note_return(note_id);
        CREATE INDEX approval_note ON approval(note_id);
        CREATE INDEX consent_handover_consent ON consent_handover(consent_id);
        CREATE INDEX referral_case ON referral(case_id);
        CREATE INDEX referral_organisation ON referral(organisation_id, status);
        CREATE INDEX device_person ON device(person_id);
        CREATE INDEX person_team ON person(team_id);
        CREATE INDEX audit_log_subject ON audit_log(subject_type, subject_id);
        CREATE INDEX case_on_device_device ON case_on_device(device_id, person_id);
        """,
    )
