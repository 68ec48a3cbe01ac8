"""People, roles, teams and partner organisations in the database."""

from __future__ import annotations

import secrets
from dataclasses import dataclass

import sqlite_utils

from .. import clock
from ..db import one_row, write
from ..domain.permissions import Actor, validate_roles


@dataclass(frozen=True)
class Person:
    """The signed-in person as flask-login sees them."""

    id: str
    email: str
    display_name: str
    status: str
    roles: frozenset[str]
    user_handle: bytes
    team_id: str | None = None
    organisation_id: str | None = None

    # flask-login's interface
    is_authenticated = True
    is_anonymous = False

    @property
    def is_active(self) -> bool:
        return self.status == "active"

    def get_id(self) -> str:
        return self.id

    @property
    def actor(self) -> Actor:
        return Actor(self.id, self.roles, self.team_id, self.organisation_id)

    def has(self, role: str) -> bool:
        return role in self.roles


def new_id() -> str:
    return secrets.token_urlsafe(12)


def get_person(db: sqlite_utils.Database, person_id: str) -> Person | None:
    data = one_row(db, "SELECT * FROM person WHERE id = ?", [person_id])
    if data is None:
        return None
    roles = frozenset(r[0] for r in db.execute("SELECT role FROM person_role WHERE person_id = ?", [person_id]))
    return Person(
        id=data["id"], email=data["email"], display_name=data["display_name"], status=data["status"],
        roles=roles, user_handle=data["user_handle"], team_id=data["team_id"],
        organisation_id=data["organisation_id"],
    )


def person_by_email(db: sqlite_utils.Database, email: str) -> Person | None:
    row = db.execute("SELECT id FROM person WHERE email = ?", [email.strip()]).fetchone()
    return get_person(db, row[0]) if row else None


def create_person(
    db: sqlite_utils.Database, email: str, display_name: str, roles: set[str], *,
    team_id: str | None = None, organisation_id: str | None = None, status: str = "invited",
    awaiting_grant: bool = False,
) -> Person:
    """`awaiting_grant`: the roles asked for wait for a second administrator (admin/grants.py), so
    the person may start with none of them."""
    roles = frozenset() if awaiting_grant and not roles else validate_roles(roles, organisation_id)
    person_id = new_id()
    with write(db):
        db["person"].insert({
            "id": person_id, "email": email.strip(), "display_name": display_name.strip(),
            "user_handle": secrets.token_bytes(32), "organisation_id": organisation_id,
            "team_id": team_id, "status": status, "created_at": clock.stamp(), "disabled_at": None,
        })
        db["person_role"].insert_all({"person_id": person_id, "role": role} for role in sorted(roles))
    return get_person(db, person_id)


def set_roles(db: sqlite_utils.Database, person_id: str, roles: set[str], organisation_id: str | None) -> None:
    roles = validate_roles(roles, organisation_id)
    with write(db):
        db.execute("DELETE FROM person_role WHERE person_id = ?", [person_id])
        db["person_role"].insert_all({"person_id": person_id, "role": role} for role in sorted(roles))
        db.execute("UPDATE person SET organisation_id = ? WHERE id = ?", [organisation_id, person_id])


def set_team(db: sqlite_utils.Database, person_id: str, team_id: str | None) -> None:
    with write(db):
        db.execute("UPDATE person SET team_id = ? WHERE id = ?", [team_id, person_id])


def activate(db: sqlite_utils.Database, person_id: str) -> None:
    with write(db):
        db.execute("UPDATE person SET status = 'active' WHERE id = ? AND status = 'invited'", [person_id])


def disable(db: sqlite_utils.Database, person_id: str) -> None:
    from .sessions import end_sessions

    with write(db):
        db.execute("UPDATE person SET status = 'disabled', disabled_at = ? WHERE id = ?", [clock.stamp(), person_id])
        end_sessions(db, "person_disabled", person_id=person_id)


def enable(db: sqlite_utils.Database, person_id: str) -> None:
    """Back to active, or to invited if they never registered a passkey. Confirmed wipes of
    their devices not carried out yet are withdrawn."""
    with write(db):
        db.execute("UPDATE device SET wipe_confirmed_at = NULL, wipe_confirmed_by = NULL, wipe_confirmed_count = NULL "
                   "WHERE person_id = ? AND wiped_at IS NULL", [person_id])
        db.execute(
            "UPDATE person SET disabled_at = NULL, status = CASE WHEN EXISTS "
            "(SELECT 1 FROM credential WHERE person_id = person.id) THEN 'active' ELSE 'invited' END "
            "WHERE id = ? AND status = 'disabled'", [person_id])


def all_people(db: sqlite_utils.Database) -> list[dict]:
    return list(db.query(
        """SELECT p.*, group_concat(r.role) AS roles, t.name AS team_name, o.name AS organisation_name
           FROM person p LEFT JOIN person_role r ON r.person_id = p.id
           LEFT JOIN team t ON t.id = p.team_id LEFT JOIN organisation o ON o.id = p.organisation_id
           GROUP BY p.id ORDER BY p.display_name"""
    ))


def create_organisation(db: sqlite_utils.Database, name: str, kind: str, legal_basis: str) -> str:
    org_id = new_id()
    with write(db):
        db["organisation"].insert({"id": org_id, "name": name.strip(), "kind": kind,
                                   "legal_basis": legal_basis.strip(), "created_at": clock.stamp()})
    return org_id


def create_team(db: sqlite_utils.Database, name: str) -> str:
    team_id = new_id()
    with write(db):
        db["team"].insert({"id": team_id, "name": name.strip(), "created_at": clock.stamp()})
    return team_id


def all_organisations(db: sqlite_utils.Database) -> list[dict]:
    return list(db.query("SELECT * FROM organisation ORDER BY name"))


def all_teams(db: sqlite_utils.Database) -> list[dict]:
    return list(db.query("SELECT * FROM team ORDER BY name"))
