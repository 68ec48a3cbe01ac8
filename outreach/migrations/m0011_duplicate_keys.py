"""Migration 0011_duplicate_keys."""

from __future__ import annotations

import sqlite_utils

from ..domain.cases import address_key, name_key
from . import migration, run_statements


@migration("0011_duplicate_keys")
def m0011_duplicate_keys(db: sqlite_utils.Database) -> None:
    # The intake queue finds likely duplicates through indexed, normalised keys (address, tenant
    # name) instead of comparing every waiting referral with every open case in Python.
    # Personal data: anonymisation must clear these keys together with the fields they come from.
    run_statements(
        db,
        """
        ALTER TABLE household_case ADD COLUMN address_key TEXT NOT NULL DEFAULT '';
        ALTER TABLE household_member ADD COLUMN name_key TEXT NOT NULL DEFAULT '';
        ALTER TABLE referral ADD COLUMN address_key TEXT NOT NULL DEFAULT '';
        ALTER TABLE referral ADD COLUMN name_key TEXT NOT NULL DEFAULT '';
        """,
    )
    for case_id, street, postcode in db.execute("SELECT id, street, postcode FROM household_case").fetchall():
        db.execute("UPDATE household_case SET address_key = ? WHERE id = ?", [address_key(street, postcode), case_id])
    for member_id, name in db.execute("SELECT id, name FROM household_member").fetchall():
        db.execute("UPDATE household_member SET name_key = ? WHERE id = ?", [name_key(name), member_id])
    for referral_id, name, street, postcode in db.execute(
            "SELECT id, tenant_name, street, postcode FROM referral").fetchall():
        db.execute("UPDATE referral SET address_key = ?, name_key = ? WHERE id = ?",
                   [address_key(street, postcode), name_key(name), referral_id])
    run_statements(
        db,
        """
        CREATE INDEX household_case_address ON household_case(address_key, status);
        CREATE INDEX household_member_name ON household_member(name_key, position);
        CREATE INDEX referral_address ON referral(address_key, status);
        CREATE INDEX referral_name ON referral(name_key, status);
        """,
    )
