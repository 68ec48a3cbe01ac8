"""Separation of duties (issue 23): a change of roles or team that one administrator may not make
alone (domain/permissions.grant_needs_second_admin) waits here as a pending grant until another
administrator — not the one who asked, not the one who would receive it — confirms or refuses it,
or `outreach grants confirm` does on the server (an installation with one administrator). A grant
is applied only onto the state it was asked for: if the person changed meanwhile, it is refused."""

from __future__ import annotations

import json
import secrets

from .. import clock
from ..auth.people import get_person, set_roles, set_team
from ..db import one_row, write
from ..domain.permissions import may_decide_grant


class GrantRefused(Exception):
    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason  # pending_exists · not_pending · own_grant · changed_since


def roles_state(person) -> dict:
    return {"roles": sorted(person.roles), "organisation": person.organisation_id}


def request(db, person_id: str, kind: str, before: dict | str | None, after: dict | str | None, by: str | None) -> str:
    grant_id = secrets.token_urlsafe(12)
    with write(db):
        if one_row(db, "SELECT id FROM role_grant WHERE person_id = ? AND kind = ? AND state = 'pending'",
                   [person_id, kind]):
            raise GrantRefused("pending_exists")
        db["role_grant"].insert({"id": grant_id, "person_id": person_id, "kind": kind, "before": json.dumps(before),
                                 "after": json.dumps(after), "requested_by": by, "requested_at": clock.stamp(),
                                 "state": "pending", "decided_by": None, "decided_at": None})
    return grant_id


def get(db, grant_id: str) -> dict | None:
    row = one_row(db, "SELECT * FROM role_grant WHERE id = ?", [grant_id]) if len(grant_id) <= 40 else None
    return _read(row) if row else None


def _read(row: dict) -> dict:
    return {**row, "before": json.loads(row["before"]), "after": json.loads(row["after"])}


def pending(db, person_id: str | None = None) -> list[dict]:
    where, params = ("AND g.person_id = ?", [person_id]) if person_id else ("", [])
    return [_read(row) for row in db.query(
        f"""SELECT g.*, p.display_name AS person_name, r.display_name AS requester_name FROM role_grant g
            JOIN person p ON p.id = g.person_id LEFT JOIN person r ON r.id = g.requested_by
            WHERE g.state = 'pending' {where} ORDER BY g.requested_at""", params)]


def recent(db, limit: int = 50) -> list[dict]:
    return [_read(row) for row in db.query(
        """SELECT g.*, p.display_name AS person_name, r.display_name AS requester_name,
                  d.display_name AS decider_name FROM role_grant g JOIN person p ON p.id = g.person_id
           LEFT JOIN person r ON r.id = g.requested_by LEFT JOIN person d ON d.id = g.decided_by
           WHERE g.state != 'pending' ORDER BY g.decided_at DESC LIMIT ?""", [limit])]


def decidable_ids(db, actor_id: str) -> list[str]:
    """The pending grants this administrator may decide (for "for you")."""
    return [row[0] for row in db.execute("SELECT id, requested_by, person_id FROM role_grant WHERE state = 'pending'")
            if may_decide_grant(actor_id, row[1], row[2])]


def confirm(db, grant_id: str, by: str) -> dict:
    """Applies the grant (onto the state it was asked for) and marks it confirmed."""
    with write(db):
        grant = _pending(db, grant_id, by)
        person = get_person(db, grant["person_id"])
        if grant["kind"] == "roles":
            if roles_state(person) != grant["before"]:
                raise GrantRefused("changed_since")
            set_roles(db, person.id, set(grant["after"]["roles"]), grant["after"]["organisation"])
        else:
            if person.team_id != grant["before"] or (grant["after"] and "partner" in person.roles):
                raise GrantRefused("changed_since")
            set_team(db, person.id, grant["after"])
        _end(db, grant_id, "confirmed", by)
    return grant


def refuse(db, grant_id: str, by: str) -> dict:
    with write(db):
        grant = _pending(db, grant_id, by)
        _end(db, grant_id, "refused", by)
    return grant


def withdraw(db, grant_id: str, by: str) -> dict:
    """The one who asked takes it back."""
    with write(db):
        grant = get(db, grant_id)
        if grant is None or grant["state"] != "pending" or grant["requested_by"] != by:
            raise GrantRefused("not_pending")
        _end(db, grant_id, "withdrawn", by)
    return grant


def _pending(db, grant_id: str, by: str) -> dict:
    grant = get(db, grant_id)
    if grant is None or grant["state"] != "pending":
        raise GrantRefused("not_pending")
    if by != "cli" and not may_decide_grant(by, grant["requested_by"], grant["person_id"]):
        raise GrantRefused("own_grant")
    return grant


def _end(db, grant_id: str, state: str, by: str) -> None:
    db.execute("UPDATE role_grant SET state = ?, decided_by = ?, decided_at = ? WHERE id = ?",
               [state, None if by == "cli" else by, clock.stamp(), grant_id])


def active_admins(db) -> int:
    return db.execute("""SELECT count(*) FROM person p JOIN person_role r ON r.person_id = p.id
                         WHERE r.role = 'admin' AND p.status != 'disabled'""").fetchone()[0]


def team_names(db) -> dict[str, str]:
    return dict(db.execute("SELECT id, name FROM team").fetchall())
