"""Migration 0018_shelter."""

from __future__ import annotations

import sqlite_utils

from . import migration, run_statements
from .m0012_case_versions import case_triggers

CASE_OF = {
    "shelter_request": "{row}.case_id",
    "placement": "{row}.case_id",
    "placement_person": "(SELECT case_id FROM placement WHERE id = {row}.placement_id)",
}


@migration("0018_shelter")
def m0018_shelter(db: sqlite_utils.Database) -> None:
    # Emergency accommodation: the worker's shelter request to the city (household size, needs,
    # the day a place is needed), sent within consent; the city's answer, a place from a date or a
    # refusal. A place given is a placement the city keeps (until the household leaves) with the
    # features of its federal return (WoBerichtsG): per person sex, month of birth, nationality;
    # per placement the kind of accommodation, the provider, the start and the municipality key.
    # The statistics count requests by the Berlin day they were sent (sent_on).
    run_statements(
        db,
        """
        CREATE TABLE shelter_request (
            id TEXT PRIMARY KEY,
            case_id TEXT NOT NULL REFERENCES household_case(id),
            organisation_id TEXT NOT NULL REFERENCES organisation(id),
            household_size INTEGER NOT NULL CHECK (household_size BETWEEN 1 AND 12),
            member_ids TEXT NOT NULL DEFAULT '[]',
            needs TEXT NOT NULL DEFAULT '',
            needed_on TEXT NOT NULL,
            state TEXT NOT NULL CHECK (state IN ('sent', 'placed', 'refused')),
            refusal_reason TEXT NOT NULL DEFAULT '',
            sent_by TEXT NOT NULL REFERENCES person(id),
            sent_at TEXT NOT NULL,
            sent_on TEXT NOT NULL,
            answered_by TEXT REFERENCES person(id),
            answered_at TEXT
        ) STRICT;
        CREATE INDEX shelter_request_case ON shelter_request(case_id, sent_at);
        CREATE INDEX shelter_request_inbox ON shelter_request(organisation_id, sent_at);
        CREATE INDEX shelter_request_sent ON shelter_request(sent_on);
        CREATE TABLE placement (
            id TEXT PRIMARY KEY,
            request_id TEXT NOT NULL UNIQUE REFERENCES shelter_request(id),
            case_id TEXT NOT NULL REFERENCES household_case(id),
            organisation_id TEXT NOT NULL REFERENCES organisation(id),
            place TEXT NOT NULL,
            begins_on TEXT NOT NULL,
            ends_on TEXT,
            accommodation_kind TEXT NOT NULL
                CHECK (accommodation_kind IN ('short_term', 'part_residential', 'residential', 'other')),
            provider TEXT NOT NULL CHECK (provider IN ('supra_local', 'municipality', 'welfare', 'commercial', 'other')),
            association TEXT NOT NULL DEFAULT '',
            municipality_key TEXT NOT NULL,
            household_type TEXT NOT NULL,
            household_size INTEGER NOT NULL CHECK (household_size BETWEEN 1 AND 12),
            recorded_by TEXT NOT NULL REFERENCES person(id),
            recorded_at TEXT NOT NULL,
            CHECK (ends_on IS NULL OR ends_on > begins_on)
        ) STRICT;
        CREATE INDEX placement_city ON placement(organisation_id, begins_on);
        CREATE TABLE placement_person (
            placement_id TEXT NOT NULL REFERENCES placement(id),
            position INTEGER NOT NULL CHECK (position BETWEEN 0 AND 11),
            sex TEXT NOT NULL CHECK (sex IN ('male', 'female', 'diverse', 'not_stated')),
            birth_month TEXT NOT NULL,
            nationality TEXT NOT NULL,
            PRIMARY KEY (placement_id, position)
        ) STRICT;
        """ + "".join(case_triggers(table, case_of) for table, case_of in CASE_OF.items()),
    )
