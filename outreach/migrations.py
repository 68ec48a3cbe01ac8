"""The schema, created and upgraded by numbered migrations (sqlite-utils' Migrations).

Rules: append only, never edit a released migration; names start with a four-digit number;
each runs in its own BEGIN IMMEDIATE transaction together with the record that it ran.
tests/unit/test_migrations.py upgrades from empty and from every previous version.
"""

from __future__ import annotations

import sqlite_utils
from sqlite_utils.migrations import Migrations

from .db import write

migrations = Migrations("outreach")
NAMES: list[str] = []


def migration(name: str):
    """Register a migration under its numbered name, in order."""
    NAMES.append(name)
    return migrations(name=name)


@migration("0001_meta")
def m0001_meta(db: sqlite_utils.Database) -> None:
    # Facts about the database itself: schema owner, demo marker, creation date.
    db.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT")
    db.execute("INSERT INTO meta (key, value) VALUES ('application', 'outreach')")


def pending(db: sqlite_utils.Database) -> list[str]:
    return [m.name for m in migrations.pending(db)]


def migrate(db: sqlite_utils.Database, stop_before: str | None = None) -> list[str]:
    """Apply pending migrations one transaction each; return the names applied."""
    todo = pending(db)
    if stop_before in todo:
        todo = todo[: todo.index(stop_before)]
    for _name in todo:
        later = pending(db)[1:]
        with write(db):
            migrations.apply(db, stop_before=later or None)
    return todo
