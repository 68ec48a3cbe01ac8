"""The help network's directory in the database (issue 21)."""

from __future__ import annotations

import json
import secrets

from .. import clock
from ..db import one_row, write

FIELDS = ("name", "kind", "street", "postcode", "city", "opening_hours", "phone", "email", "languages",
          "waiting_weeks", "accepts_data_referrals", "organisation_id", "note", "active")


def _decoded(row: dict | None) -> dict | None:
    if row is not None:
        row["languages"] = json.loads(row["languages"])
    return row


def directory(db, *, include_inactive: bool = False) -> list[dict]:
    """Every service, by kind and name (a centre's directory holds dozens, not thousands)."""
    where = "" if include_inactive else "WHERE s.active = 1"
    return [_decoded(dict(r)) for r in db.query(
        f"""SELECT s.*, o.name AS organisation_name FROM service s LEFT JOIN organisation o ON o.id = s.organisation_id
            {where} ORDER BY s.active DESC, s.kind, s.name""")]


def get(db, service_id: str) -> dict | None:
    if len(service_id) > 40:
        return None
    return _decoded(one_row(db, "SELECT * FROM service WHERE id = ?", [service_id]))


def _row(values: dict) -> dict:
    return {**{name: values[name] for name in FIELDS}, "languages": json.dumps(values["languages"]),
            "accepts_data_referrals": int(bool(values["accepts_data_referrals"])), "active": int(bool(values["active"]))}


def create(db, values: dict, *, by: str | None) -> str:
    service_id = secrets.token_urlsafe(12)
    now = clock.stamp()
    with write(db):
        db["service"].insert({"id": service_id, **_row(values), "created_by": by, "created_at": now,
                              "updated_at": now})
    return service_id


def update(db, service_id: str, values: dict) -> None:
    with write(db):
        db["service"].update(service_id, {**_row(values), "updated_at": clock.stamp()})
