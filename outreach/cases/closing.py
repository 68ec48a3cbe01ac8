"""Closing a case with its record for the statistics, reopening it, and the tenancy follow-ups.

One `case_closure` row per closing: a case reopened and closed again keeps both, so the
statistics count each ending in its period and a reopening knows how long the case had rested.
"""

from __future__ import annotations

import json
from datetime import date

from .. import clock
from ..db import write
from ..domain import outcomes
from . import deadline_sources
from .store import new_id, touch

def _rows(db, sql, params=()) -> list[dict]:
    return list(db.query(sql, params))


DETAIL_FIELDS = ("schonfrist_used", "eviction_date_set", *outcomes.DEMOGRAPHICS)


def close(db, case_id: str, *, outcome: str, on: date, by: str | None, causes: list[str] = (),
          tools: list[str] = (), onward: list[str] = (), details: dict | None = None,
          follow_up_months: tuple[int, ...] = outcomes.FOLLOW_UP_MONTHS) -> str:
    """Close the case: its closing record and, after a kept or new flat, the follow-ups."""
    details = details or {}
    closure_id = new_id()
    with write(db):
        db["case_closure"].insert({
            "id": closure_id, "case_id": case_id, "closed_on": on.isoformat(), "outcome": outcome,
            "causes": json.dumps(list(causes) or [outcomes.UNKNOWN]),
            "tools": json.dumps(list(tools) or [outcomes.UNKNOWN]),
            "onward_referrals": json.dumps(list(onward) or [outcomes.UNKNOWN]),
            **{field: details.get(field) or outcomes.UNKNOWN for field in DETAIL_FIELDS},
            "closed_by": by, "recorded_at": clock.stamp(),
        })
        db.execute("UPDATE household_case SET status = 'closed', outcome = ?, closed_on = ? WHERE id = ?",
                   [outcome, on.isoformat(), case_id])
        for due in outcomes.follow_ups(outcome, on, follow_up_months):
            db["follow_up"].insert({"id": new_id(), "case_id": case_id, "closure_id": closure_id,
                                    "months": due.months, "due_on": due.due_on.isoformat(), "status": "due"})
        touch(db, case_id)
    return closure_id


def closures(db, case_id: str) -> list[dict]:
    rows = _rows(db, "SELECT * FROM case_closure WHERE case_id = ? ORDER BY closed_on DESC, recorded_at DESC",
                 [case_id])
    for row in rows:
        for field in ("causes", "tools", "onward_referrals"):
            row[field] = json.loads(row[field])
    return rows


def reopen(db, case_id: str, *, on: date, by: str | None, reason: str = "") -> bool:
    """Open the case again; True when it counts as a repeat case. Follow-ups still due are
    cancelled (the case is followed again from now on)."""
    with write(db):
        closure = db.execute("SELECT id, closed_on FROM case_closure WHERE case_id = ? AND reopened_on IS NULL "
                             "ORDER BY closed_on DESC, recorded_at DESC LIMIT 1", [case_id]).fetchone()
        repeat = bool(closure) and outcomes.is_repeat(date.fromisoformat(closure[1]), on)
        if closure:
            db.execute("UPDATE case_closure SET reopened_on = ?, reopened_by = ?, reopen_reason = ?, is_repeat = ? "
                       "WHERE id = ?", [on.isoformat(), by, reason, int(repeat), closure[0]])
        db.execute("UPDATE follow_up SET status = 'cancelled' WHERE case_id = ? AND status = 'due'", [case_id])
        db.execute("UPDATE household_case SET status = 'open', outcome = NULL, closed_on = NULL WHERE id = ?",
                   [case_id])
        touch(db, case_id)
    return repeat


def follow_ups(db, case_id: str) -> list[dict]:
    return _rows(db, """SELECT f.*, p.display_name AS recorded_by_name FROM follow_up f
                        LEFT JOIN person p ON p.id = f.recorded_by
                        WHERE f.case_id = ? ORDER BY f.due_on""", [case_id])


def follow_up(db, follow_up_id: str) -> dict | None:
    rows = _rows(db, "SELECT * FROM follow_up WHERE id = ?", [follow_up_id])
    return rows[0] if rows else None


def due_follow_ups(db, case_ids: list[str]) -> dict[str, list[dict]]:
    """Follow-ups still to be made, by case (the deadline lists show them like other deadlines)."""
    grouped: dict[str, list[dict]] = {case_id: [] for case_id in case_ids}
    for start in range(0, len(case_ids), 500):
        chunk = case_ids[start:start + 500]
        for row in _rows(db, f"SELECT * FROM follow_up WHERE status = 'due' AND case_id IN ({','.join('?' * len(chunk))}) "
                             "ORDER BY due_on", chunk):
            grouped[row["case_id"]].append(row)
    return grouped


def record_follow_up(db, follow_up_id: str, *, result: str, note: str, checked_on: date, by: str,
                     mutation_id: str | None = None) -> dict:
    """Record a check-in. New arrears bring the case back in the same step; the answer says
    whether the case was reopened and whether that counts as a repeat case."""
    with write(db):
        row = follow_up(db, follow_up_id)
        db.execute("UPDATE follow_up SET status = 'done', result = ?, note = ?, checked_on = ?, recorded_by = ?, "
                   "recorded_at = ?, mutation_id = ? WHERE id = ?",
                   [result, note, checked_on.isoformat(), by, clock.stamp(), mutation_id, follow_up_id])
        reopened = repeat = False
        status = db.execute("SELECT status FROM household_case WHERE id = ?", [row["case_id"]]).fetchone()[0]
        if outcomes.reopens(result) and status == "closed":
            repeat = reopen(db, row["case_id"], on=checked_on, by=by, reason="follow_up_arrears_again")
            reopened = True
        touch(db, row["case_id"])
    return {"case_id": row["case_id"], "reopened": reopened, "repeat": repeat}


def _follow_up_deadlines(db, cases: list[dict], today: date, state: str) -> dict:
    closed = [case["id"] for case in cases if case["status"] == "closed"]
    return {case_id: [deadline_sources.to_do(
                "follow_up", date.fromisoformat(row["due_on"]),
                f"Nachfrage nach {row['months']} Monaten: Besteht das Mietverhältnis?",
                f"{row['months']}-month check-in: does the tenancy stand?", "Nachsorge / follow-up", today)
            for row in rows] for case_id, rows in due_follow_ups(db, closed).items()}


deadline_sources.register("follow_ups", _follow_up_deadlines)


_SUGGESTERS: dict = {}


def register_suggestions(area: str, provider) -> None:
    """provider(db, case) -> {field: [codes]}: an area's suggestions for the closing form's
    several-choice fields (services: where the household was referred on to)."""
    _SUGGESTERS[area] = provider


def suggestions(db, case: dict, today: date) -> dict:
    """What the closing form starts with, from what the case already records (the worker checks it)."""
    found = _own_suggestions(db, case, today)
    for area in sorted(_SUGGESTERS):
        for field, codes in _SUGGESTERS[area](db, case).items():
            found[field] = [*found.get(field, []), *(c for c in codes if c not in found.get(field, []))]
    return found


def _own_suggestions(db, case: dict, today: date) -> dict:
    members = _rows(db, "SELECT birth_year, lease_party FROM household_member WHERE case_id = ? ORDER BY position",
                    [case["id"]])
    kinds = {row["kind"] for row in _rows(db, "SELECT DISTINCT kind FROM key_date WHERE case_id = ?", [case["id"]])}
    lease = next((m for m in members if m["lease_party"]), members[0] if members else None)
    years = [m["birth_year"] for m in members]
    minors = sum(1 for year in years if year and today.year - year < 18) if members and all(years) else None
    return {
        "age_band": outcomes.age_band(lease["birth_year"] if lease else None, today),
        "children": outcomes.children_band(minors),
        "household_type": "single" if len(members) == 1 else outcomes.UNKNOWN,
        "eviction_date_set": "yes" if "eviction_date" in kinds else "no",
        "schonfrist_used": outcomes.UNKNOWN if "suit_served" in kinds else "not_applicable",
        "housing_situation": "own_tenancy",
        "causes": [], "tools": [], "onward_referrals": [],
    }
