"""Partner referrals: submitted by a partner organisation, triaged by supervisors."""

from __future__ import annotations

import json
from datetime import date

import sqlite_utils

from .. import clock
from ..db import write
from ..domain.cases import address_key, name_key
from . import store

KNOWN_DATES = ("termination_received", "suit_served", "eviction_date")
SOURCE_BY_ORGANISATION_KIND = {"housing_company": "housing_company", "jobcenter": "jobcenter_sozialamt",
                               "sozialamt": "jobcenter_sozialamt", "city": "jobcenter_sozialamt"}


def submit(db: sqlite_utils.Database, *, organisation_id: str, by: str, tenant_name: str, street: str,
           postcode: str, city: str, arrears_cents: int, stage: str, known_dates: dict[str, date],
           tenant_informed: bool, note: str) -> str:
    referral_id = store.new_id()
    with write(db):
        db["referral"].insert({
            "id": referral_id, "organisation_id": organisation_id, "submitted_by": by,
            "submitted_at": clock.stamp(), "tenant_name": tenant_name, "street": street, "postcode": postcode,
            "address_key": address_key(street, postcode), "name_key": name_key(tenant_name),
            "city": city, "arrears_cents": arrears_cents, "stage": stage,
            "known_dates": json.dumps({k: v.isoformat() for k, v in known_dates.items()}),
            "tenant_informed": int(tenant_informed), "note": note, "status": "received", "decided_by": None,
            "decided_at": None, "decline_reason": "", "case_id": None,
        })
    return referral_id


def for_organisation(db, organisation_id: str) -> list[dict]:
    """What a partner may see of its referrals: that they were received, and when. Nothing else."""
    return list(db.query("SELECT id, tenant_name, street, city, submitted_at FROM referral "
                         "WHERE organisation_id = ? ORDER BY submitted_at DESC", [organisation_id]))


def get(db, referral_id: str) -> dict | None:
    rows = list(db.query("""SELECT r.*, o.name AS organisation_name, o.kind AS organisation_kind
                            FROM referral r JOIN organisation o ON o.id = r.organisation_id
                            WHERE r.id = ?""", [referral_id]))
    if not rows:
        return None
    row = rows[0]
    row["known_dates"] = {k: date.fromisoformat(v) for k, v in json.loads(row["known_dates"]).items()}
    return row


def waiting_count(db) -> int:
    return db.execute("SELECT count(*) FROM referral WHERE status = 'received'").fetchone()[0]


def waiting_ids(db, limit: int = 1000) -> list[str]:
    return [row[0] for row in db.execute("SELECT id FROM referral WHERE status = 'received' LIMIT ?", [limit])]


def queue(db, *, limit: int = -1, offset: int = 0) -> list[dict]:
    """The waiting referrals, oldest first, each with the number of its likely duplicates: counted
    in the same statement through the stored keys (as likely_duplicates finds them), not by two
    queries per referral (500 waiting cost 3,021 statements). `limit`/`offset`: one page of them,
    chosen first, so the rows skipped are never counted (a deep page cost 65 ms, the first 19)."""
    return list(db.query(
        """SELECT r.id, r.tenant_name, r.street, r.postcode, r.city, r.stage, r.submitted_at,
                  o.name AS organisation_name,
                  (SELECT count(*) FROM household_case c
                   WHERE c.status = 'open' AND (c.address_key = r.address_key OR c.id IN (
                       SELECT m.case_id FROM household_member m WHERE m.name_key = r.name_key AND m.position = 0)))
                  + (SELECT count(*) FROM referral other
                     WHERE other.status = 'received' AND other.id != r.id
                       AND (other.address_key = r.address_key OR other.name_key = r.name_key)) AS duplicates
           FROM referral r JOIN organisation o ON o.id = r.organisation_id
           WHERE r.id IN (SELECT id FROM referral WHERE status = 'received' ORDER BY submitted_at, id
                          LIMIT :limit OFFSET :offset)
           ORDER BY r.submitted_at, r.id""",
        {"limit": limit, "offset": offset}))


def likely_duplicates(db, referral: dict) -> list[dict]:
    """Open cases and other waiting referrals with the same address or the same tenant name,
    found through the indexed, normalised keys (migration 0011)."""
    address, name = address_key(referral["street"], referral["postcode"]), name_key(referral["tenant_name"])
    found = [{"kind": "case", **case} for case in db.query(
        """SELECT c.id, c.number, c.street, c.postcode, c.team_id, c.source, t.name AS team_name,
                  (SELECT m.name FROM household_member m WHERE m.case_id = c.id AND m.position = 0) AS name
           FROM household_case c LEFT JOIN team t ON t.id = c.team_id
           WHERE c.status = 'open' AND (c.address_key = :address OR c.id IN (
               SELECT m.case_id FROM household_member m WHERE m.name_key = :name AND m.position = 0))
           ORDER BY c.number""", {"address": address, "name": name})]
    found += [{"kind": "referral", **other} for other in db.query(
        """SELECT id, tenant_name, street, postcode, submitted_at FROM referral
           WHERE status = 'received' AND id != :id AND (address_key = :address OR name_key = :name)
           ORDER BY submitted_at""", {"id": referral["id"], "address": address, "name": name})]
    return found


def _decide(db, referral_id: str, status: str, by: str, *, reason: str = "", case_id: str | None = None) -> None:
    with write(db):
        changed = db.execute(
            "UPDATE referral SET status = ?, decided_by = ?, decided_at = ?, decline_reason = ?, case_id = ? "
            "WHERE id = ? AND status = 'received'",
            [status, by, clock.stamp(), reason, case_id, referral_id]).rowcount
        if changed != 1:
            raise AlreadyDecided(referral_id)


class AlreadyDecided(Exception):
    pass


def accept(db, referral: dict, *, worker_id: str, team_id: str, by: str, today: date) -> dict:
    """Create the case from the referral and assign it, in one transaction."""
    with write(db):
        case = store.create_case(
            db, stage=referral["stage"], source=SOURCE_BY_ORGANISATION_KIND.get(referral["organisation_kind"], "other"),
            street=referral["street"], postcode=referral["postcode"], city=referral["city"],
            report_received_on=clock.parse_stamp(referral["submitted_at"]).astimezone(clock.BERLIN).date(),
            worker_id=worker_id, team_id=team_id, by=by, today=today, referral_id=referral["id"],
            landlord_organisation_id=referral["organisation_id"]
            if referral["organisation_kind"] == "housing_company" else None,
            members=[{"name": referral["tenant_name"], "birth_year": None, "relation": "",
                      "lease_party": True}],
        )
        _add_known_dates(db, case["id"], referral, by)
        _decide(db, referral["id"], "accepted", by, case_id=case["id"])
    return case


def merge(db, referral: dict, case_id: str, by: str) -> None:
    with write(db):
        _add_known_dates(db, case_id, referral, by)
        _decide(db, referral["id"], "merged", by, case_id=case_id)


def decline(db, referral: dict, reason: str, by: str) -> None:
    _decide(db, referral["id"], "declined", by, reason=reason)


def _add_known_dates(db, case_id: str, referral: dict, by: str) -> None:
    members = store.members(db, case_id)
    tenant = members[0]["id"] if members else None
    for kind, on_date in referral["known_dates"].items():
        per_member = kind in ("termination_received", "suit_served")
        store.add_key_date(db, case_id, kind, on_date, by, member_id=tenant if per_member else None,
                           detail="")  # the kind of termination is for the worker to check
