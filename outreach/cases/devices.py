"""Which cases went to which device: the server's own record behind sync promise 4 (a mutation
for a case reassigned since the device received it is applied and flagged, not refused)."""

from __future__ import annotations

from .. import clock
from ..db import one_row
from ..domain import sync as rules


def record_case_on_device(db, case_id: str, device_id: str | None, person_id: str) -> None:
    """The server's own record that this device received this case (for promise 4)."""
    if not device_id:
        return
    db.execute("INSERT INTO case_on_device (case_id, device_id, person_id, received_at) VALUES (?, ?, ?, ?) "
               "ON CONFLICT(case_id, device_id, person_id) DO UPDATE SET received_at = excluded.received_at",
               [case_id, device_id, person_id, clock.stamp()])


def route_facts(db, case_id: str, device_id: str, person_id: str) -> rules.RouteFacts:
    receipt = one_row(db, "SELECT received_at FROM case_on_device WHERE case_id = ? AND device_id = ? AND person_id = ?",
                      [case_id, device_id, person_id])
    assignments = [rules.Assignment(row["worker_id"], clock.parse_stamp(row["assigned_at"]))
                   for row in db.query("SELECT worker_id, assigned_at FROM case_assignment WHERE case_id = ? "
                                       "ORDER BY id", [case_id])]
    return rules.RouteFacts(clock.parse_stamp(receipt["received_at"]) if receipt else None, assignments)
