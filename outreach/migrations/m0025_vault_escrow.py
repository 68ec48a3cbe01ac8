"""Migration 0025_vault_escrow."""

from __future__ import annotations

import sqlite_utils

from . import migration, run_statements


@migration("0025_vault_escrow")
def m0025_vault_escrow(db: sqlite_utils.Database) -> None:
    # One data key per person on every device (issue 25): the first device wraps its data key with
    # the person's escrow key (made here, on the server) and leaves only that wrapping; a device
    # set up later receives both — right after a fresh passkey sign-in on it, never when revoked —
    # and opens the same key. The data itself never comes here.
    run_statements(
        db,
        """
        CREATE TABLE vault_escrow (
            person_id TEXT PRIMARY KEY REFERENCES person(id),
            escrow_key BLOB NOT NULL,
            wrapping TEXT,
            set_at TEXT,
            set_by_device TEXT REFERENCES device(id)
        );
        """,
    )
