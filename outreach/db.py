"""SQLite through sqlite-utils: one connection per request, WAL, writes in BEGIN IMMEDIATE."""

from __future__ import annotations

import contextlib
import os
import sqlite3
import threading
from collections.abc import Callable, Iterator

import sqlite_utils
from flask import current_app, g, has_request_context, request


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
    # What is deleted or overwritten is overwritten with zeros in the file, not left in free space:
    # an anonymised case leaves no personal value in the database file (issue 23, docs/privacy.md).
    conn.execute("PRAGMA secure_delete = ON")
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
    unit = _request_unit(db)  # a changing request: its transaction ends with the request (below)
    lock = getattr(db, "writer_lock", None) or threading.RLock()
    if not lock.acquire(timeout=getattr(db, "busy_timeout_s", 5.0)):
        raise sqlite3.OperationalError("database is locked")  # as SQLite says it after its busy timeout
    held = True
    try:
        db.conn.execute("BEGIN IMMEDIATE")
        try:
            yield db
        except BaseException:
            if db.conn.in_transaction:
                db.conn.execute("ROLLBACK")
            raise
        if unit:
            g.unit_open, held = True, False  # committed and released by _end_request_unit
            return
        db.conn.execute("COMMIT")
    finally:
        if held:
            lock.release()


# Requests borrow connections from a small pool instead of opening one each: a new connection
# parses the whole schema on its first statement and the last one to close checkpoints the WAL,
# together about 1 ms of a 4.5 ms sync request (the 50-device benchmark). A connection is only
# returned after a clean request, with no transaction open and its hooks cleared; it is dropped
# when the file at its path was replaced (another inode) and the pool keeps few files at a time.
POOL_PER_FILE = 8
POOL_FILES = 4
_pool: dict[tuple, list[tuple[tuple[int, int], sqlite_utils.Database]]] = {}
_pool_guard = threading.Lock()


def _identity(path: str) -> tuple[int, int] | None:
    try:
        found = os.stat(path)
    except OSError:
        return None
    return found.st_dev, found.st_ino


_request_tracers: list[Callable[[str], None]] = []


@contextlib.contextmanager
def trace_requests(callback: Callable[[str], None]) -> Iterator[None]:
    """While active, every connection lent to a request reports its statements to `callback`
    (benchmarks and the query-plan tests count and explain them)."""
    _request_tracers.append(callback)
    try:
        yield
    finally:
        _request_tracers.remove(callback)


def borrow(path: str, busy_timeout_ms: int) -> sqlite_utils.Database:
    """A pooled connection to the file at `path`, or a new one."""
    db = _pooled(path, busy_timeout_ms) or connect(path, busy_timeout_ms)
    db.pool_key = (path, busy_timeout_ms)
    if _request_tracers:
        db.conn.set_trace_callback(_request_tracers[-1])
    return db


def _pooled(path: str, busy_timeout_ms: int) -> sqlite_utils.Database | None:
    identity, stale, found = _identity(path), [], None
    with _pool_guard:
        idle = _pool.get((path, busy_timeout_ms), [])
        while idle and found is None:
            held, db = idle.pop()
            if held == identity and _open(db):
                found = db
            else:
                stale.append(db)
    _drop(stale)
    return found


def give_back(db: sqlite_utils.Database) -> None:
    """Return a borrowed connection: cleared and pooled, or closed when it cannot be reused."""
    key = getattr(db, "pool_key", None)
    identity = _identity(key[0]) if key else None
    try:
        if db.conn.in_transaction:
            db.conn.execute("ROLLBACK")
        db.conn.set_trace_callback(None)
        db.conn.set_progress_handler(None, 0)
        db.conn.set_authorizer(None)
    except sqlite3.Error:
        identity = None
    if identity is None:
        db.close()
        return
    evicted = []
    with _pool_guard:
        idle = _pool.pop(key, [])  # re-inserted last: the dict's order is the files' recency
        if len(idle) < POOL_PER_FILE:
            idle.append((identity, db))
        else:
            evicted.append(db)
        _pool[key] = idle
        while len(_pool) > POOL_FILES:
            oldest = next(iter(_pool))
            evicted.extend(conn for _identity_, conn in _pool.pop(oldest))
    _drop(evicted)


def file_identity(db: sqlite_utils.Database) -> tuple[str, int, int] | None:
    """Which file a connection has open (path, device, inode), for caches kept per database; None
    for a database in memory."""
    path = getattr(db, "pool_key", (None,))[0]
    if path is None:
        row = db.conn.execute("PRAGMA database_list").fetchone()
        path = row[2] if row else ""
    identity = _identity(path) if path and path != ":memory:" else None
    return (path, *identity) if identity else None


def _open(db: sqlite_utils.Database) -> bool:
    try:
        db.conn.total_changes  # noqa: B018 — raises on a connection someone closed
    except sqlite3.ProgrammingError:
        return False
    return True


def _drop(connections: list[sqlite_utils.Database]) -> None:
    for db in connections:
        with contextlib.suppress(sqlite3.Error):
            db.close()


def get_db() -> sqlite_utils.Database:
    """The request's connection, borrowed on first use and given back at teardown."""
    if "db" not in g:
        g.db = borrow(current_app.config["DATABASE_PATH"], current_app.config["SQLITE_BUSY_TIMEOUT_MS"])
    return g.db


def close_db(exc=None) -> None:
    db = g.pop("db", None)
    if db is None:
        return
    if exc is not None:
        db.close()  # a failed request may leave a cursor (and its snapshot) behind in a traceback
    else:
        give_back(db)  # closes what cannot be pooled (a database in memory, a replaced file)


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
    """The first row of a SELECT as a dict, or None. Straight through the connection: sqlite-utils'
    query() wraps every statement in a savepoint of its own (three statements for one read), and
    the look-ups every request makes (session, person, passkey, device) are read this way."""
    cursor = db.conn.execute(sql, params)
    try:
        row = cursor.fetchone()
        return None if row is None else dict(zip([column[0] for column in cursor.description], row))
    finally:
        cursor.close()


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


# A request that changes something is one transaction (issue 23): its first write begins it and
# the end of the request commits it, so a change and its audit line are stored together or not at
# all. Later writes in the request are savepoints of it (a caught failure undoes only its own).
# An exception anywhere in the request rolls everything back. Reads (GET) commit each write.
CHANGING = frozenset({"POST", "PUT", "PATCH", "DELETE"})


def _request_unit(db) -> bool:
    return has_request_context() and g.get("unit_wanted", False) and g.get("db") is db


def _end_request_unit(*, commit: bool) -> None:
    g.unit_wanted = False  # what the request writes after its answer (the session) commits on its own
    if not g.pop("unit_open", False):
        return
    db = g.get("db")
    try:
        if db is not None and db.conn.in_transaction:
            db.conn.execute("COMMIT" if commit else "ROLLBACK")
    finally:
        if db is not None:
            db.writer_lock.release()


def init_app(app) -> None:
    @app.before_request
    def begin_unit():
        g.unit_wanted = request.method in CHANGING

    @app.after_request
    def commit_unit(response):
        _end_request_unit(commit=not g.get("unit_failed", False))
        return response

    @app.teardown_request
    def roll_back_unit(exc=None):
        if g.get("unit_open"):  # the request ended with an exception before its answer
            _end_request_unit(commit=False)

    app.teardown_appcontext(close_db)


def mark_request_failed() -> None:
    """An unexpected error is answered (500): what the request wrote is rolled back."""
    if has_request_context():
        g.unit_failed = True
