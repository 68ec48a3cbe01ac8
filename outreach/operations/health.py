"""Is the server alive, and may it take work (issue 24)?

`/healthz` says only that the process answers (no database, no personal data, no sign-in).
`/readyz` and `outreach check` run the readiness checks: the database is writable (a write is
tried on a connection of its own and rolled back), every migration has run, the evidence key is
loaded, and — with replication on — the replica is no further behind than the threshold. Each
check names what failed, never any record."""

from __future__ import annotations

from dataclasses import dataclass

from .. import db as database
from .. import migrations
from ..config import evidence_key


@dataclass(frozen=True)
class Check:
    name: str
    ok: bool
    detail: str = ""


def database_checks(path: str, busy_timeout_ms: int) -> list[Check]:
    """On one connection of its own: a write tried and rolled back, and the migrations waiting."""
    try:
        db = database.connect(path, busy_timeout_ms)
    except Exception as error:  # noqa: BLE001 — any failure to open: neither can be said
        return [Check("database_writable", False, type(error).__name__),
                Check("migrations_current", False, type(error).__name__)]
    try:
        return [_writable(db), _migrations_current(db)]
    finally:
        db.close()


def _writable(db) -> Check:
    try:
        db.conn.execute("BEGIN IMMEDIATE")
        try:
            db.conn.execute("UPDATE meta SET value = value WHERE key = 'application'")
        finally:
            db.conn.execute("ROLLBACK")
        return Check("database_writable", True)
    except Exception as error:  # noqa: BLE001 — read-only file, full disk, locked too long, no schema …
        return Check("database_writable", False, str(error)[:120])


def _migrations_current(db) -> Check:
    try:
        waiting = migrations.pending(db)
    except Exception as error:  # noqa: BLE001
        return Check("migrations_current", False, str(error)[:120])
    return Check("migrations_current", not waiting, f"{len(waiting)} pending" if waiting else "")


def evidence_key_loaded(config) -> Check:
    try:
        key = evidence_key(config)
    except Exception as error:  # noqa: BLE001 — an unreadable key ring is not a loaded key
        return Check("evidence_key_loaded", False, type(error).__name__)
    return Check("evidence_key_loaded", len(key) >= 32, "" if len(key) >= 32 else "missing or too short")


def replication_current(config, lag_seconds: float | None) -> Check | None:
    if not config.get("REPLICA_URL"):
        return None
    limit = float(config["READY_MAX_REPLICATION_LAG_SECONDS"])
    if lag_seconds is None:
        return Check("replication_current", False, "replica not readable")
    return Check("replication_current", lag_seconds <= limit, f"lag {lag_seconds:.1f} s (limit {limit:g} s)")


def readiness(config) -> list[Check]:
    from . import replication

    path, timeout = config["DATABASE_PATH"], config["SQLITE_BUSY_TIMEOUT_MS"]
    found = [*database_checks(path, timeout), evidence_key_loaded(config)]
    replicated = replication_current(config, replication.lag_seconds(config) if config.get("REPLICA_URL") else None)
    return found + ([replicated] if replicated else [])


def as_json(found: list[Check]) -> dict:
    return {"status": "ready" if all(c.ok for c in found) else "not_ready",
            "checks": {c.name: {"ok": c.ok, **({"detail": c.detail} if c.detail else {})} for c in found}}
