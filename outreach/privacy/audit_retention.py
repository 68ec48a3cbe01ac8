"""The audit log's own retention (issue 23): its lines hold IP addresses and browsers, so they are
removed RETENTION_AUDIT_LOG_YEARS after they were written (`outreach prune`, daily in `serve`);
the chain still verifies from the first line kept (audit.prune). The WAL is truncated too, so
nothing removed that day stays in it."""

from __future__ import annotations

from datetime import datetime

from .. import audit, clock
from ..domain.outcomes import add_months
from .anonymise import truncate_wal


def prune(db, now: datetime, config) -> dict[str, int]:
    day = add_months(now.date(), -12 * int(config["RETENTION_AUDIT_LOG_YEARS"]))  # 29 February: the 28th
    before = datetime.combine(day, now.timetz())
    removed = audit.prune(db, clock.stamp(before))
    return {"lines": removed, "wal_truncated": int(truncate_wal(config["DATABASE_PATH"],
                                                                 config.get("SQLITE_BUSY_TIMEOUT_MS", 5000)))}
