"""Migration 0007_device_wipe_count."""

from __future__ import annotations

import sqlite_utils

from . import migration, run_statements


@migration("0007_device_wipe_count")
def m0007_device_wipe_count(db: sqlite_utils.Database) -> None:
    # The unsent count an admin accepted to lose; a device reporting more is not wiped.
    run_statements(db, "ALTER TABLE device ADD COLUMN wipe_confirmed_count INTEGER;\n")
