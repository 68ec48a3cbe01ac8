"""Migration 0001_meta."""

from __future__ import annotations

import sqlite_utils

from . import migration


@migration("0001_meta")
def m0001_meta(db: sqlite_utils.Database) -> None:
    # Facts about the database itself: schema owner, demo marker, creation date.
    db.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT")
    db.execute("INSERT INTO meta (key, value) VALUES ('application', 'outreach')")
