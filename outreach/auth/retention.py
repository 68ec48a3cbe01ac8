"""How long sign-in data is kept (issue 23): signed-in sessions with their IP address and browser
some months after they ended, challenges a day, and the devices of people who left or that were
revoked — their browser name, which cases they held and their push subscription — a year after
their last contact. The device row itself stays (the audit log and old records name its random id)."""

from __future__ import annotations

from datetime import datetime, timedelta

from .. import clock, retention
from ..db import write
from . import leaving, sessions


def prune(db, now: datetime, config) -> dict[str, int]:
    sessions_before = clock.stamp(now - timedelta(days=int(config["RETENTION_SESSIONS_DAYS"])))
    devices_before = clock.stamp(now - timedelta(days=int(config["RETENTION_DEVICES_DAYS"])))
    with write(db):
        counts = sessions.prune(db, now)
        signed_in = db.execute("DELETE FROM web_session WHERE kind != 'anonymous' AND coalesce(ended_at, expires_at) "
                               "< ?", [sessions_before]).rowcount
        gone = [row[0] for row in db.execute(
            """SELECT d.id FROM device d LEFT JOIN person p ON p.id = d.person_id
               WHERE (d.revoked_at IS NOT NULL OR p.status = 'disabled')
               AND coalesce(d.last_contact_at, d.created_at) < ? AND (d.user_agent != ''
                   OR EXISTS (SELECT 1 FROM case_on_device c WHERE c.device_id = d.id))""", [devices_before])]
        for device_id in gone:
            db.execute("UPDATE device SET user_agent = '' WHERE id = ?", [device_id])
            db.execute("DELETE FROM case_on_device WHERE device_id = ?", [device_id])
            leaving.device_left(db, device_id, "retention")
    return {**counts, "sessions": signed_in, "devices_cleared": len(gone)}


retention.register("auth", prune)
