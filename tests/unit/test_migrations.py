"""Numbered migrations: from empty, and from every previous version, to the same schema."""

from __future__ import annotations

import re

import pytest

from outreach import db as database
from outreach import migrations


def schema(conn) -> list[tuple]:
    return sorted(
        (row[0], row[1], re.sub(r"\s+", " ", row[2] or ""))
        for row in conn.execute("SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'")
    )


def test_names_are_numbered_in_order_and_unique():
    assert migrations.NAMES, "at least one migration"
    numbers = [int(name[:4]) for name in migrations.NAMES]
    assert numbers == list(range(1, len(numbers) + 1))
    assert all(re.fullmatch(r"\d{4}_[a-z0-9_]+", name) for name in migrations.NAMES)


def test_from_empty_applies_everything_once(tmp_path):
    conn = database.connect(str(tmp_path / "a.sqlite3"))
    assert migrations.migrate(conn) == migrations.NAMES
    assert migrations.migrate(conn) == []
    recorded = [r[0] for r in conn.execute("SELECT name FROM _sqlite_migrations ORDER BY rowid")]
    assert recorded == migrations.NAMES


@pytest.mark.parametrize("name", migrations.NAMES)
def test_upgrade_from_the_previous_version(tmp_path, name):
    fresh = database.connect(str(tmp_path / "fresh.sqlite3"))
    migrations.migrate(fresh)
    old = database.connect(str(tmp_path / "old.sqlite3"))
    migrations.migrate(old, stop_before=name)
    assert migrations.pending(old)[0] == name
    assert migrations.migrate(old) == migrations.NAMES[migrations.NAMES.index(name):]
    assert schema(old) == schema(fresh)


def test_a_failing_migration_leaves_no_trace(tmp_path, monkeypatch):
    from sqlite_utils.migrations import Migrations

    trial = Migrations("outreach")

    @trial(name="0001_ok")
    def ok(db):
        db.execute("CREATE TABLE a (x INTEGER)")

    @trial(name="0002_broken")
    def broken(db):
        db.execute("CREATE TABLE b (x INTEGER)")
        raise RuntimeError("half done")

    monkeypatch.setattr(migrations, "migrations", trial)
    conn = database.connect(str(tmp_path / "b.sqlite3"))
    with pytest.raises(RuntimeError):
        migrations.migrate(conn)
    tables = set(conn.table_names())
    assert "a" in tables and "b" not in tables
    assert [m.name for m in trial.pending(conn)] == ["0002_broken"]


def test_each_migration_is_its_own_module_named_by_its_number():
    import pathlib

    folder = pathlib.Path(migrations.__file__).parent
    modules = sorted(p.stem for p in folder.glob("m[0-9][0-9][0-9][0-9]_*.py"))
    assert modules == [f"m{name}" for name in migrations.NAMES]
