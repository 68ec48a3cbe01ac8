"""Migration 0006_device_wipe."""

from __future__ import annotations

import sqlite_utils

from . import migration, run_statements


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
