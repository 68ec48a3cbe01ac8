"""Migration 0022_role_grants."""

from __future__ import annotations

import sqlite_utils

from . import migration, run_statements


@migration("0022_role_grants")
def m0022_role_grants(db: sqlite_utils.Database) -> None:
    # Separation of duties (issue 23): granting the supervisor or admin role, adding someone to a
    # team, or granting oneself anything waits for a second administrator (or for `outreach grants
    # confirm` on the server, where there is only one). A grant names the change asked for (roles
    # and organisation, or team: before and after), who asked and when, and how it ended.
    run_statements(
        db,
        """
        CREATE TABLE role_grant (
            id TEXT PRIMARY KEY,
            person_id TEXT NOT NULL REFERENCES person(id),
            kind TEXT NOT NULL CHECK (kind IN ('roles', 'team')),
            before TEXT NOT NULL,
            after TEXT NOT NULL,
            requested_by TEXT REFERENCES person(id),
            requested_at TEXT NOT NULL,
            state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'confirmed', 'refused', 'withdrawn')),
            decided_by TEXT,
            decided_at TEXT
        ) STRICT;
        CREATE UNIQUE INDEX role_grant_one_pending ON role_grant(person_id, kind) WHERE state = 'pending';
        CREATE INDEX role_grant_state ON role_grant(state, requested_at);
        """,
    )
