"""Disclosures: the only way case data leaves for a partner. Each one is checked against active
consent at that moment (organisation × purpose × category, through the fixed map of fields) and
recorded — what, to whom, when, how — so a withdrawal knows whom to inform."""

from __future__ import annotations

import json
import secrets
from datetime import date

from .. import clock, evidence
from ..cases import disclosed
from ..cases import store as cases
from ..db import write
from ..domain import consent as rules
from . import records


class Refused(Exception):
    def __init__(self, categories: list[str]):
        super().__init__(", ".join(categories))
        self.categories = categories


def allowed(db, case_id: str, organisation_id: str, purpose: str, today: date) -> rules.Allowed:
    # Only records whose seal holds count: a row edited or inserted outside the app grants nothing.
    consents, members = records.consents_and_members(db, case_id, evidence.keys_by_id())
    return rules.allowed(consents, members, organisation_id, purpose, today)


def _covering_ids(db, case_id: str, organisation_id: str, purpose: str, categories: set[str], today: date) -> list[str]:
    consents, _members = records.consents_and_members(db, case_id, evidence.keys_by_id())
    return sorted(c.id for c in consents if c.active(today) and organisation_id in c.recipients
                  and purpose in c.purposes and c.categories & categories)


def disclose(db, *, case_id: str, organisation_id: str, purpose: str, categories: list[str], channel: str,
             by: str | None, today: date, note: str = "", member_ids: list[str] = ()) -> dict:
    """Record one disclosure if every category is covered today; otherwise Refused (nothing recorded).

    Personal data (contact, income, health) is someone's: `member_ids` names whose, and each of
    them must have consented themselves — another member's consent never releases it."""
    permitted = allowed(db, case_id, organisation_id, purpose, today)
    people = sorted(set(member_ids))

    def covered(category: str) -> bool:
        if category not in rules.CATEGORIES:
            return False
        if category in rules.PERSONAL_CATEGORIES:
            return bool(people) and all(permitted.covers(category, member) for member in people)
        return permitted.covers(category)

    missing = [c for c in categories if not covered(c)]
    if not categories or missing:
        raise Refused(missing or ["none"])
    row = {"id": secrets.token_urlsafe(12), "case_id": case_id, "organisation_id": organisation_id,
           "purpose": purpose, "categories": json.dumps(sorted(categories)),
           "fields": json.dumps(sorted({f for c in categories for f in rules.FIELDS[c]})), "channel": channel,
           "consent_ids": json.dumps(_covering_ids(db, case_id, organisation_id, purpose, set(categories), today)),
           "member_ids": json.dumps(people if set(categories) & rules.PERSONAL_CATEGORIES else []),
           "note": note, "disclosed_by": by, "disclosed_at": clock.stamp()}
    with write(db):
        db["disclosure"].insert(row)
    return row


def of_case(db, case_id: str) -> list[dict]:
    rows = list(db.query("""SELECT d.*, o.name AS organisation_name, p.display_name AS disclosed_by_name
                            FROM disclosure d JOIN organisation o ON o.id = d.organisation_id
                            LEFT JOIN person p ON p.id = d.disclosed_by WHERE d.case_id = ?
                            ORDER BY d.disclosed_at DESC""", [case_id]))
    for row in rows:
        row["categories"] = json.loads(row["categories"])
    return rows


def case_fields(db, case: dict, permitted: rules.Allowed) -> dict:
    """Exactly the fields the consented categories map to — nothing else is even read out."""
    data: dict = {}
    fields = permitted.fields()
    members = cases.members(db, case["id"])
    if "case_status" in fields:
        referral = records.one_row(db, "SELECT status FROM referral WHERE case_id = ? LIMIT 1", [case["id"]])
        reached = records.one_row(db, "SELECT min(on_date) AS on_date FROM contact_attempt "
                                   "WHERE case_id = ? AND kind = 'reached'", [case["id"]])
        data.update(referral_status=referral["status"] if referral else "", case_status=case["status"],
                    stage=case["stage"], first_contact_on=reached["on_date"] if reached else None,
                    outcome=case["outcome"])
    if "name" in fields:
        people = permitted.personal["contact"]
        data["name"] = [m["name"] for m in members if m["id"] in people]
        data["address"] = f"{case['street']}, {case['postcode']} {case['city']}"
        worker = records.one_row(db, "SELECT display_name FROM person WHERE id = ?", [case["assigned_worker_id"]])
        data["worker_name"] = worker["display_name"] if worker else ""
    if "open_arrears_cents" in fields:
        ledger = cases.ledger(db, case["id"])
        data["open_arrears_cents"] = sum(row["open_cents"] for row in ledger)
        data["arrears_months"] = [row for row in ledger if row["open_cents"]]
    if "members" in fields:
        data["members"] = [{"name": m["name"], "relation": m["relation"], "birth_year": m["birth_year"]} for m in members]
    data.update(disclosed.fields(db, case, fields, permitted.personal))
    names = {m["id"]: m["name"] for m in members}
    for line in (data.get("income") or {}).get("lines", []):
        line["member"] = names.get(line["member_id"], "")
    return data


def referral_status(db, referral_id: str, today: date) -> str:
    """What the referring partner may see: "received", and more only under status-feedback consent
    naming that partner (each time it is shown, it is recorded as a disclosure)."""
    referral = records.one_row(db, "SELECT organisation_id, case_id FROM referral WHERE id = ?", [referral_id])
    if referral is None or not referral["case_id"]:
        return "received"
    permitted = allowed(db, referral["case_id"], referral["organisation_id"], rules.STATUS_PURPOSE, today)
    if not permitted.covers("status"):
        return "received"
    case = cases.get_case(db, referral["case_id"])
    disclose(db, case_id=case["id"], organisation_id=referral["organisation_id"], purpose=rules.STATUS_PURPOSE,
             categories=["status"], channel="referral_status", by=None, today=today)
    return "closed" if case["status"] == "closed" else "in_counselling"
