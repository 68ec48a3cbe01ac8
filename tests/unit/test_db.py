"""The SQLite layer: pragmas, BEGIN IMMEDIATE writes that wait, rollback, online backup."""

from __future__ import annotations

import sqlite3
import threading
import time

import pytest

from outreach import db as database


@pytest.fixture
def path(tmp_path):
    path = str(tmp_path / "x.sqlite3")
    conn = database.connect(path)
    conn.execute("CREATE TABLE t (n INTEGER)")
    conn.close()
    return path


def test_connections_use_wal_normal_sync_foreign_keys_and_busy_timeout(path):
    conn = database.connect(path, busy_timeout_ms=1234)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA synchronous").fetchone()[0] == 1  # NORMAL
    assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert conn.execute("PRAGMA busy_timeout").fetchone()[0] == 1234
    conn.close()


def test_write_takes_the_write_lock_at_begin(path):
    first = database.connect(path, busy_timeout_ms=50)
    second = database.connect(path, busy_timeout_ms=50)
    with database.write(first):
        # Even before `first` writes anything, a second writer cannot start.
        with pytest.raises(sqlite3.OperationalError, match="locked"):
            with database.write(second):
                pass
    first.close()
    second.close()


def test_concurrent_writers_wait_instead_of_failing(path):
    errors = []

    def writer(k):
        conn = database.connect(path, busy_timeout_ms=5000)
        try:
            for i in range(20):
                with database.write(conn):
                    count = conn.execute("SELECT count(*) FROM t").fetchone()[0]
                    time.sleep(0.001)
                    conn.execute("INSERT INTO t (n) VALUES (?)", [count])
        except Exception as exc:  # pragma: no cover - the assertion below reports it
            errors.append(exc)
        finally:
            conn.close()

    threads = [threading.Thread(target=writer, args=(k,)) for k in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    conn = database.connect(path)
    assert errors == []
    # Each insert saw every earlier one: the read-then-write happened under the lock.
    assert [row[0] for row in conn.execute("SELECT n FROM t ORDER BY rowid")] == list(range(80))


def test_write_rolls_back_on_error_and_nests_as_savepoint(path):
    conn = database.connect(path)
    with pytest.raises(ZeroDivisionError):
        with database.write(conn):
            conn.execute("INSERT INTO t (n) VALUES (1)")
            1 / 0
    assert conn.execute("SELECT count(*) FROM t").fetchone()[0] == 0
    with database.write(conn):
        conn.execute("INSERT INTO t (n) VALUES (1)")
        with pytest.raises(ValueError):
            with database.write(conn):
                conn.execute("INSERT INTO t (n) VALUES (2)")
                raise ValueError
    assert [r[0] for r in conn.execute("SELECT n FROM t")] == [1]


def test_online_backup_copies_a_database_that_is_being_written(path, tmp_path):
    conn = database.connect(path)
    with database.write(conn):
        conn["t"].insert_all({"n": i} for i in range(500))
    writer = database.connect(path)
    writer.execute("BEGIN IMMEDIATE")
    writer.execute("INSERT INTO t (n) VALUES (-1)")  # uncommitted: not in the backup
    target = str(tmp_path / "copy.sqlite3")
    database.backup(path, target)
    writer.execute("ROLLBACK")
    copy = sqlite3.connect(target)
    assert copy.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert copy.execute("SELECT count(*), min(n) FROM t").fetchone() == (500, 0)
