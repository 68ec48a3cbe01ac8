"""SQLite through sqlite-utils: one connection per request, WAL, writes in BEGIN IMMEDIATE."""

from __future__ import annotations

import contextlib
import sqlite3
import threading
from collections.abc import Iterator

import sqlite_utils
from flask import current_app, g


# One writer at a time per database file and process, queued on a lock instead of SQLite's busy
# handler: that handler sleeps in growing steps (up to 100 ms) while it waits, so under many
# concurrent writers the unlucky waited hundreds of milliseconds after the lock was free (the
# tail of the 50-device benchmark). Threads blocked on this lock wake as soon as it is released.
# Other processes (the CLI, a second server) are still kept apart by SQLite's own lock.
_writers: dict[str, threading.RLock] = {}
_writers_guard = threading.Lock()


def writer_lock(path: str) -> threading.RLock:
    if path == ":memory:":
        return threading.RLock()  # a database of its own
    with _writers_guard:
        return _writers.setdefault(path, threading.RLock())


def connect(path: str, busy_timeout_ms: int = 5000) -> sqlite_utils.Database:
    """Open the database with the settings every connection needs."""
    # isolation_level=None: no implicit transactions; writers open their own with write().
    conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    conn.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
    if path != ":memory:":
        conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = NORMAL")
    conn.execute("PRAGMA foreign_keys = ON")
    db = sqlite_utils.Database(conn)
    db.writer_lock, db.busy_timeout_s = writer_lock(path), busy_timeout_ms / 1000
    return db


@contextlib.contextmanager
def write(db: sqlite_utils.Database) -> Iterator[sqlite_utils.Database]:
    """A write transaction that takes the write lock up front.

    BEGIN IMMEDIATE makes concurrent writers wait (busy timeout) instead of failing when a
    deferred read transaction tries to upgrade. Nested calls become savepoints.
    """
    if db.conn.in_transaction:
        with db.atomic():
            yield db
        return
    lock = getattr(db, "writer_lock", None) or threading.RLock()
    if not lock.acquire(timeout=getattr(db, "busy_timeout_s", 5.0)):
        raise sqlite3.OperationalError("database is locked")  # as SQLite says it after its busy timeout
    try:
        db.conn.execute("BEGIN IMMEDIATE")
        try:
            yield db
        except BaseException:
            if db.conn.in_transaction:
                db.conn.execute("ROLLBACK")
            raise
        db.conn.execute("COMMIT")
    finally:
        lock.release()


def get_db() -> sqlite_utils.Database:
    """The request's connection, opened on first use and closed at teardown."""
    if "db" not in g:
        g.db = connect(current_app.config["DATABASE_PATH"], current_app.config["SQLITE_BUSY_TIMEOUT_MS"])
    return g.db


def close_db(_exc=None) -> None:
    db = g.pop("db", None)
    if db is not None:
        db.close()


def backup(source_path: str, target_path: str) -> None:
    """Copy a live database with SQLite's online backup (consistent while others write)."""
    source = sqlite3.connect(source_path)
    target = sqlite3.connect(target_path)
    try:
        with target:
            source.backup(target)
    finally:
        target.close()
        source.close()


def one_row(db: sqlite_utils.Database, sql: str, params=()) -> dict | None:
    """The first row of a query as a dict, or None."""
    return next(iter(db.query(sql, params)), None)


def insert_row(db: sqlite_utils.Database, table: str, row: dict) -> None:
    """One plain INSERT. sqlite-utils' insert() first reads the table's schema (several statements
    per row); on the sync path, where every mutation writes four rows, that was most of the cost."""
    names = list(row)
    columns = ", ".join(f'"{name}"' for name in names)
    db.execute(f'INSERT INTO "{table}" ({columns}) VALUES ({", ".join("?" for _ in names)})',
               [row[name] for name in names])


def get_meta(db: sqlite_utils.Database, key: str, default: str | None = None) -> str | None:
    if not db["meta"].exists():
        return default
    row = db.execute("SELECT value FROM meta WHERE key = ?", [key]).fetchone()
    return row[0] if row else default


def set_meta(db: sqlite_utils.Database, key: str, value: str) -> None:
    with write(db):
        db.execute(
            "INSERT INTO meta (key, value) VALUES (?, ?) "
            "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            [key, value],
        )


def init_app(app) -> None:
    app.teardown_appcontext(close_db)
