"""Requests borrow pooled connections: reused when safe, never stale, never dirty, bounded."""

from __future__ import annotations

import os
import sqlite3

import pytest
from flask import Flask

from outreach import db as database


@pytest.fixture
def path(tmp_path):
    path = str(tmp_path / "pool.sqlite3")
    conn = database.connect(path)
    conn.execute("CREATE TABLE t (n INTEGER)")
    conn.close()
    return path


def test_a_connection_given_back_is_lent_again(path):
    first = database.borrow(path, 5000)
    database.give_back(first)
    assert database.borrow(path, 5000) is first


def test_an_open_transaction_is_rolled_back_and_hooks_are_cleared(path):
    db = database.borrow(path, 5000)
    seen = []
    db.conn.set_trace_callback(seen.append)
    db.conn.execute("BEGIN IMMEDIATE")
    db.conn.execute("INSERT INTO t (n) VALUES (1)")
    database.give_back(db)
    again = database.borrow(path, 5000)
    assert again is db and not again.conn.in_transaction
    before = len(seen)
    assert again.execute("SELECT count(*) FROM t").fetchone()[0] == 0  # the half-done write is gone
    assert len(seen) == before  # nobody listens any more
    other = database.connect(path, busy_timeout_ms=50)
    with database.write(other):  # and the write lock is free
        other.execute("INSERT INTO t (n) VALUES (2)")
    other.close()
    assert again.execute("SELECT count(*) FROM t").fetchone()[0] == 1  # sees the others' commits


def test_a_replaced_file_gets_a_new_connection_not_the_old_data(path):
    db = database.borrow(path, 5000)
    db.execute("INSERT INTO t (n) VALUES (7)")
    database.give_back(db)
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(path + suffix):
            os.remove(path + suffix)
    fresh = database.connect(path)
    fresh.execute("CREATE TABLE t (n INTEGER)")
    fresh.close()
    again = database.borrow(path, 5000)
    assert again is not db
    assert again.execute("SELECT count(*) FROM t").fetchone()[0] == 0
    with pytest.raises(sqlite3.ProgrammingError):
        db.execute("SELECT 1")  # the stale one was closed, not leaked


def test_a_connection_someone_closed_is_not_lent(path):
    db = database.borrow(path, 5000)
    database.give_back(db)
    db.close()
    again = database.borrow(path, 5000)
    assert again is not db and again.execute("SELECT count(*) FROM t").fetchone()[0] == 0


def test_the_pool_is_bounded_per_file_and_in_files(tmp_path, path):
    lent = [database.borrow(path, 5000) for _ in range(database.POOL_PER_FILE + 3)]
    for db in lent:
        database.give_back(db)
    closed = [db for db in lent if not database._open(db)]
    assert len(closed) == 3
    others = []
    for n in range(database.POOL_FILES):
        other = str(tmp_path / f"other{n}.sqlite3")
        database.connect(other).close()
        others.append(database.borrow(other, 5000))
        database.give_back(others[-1])
    # The least recently used file's connections were closed to make room.
    assert not any(database._open(db) for db in lent)
    assert all(database._open(db) for db in others)


def test_a_failed_request_closes_its_connection_instead_of_pooling_it(path):
    app = Flask(__name__)
    app.config.update(DATABASE_PATH=path, SQLITE_BUSY_TIMEOUT_MS=5000)
    database.init_app(app)

    @app.get("/fails")
    def fails():
        database.get_db().execute("SELECT 1")
        raise RuntimeError("boom")

    @app.get("/works")
    def works():
        return str(id(database.get_db()))

    held = {}

    @app.teardown_appcontext
    def remember(_exc):  # runs before close_db (teardowns run in reverse order)
        from flask import g
        held["db"] = g.get("db")

    app.test_client().get("/fails")
    assert not database._open(held["db"])
    app.test_client().get("/works")
    kept = held["db"]
    assert database._open(kept)
    assert app.test_client().get("/works").text == str(id(kept))
