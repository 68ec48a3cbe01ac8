"""Migration 0024_device_vault."""

from __future__ import annotations

import sqlite_utils

from . import migration, run_statements


@migration("0024_device_vault")
def m0024_device_vault(db: sqlite_utils.Database) -> None:
    # The phone's vault (issue 25): how a device protects its offline data — 'prf' (the passkey's
    # PRF output) or 'pin' (a device PIN, where the authenticator gives no PRF) — shown to admins,
    # and the device's recovery key: the vault's data key is also wrapped by it on the phone, so
    # after a fresh passkey sign-in the server can re-issue access (five wrong PINs, a new PIN).
    # It is released only to a session freshly verified with a passkey on that same device.
    run_statements(
        db,
        """
        ALTER TABLE device ADD COLUMN vault_method TEXT CHECK (vault_method IN ('prf', 'pin'));
        ALTER TABLE device ADD COLUMN vault_set_at TEXT;
        ALTER TABLE device ADD COLUMN vault_recovery_key BLOB;
        """,
    )
