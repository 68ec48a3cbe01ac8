"""The schema, created and upgraded by numbered migrations (sqlite-utils' Migrations), one
module per migration as Alembic and Django keep theirs: `m0001_meta.py`, `m0002_…`, loaded in
order of their number.

Rules: append only, never edit a released migration; names start with a four-digit number;
each runs in its own BEGIN IMMEDIATE transaction together with the record that it ran.
tests/unit/test_migrations.py upgrades from empty and from every previous version.
"""

from __future__ import annotations

import importlib
import pkgutil
import sqlite3

import sqlite_utils
from sqlite_utils.migrations import Migrations

from ..db import write

migrations = Migrations("outreach")
NAMES: list[str] = []


def migration(name: str):
    """Register a migration under its numbered name, in order."""
    NAMES.append(name)
    return migrations(name=name)



def run_statements(db: sqlite_utils.Database, script: str) -> None:
    """Run a script statement by statement (executescript would COMMIT the migration's transaction)."""
    statement = ""
    for line in script.splitlines(keepends=True):
        statement += line
        if sqlite3.complete_statement(statement):
            db.execute(statement)
            statement = ""
    if statement.strip():
        raise ValueError(f"incomplete SQL statement: {statement!r}")


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


def _load_all() -> None:
    """Import every numbered migration module, lowest number first (each registers itself)."""
    names = sorted(m.name for m in pkgutil.iter_modules(__path__) if m.name[:1] == "m" and m.name[1:5].isdigit())
    for name in names:
        importlib.import_module(f"{__name__}.{name}")


_load_all()
