"""When a person last opened a case's page: an authority's or a service's answer that came after
it waits on their "for you" list until they look (areas join `case_look` in their own queries
through `SINCE_LOOK`)."""

from __future__ import annotations

from .. import clock

# For an area's query on its own answers: `… LEFT JOIN case_look l ON l.case_id = <alias>.case_id
# AND l.person_id = ? WHERE <answered_at> > coalesce(l.looked_at, '')` — the joined condition.
SINCE_LOOK = "LEFT JOIN case_look l ON l.case_id = c.id AND l.person_id = ?"


def record(db, person_id: str, case_id: str) -> None:
    db.execute("INSERT INTO case_look (person_id, case_id, looked_at) VALUES (?, ?, ?) "
               "ON CONFLICT(person_id, case_id) DO UPDATE SET looked_at = excluded.looked_at",
               [person_id, case_id, clock.stamp()])
