"""Operational data kept no longer than it is needed (issue 23): areas register a pruner
`(db, now, config) -> {what: count}`; `outreach prune` and a daily thread of `outreach serve` run
them all and write one audit line with the counts (never what was removed). Knows no area.

The periods are settings (README "Configuration"); the case files' own retention is another
step of the issue."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from datetime import datetime

from . import audit, clock
from . import db as database

_PRUNERS: dict[str, Callable] = {}
log = logging.getLogger(__name__)
DAY_SECONDS = 24 * 3600


def register(name: str, pruner: Callable) -> None:
    _PRUNERS[name] = pruner


def prune(db, config, now: datetime | None = None) -> dict[str, int]:
    """Every pruner once; one audit line with what each removed (counts only)."""
    now = now or clock.now()
    counts: dict[str, int] = {}
    for name in sorted(_PRUNERS):
        for what, count in _PRUNERS[name](db, now, config).items():
            counts[f"{name}.{what}"] = count
    audit.append(db, "retention.pruned", actor_id="system", details=counts, device_id="", ip="", user_agent="prune")
    return counts


def run(app, now: datetime | None = None) -> dict[str, int]:
    with app.app_context():
        db = database.connect(app.config["DATABASE_PATH"], app.config["SQLITE_BUSY_TIMEOUT_MS"])
        try:
            return prune(db, app.config, now)
        finally:
            db.close()


def start_daily(app) -> threading.Thread:
    """`outreach serve` prunes once at start and then every day (a failed run is logged and retried the next day)."""
    def loop():
        stop = threading.Event()
        while True:
            try:
                run(app)
            except Exception:  # noqa: BLE001 — logged; tomorrow's run tries again
                log.exception("Pruning operational data failed")
            if stop.wait(DAY_SECONDS):
                return

    thread = threading.Thread(target=loop, name="outreach-prune", daemon=True)
    thread.start()
    return thread
