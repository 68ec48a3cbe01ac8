"""Migration 0019_services."""

from __future__ import annotations

import sqlite_utils

from . import migration, run_statements
from .m0012_case_versions import shared_triggers


@migration("0019_services")
def m0019_services(db: sqlite_utils.Database) -> None:
    # The local help network's directory, kept by admins: family centre, debt counselling,
    # addiction and mental-health services, the youth office, the energy supplier's hardship fund
    # … with how to reach them, their languages, the waiting time and whether they take referrals
    # with data (then optionally the partner organisation through which they use the app). No
    # personal data: it joins every phone's offline lists (its changes bump offline_shared).
    run_statements(
        db,
        """
        CREATE TABLE service (
            id TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            kind TEXT NOT NULL,
            street TEXT NOT NULL DEFAULT '',
            postcode TEXT NOT NULL DEFAULT '',
            city TEXT NOT NULL DEFAULT '',
            opening_hours TEXT NOT NULL DEFAULT '',
            phone TEXT NOT NULL DEFAULT '',
            email TEXT NOT NULL DEFAULT '',
            languages TEXT NOT NULL DEFAULT '["de"]',
            waiting_weeks INTEGER CHECK (waiting_weeks IS NULL OR waiting_weeks BETWEEN 0 AND 104),
            accepts_data_referrals INTEGER NOT NULL DEFAULT 0 CHECK (accepts_data_referrals IN (0, 1)),
            organisation_id TEXT REFERENCES organisation(id),
            note TEXT NOT NULL DEFAULT '',
            active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
            created_by TEXT REFERENCES person(id),
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        ) STRICT;
        CREATE INDEX service_kind ON service(active, kind, name);
        """ + shared_triggers("service"),
    )
