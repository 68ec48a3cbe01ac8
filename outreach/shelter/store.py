"""Shelter requests, the city's answers and its placements in the database (issue 20)."""

from __future__ import annotations

import json
import secrets
from datetime import date

from .. import clock
from ..db import one_row, write
from ..domain import accommodation as rules

# The city accommodates under Land law (Brandenburg: the Ordnungsbehörde); organisation kind "city".
CITY_KIND = "city"
PURPOSE = "emergency_accommodation"
# What a shelter request carries: who is to be housed (contact) and the household's make-up.
CATEGORIES = ("contact", "household")
PAGE_SIZE = 50


def rows(db, sql, params=()) -> list[dict]:
    return list(db.query(sql, params))


def cities(db) -> list[dict]:
    return rows(db, "SELECT id, name FROM organisation WHERE kind = ? ORDER BY name", [CITY_KIND])


def is_city(db, organisation_id: str | None) -> bool:
    row = one_row(db, "SELECT kind FROM organisation WHERE id = ?", [organisation_id]) if organisation_id else None
    return bool(row) and row["kind"] == CITY_KIND


def create(db, *, case_id: str, organisation_id: str, household_size: int, member_ids: list[str], needs: str,
           needed_on: date, by: str) -> str:
    request_id = secrets.token_urlsafe(12)
    with write(db):
        db["shelter_request"].insert({
            "id": request_id, "case_id": case_id, "organisation_id": organisation_id,
            "household_size": household_size, "member_ids": json.dumps(sorted(member_ids)), "needs": needs,
            "needed_on": needed_on.isoformat(), "state": "sent", "sent_by": by, "sent_at": clock.stamp(),
            "sent_on": clock.berlin_today().isoformat()})
    return request_id


def _decoded(row: dict | None) -> dict | None:
    if row is not None:
        row["member_ids"] = json.loads(row["member_ids"])
    return row


def get(db, request_id: str) -> dict | None:
    if len(request_id) > 40:
        return None
    return _decoded(one_row(db, """SELECT r.*, o.name AS organisation_name, p.id AS placement_id, p.place,
                                   p.begins_on, p.ends_on FROM shelter_request r
                                   JOIN organisation o ON o.id = r.organisation_id
                                   LEFT JOIN placement p ON p.request_id = r.id WHERE r.id = ?""", [request_id]))


def of_case(db, case_id: str) -> list[dict]:
    return [_decoded(r) for r in rows(db, """SELECT r.*, o.name AS organisation_name, p.id AS placement_id, p.place,
                                             p.begins_on, p.ends_on FROM shelter_request r
                                             JOIN organisation o ON o.id = r.organisation_id
                                             LEFT JOIN placement p ON p.request_id = r.id
                                             WHERE r.case_id = ? ORDER BY r.sent_at""", [case_id])]


def inbox(db, organisation_id: str, page: int) -> tuple[list[dict], bool]:
    """The city's shelter requests, waiting ones first, then by the day a place is needed."""
    found = rows(db, """SELECT id, state, household_size, needed_on, sent_at, answered_at FROM shelter_request
                        WHERE organisation_id = ? ORDER BY state != 'sent', needed_on, sent_at DESC
                        LIMIT ? OFFSET ?""", [organisation_id, PAGE_SIZE + 1, (page - 1) * PAGE_SIZE])
    return found[:PAGE_SIZE], len(found) > PAGE_SIZE


def waiting(db, organisation_id: str) -> int:
    row = one_row(db, "SELECT count(*) AS n FROM shelter_request WHERE organisation_id = ? AND state = 'sent'",
                  [organisation_id])
    return row["n"] if row else 0


def waiting_ids(db, organisation_id: str, limit: int = 1000) -> list[str]:
    return [row[0] for row in db.execute("SELECT id FROM shelter_request WHERE organisation_id = ? AND state = 'sent' "
                                         "LIMIT ?", [organisation_id, limit])]


def refuse(db, request: dict, *, reason: str, by: str) -> None:
    with write(db):
        db.execute("""UPDATE shelter_request SET state = 'refused', refusal_reason = ?, answered_by = ?,
                      answered_at = ? WHERE id = ? AND state = 'sent'""", [reason, by, clock.stamp(), request["id"]])


def place(db, request: dict, *, place: str, begins_on: date, accommodation_kind: str, provider: str,
          association: str, municipality_key: str, household_type: str, household_size: int, by: str) -> str:
    placement_id = secrets.token_urlsafe(12)
    now = clock.stamp()
    with write(db):
        db["placement"].insert({
            "id": placement_id, "request_id": request["id"], "case_id": request["case_id"],
            "organisation_id": request["organisation_id"], "place": place, "begins_on": begins_on.isoformat(),
            "ends_on": None, "accommodation_kind": accommodation_kind, "provider": provider,
            "association": association if provider == "welfare" else "", "municipality_key": municipality_key,
            "household_type": household_type, "household_size": household_size, "recorded_by": by,
            "recorded_at": now})
        db.execute("UPDATE shelter_request SET state = 'placed', answered_by = ?, answered_at = ? WHERE id = ?",
                   [by, now, request["id"]])
    return placement_id


# ---- placements --------------------------------------------------------------------------

def placement(db, placement_id: str) -> dict | None:
    if len(placement_id) > 40:
        return None
    return one_row(db, "SELECT * FROM placement WHERE id = ?", [placement_id])


def placements(db, organisation_id: str, page: int) -> tuple[list[dict], bool]:
    """The city's placements, newest first, with how many people's features are recorded."""
    found = rows(db, """SELECT p.id, p.request_id, p.place, p.begins_on, p.ends_on, p.household_size,
                               p.accommodation_kind, p.provider,
                               (SELECT count(*) FROM placement_person x WHERE x.placement_id = p.id) AS recorded
                        FROM placement p WHERE p.organisation_id = ? ORDER BY p.begins_on DESC, p.id
                        LIMIT ? OFFSET ?""", [organisation_id, PAGE_SIZE + 1, (page - 1) * PAGE_SIZE])
    return found[:PAGE_SIZE], len(found) > PAGE_SIZE


def people(db, placement_id: str) -> list[dict]:
    return rows(db, "SELECT * FROM placement_person WHERE placement_id = ? ORDER BY position", [placement_id])


def record_people(db, placement_id: str, people_found: list[tuple[str, str, str]]) -> None:
    """The features of the people placed (sex, month of birth, nationality), replacing those before."""
    with write(db):
        db.execute("DELETE FROM placement_person WHERE placement_id = ?", [placement_id])
        for position, (sex, born, nationality) in enumerate(people_found):
            db["placement_person"].insert({"placement_id": placement_id, "position": position, "sex": sex,
                                           "birth_month": born, "nationality": nationality})


def end(db, placement_id: str, ends_on: date) -> None:
    with write(db):
        db.execute("UPDATE placement SET ends_on = ? WHERE id = ?", [ends_on.isoformat(), placement_id])


def for_return(db, organisation_id: str, year: int) -> tuple[list[rules.Placement], list[rules.PlacedPerson]]:
    """The city's placements that began on or before the reference date and had not ended before
    it (read by the index on the city and the start), with their people."""
    day = rules.reference_date(year).isoformat()
    found = rows(db, """SELECT * FROM placement WHERE organisation_id = ? AND begins_on <= ?
                        AND (ends_on IS NULL OR ends_on > ?)""", [organisation_id, day, day])
    placed = [rules.Placement(p["id"], date.fromisoformat(p["begins_on"]),
                              date.fromisoformat(p["ends_on"]) if p["ends_on"] else None, p["accommodation_kind"],
                              p["provider"], p["association"], p["municipality_key"], p["household_type"],
                              p["household_size"]) for p in found]
    ids = [p.id for p in placed]
    persons = [rules.PlacedPerson(r["placement_id"], r["sex"], r["birth_month"], r["nationality"])
               for chunk in (ids[i:i + 500] for i in range(0, len(ids), 500))
               for r in rows(db, f"""SELECT * FROM placement_person WHERE placement_id IN ({','.join('?' * len(chunk))})
                                    ORDER BY placement_id, position""", chunk)]
    return placed, persons
