"""Cases in the database: create, read with everything a page needs, change, assign (closing: closing.py)."""

from __future__ import annotations

import secrets
import threading
from collections import OrderedDict
from dataclasses import dataclass
from datetime import date, timedelta

import sqlite_utils

from .. import clock
from ..db import file_identity, write
from ..domain.cases import (
    ContactAttempt,
    KeyDate,
    address_key,
    alternative_ordinary_termination,
    case_deadlines,
    case_number,
    name_key,
    schonfrist_excluded,
)
from ..domain.deadlines import (
    Deadline,
    LedgerMonth,
    arrears_threshold,
    gross_monthly_rent_cents,
)
from . import deadline_sources


def new_id() -> str:
    return secrets.token_urlsafe(12)


def _rows(db, sql, params=()) -> list[dict]:
    return list(db.query(sql, params))


def next_number(db: sqlite_utils.Database, year: int) -> str:
    """Readable, per year (2026-0042); shown to people, never used as a URL key."""
    row = db.execute("SELECT max(CAST(substr(number, 6) AS INTEGER)) FROM household_case WHERE number LIKE ?",
                     [f"{year}-%"]).fetchone()
    sequence = (row[0] or 0) + 1
    return case_number(year, sequence)


def create_case(db: sqlite_utils.Database, *, stage: str, source: str, street: str, postcode: str, city: str,
                report_received_on: date, worker_id: str | None, team_id: str | None, by: str | None,
                members: list[dict] = (), landlord_organisation_id: str | None = None, landlord_name: str = "",
                situation: str = "", referral_id: str | None = None, today: date) -> dict:
    case_id = new_id()
    now = clock.stamp()
    with write(db):
        db["household_case"].insert({
            "id": case_id, "number": next_number(db, today.year), "status": "open", "outcome": None,
            "stage": stage, "source": source, "street": street, "postcode": postcode, "city": city,
            "address_key": address_key(street, postcode), "landlord_organisation_id": landlord_organisation_id, "landlord_name": landlord_name,
            "tenancy_start": None, "base_rent_cents": 0, "service_charge_cents": 0, "heating_cents": 0,
            "situation": situation, "assigned_worker_id": worker_id, "team_id": team_id,
            "report_received_on": report_received_on.isoformat(), "referral_id": referral_id,
            "created_at": now, "updated_at": now, "closed_on": None,
        })
        for member in members:
            add_member(db, case_id, **member)
        if worker_id:
            db["case_assignment"].insert({"case_id": case_id, "worker_id": worker_id, "team_id": team_id,
                                          "assigned_by": by, "assigned_at": now})
    return get_case(db, case_id)


def get_case(db: sqlite_utils.Database, case_id: str) -> dict | None:
    rows = _rows(db, """SELECT c.*, w.display_name AS worker_name, t.name AS team_name, o.name AS landlord_org_name
                        FROM household_case c LEFT JOIN person w ON w.id = c.assigned_worker_id
                        LEFT JOIN team t ON t.id = c.team_id
                        LEFT JOIN organisation o ON o.id = c.landlord_organisation_id WHERE c.id = ?""", [case_id])
    return rows[0] if rows else None


def touch(db, case_id: str) -> None:
    db.execute("UPDATE household_case SET updated_at = ? WHERE id = ?", [clock.stamp(), case_id])


def add_member(db, case_id: str, *, name: str, birth_year: int | None, relation: str, lease_party: bool) -> str:
    member_id = new_id()
    with write(db):
        position = db.execute("SELECT count(*) FROM household_member WHERE case_id = ?", [case_id]).fetchone()[0]
        db["household_member"].insert({"id": member_id, "case_id": case_id, "name": name, "name_key": name_key(name),
                                       "birth_year": birth_year, "relation": relation, "lease_party": int(lease_party),
                                       "position": position})
        touch(db, case_id)
    return member_id


def members(db, case_id: str) -> list[dict]:
    return _rows(db, "SELECT * FROM household_member WHERE case_id = ? ORDER BY position", [case_id])


def set_ledger_month(db, case_id: str, year: int, month: int, due_cents: int, paid_cents: int) -> None:
    with write(db):
        db.execute(
            "INSERT INTO arrears_month (case_id, year, month, due_cents, paid_cents) VALUES (?, ?, ?, ?, ?) "
            "ON CONFLICT(case_id, year, month) DO UPDATE SET due_cents = excluded.due_cents, "
            "paid_cents = excluded.paid_cents", [case_id, year, month, due_cents, paid_cents])
        touch(db, case_id)


def ledger(db, case_id: str) -> list[dict]:
    return _ledgers(db, [case_id])[case_id]


def set_tenancy(db, case_id: str, *, tenancy_start: date | None, base_rent_cents: int, service_charge_cents: int,
                heating_cents: int) -> None:
    with write(db):
        db.execute("UPDATE household_case SET tenancy_start = ?, base_rent_cents = ?, service_charge_cents = ?, "
                   "heating_cents = ? WHERE id = ?",
                   [tenancy_start.isoformat() if tenancy_start else None, base_rent_cents, service_charge_cents,
                    heating_cents, case_id])
        touch(db, case_id)


def set_fields(db, case_id: str, **fields) -> None:
    allowed = {"stage", "situation", "street", "postcode", "city", "landlord_name", "landlord_organisation_id"}
    assert set(fields) <= allowed
    with write(db):
        for column, value in fields.items():
            db.execute(f"UPDATE household_case SET {column} = ? WHERE id = ?", [value, case_id])
        touch(db, case_id)


def add_key_date(db, case_id: str, kind: str, on_date: date, by: str, member_id: str | None = None,
                 detail: str = "") -> str:
    key_id = new_id()
    with write(db):
        db["key_date"].insert({"id": key_id, "case_id": case_id, "kind": kind, "on_date": on_date.isoformat(),
                               "member_id": member_id, "detail": detail, "recorded_by": by,
                               "recorded_at": clock.stamp()})
        touch(db, case_id)
    return key_id


def mark_key_date_done(db, case_id: str, key_id: str, *, done: bool, on: date, by: str) -> bool:
    """Mark a key date dealt with (or not); False when the case has no such date."""
    with write(db):
        changed = db.execute("UPDATE key_date SET done_on = ?, done_by = ? WHERE id = ? AND case_id = ?",
                             [on.isoformat() if done else None, by if done else None, key_id, case_id]).rowcount
        touch(db, case_id)
    return bool(changed)


def key_dates(db, case_id: str) -> list[dict]:
    return _by_case(db, KEY_DATES_SQL, [case_id])[case_id]


def add_attempt(db, case_id: str, kind: str, on_date: date, by: str, *, minutes: int | None = None,
                travel_minutes: int | None = None) -> None:
    """A contact attempt; the first one that reaches the tenant records the case's stage then."""
    with write(db):
        db["contact_attempt"].insert({"id": new_id(), "case_id": case_id, "on_date": on_date.isoformat(),
                                      "kind": kind, "recorded_by": by, "recorded_at": clock.stamp(),
                                      "minutes": minutes, "travel_minutes": travel_minutes})
        if kind == "reached":
            db.execute("UPDATE household_case SET stage_at_first_contact = stage WHERE id = ? "
                       "AND stage_at_first_contact IS NULL", [case_id])
        touch(db, case_id)


def attempts(db, case_id: str) -> list[dict]:
    return _by_case(db, ATTEMPTS_SQL, [case_id])[case_id]


def attempt_days_not_reached(db, team_id: str, reported_before: str) -> dict[str, list[date]]:
    """The contact attempts of the cases `team_cases_not_reached` finds, by case, in one statement
    however many there are (none: still one)."""
    found: dict[str, list[date]] = {}
    for case_id, on_date in db.execute(
            """SELECT a.case_id, a.on_date FROM contact_attempt a JOIN household_case c ON c.id = a.case_id
               WHERE c.team_id = ? AND c.status = 'open' AND c.stage_at_first_contact IS NULL
               AND c.report_received_on < ?""", [team_id, reported_before]):
        found.setdefault(case_id, []).append(date.fromisoformat(on_date))
    return found


def assign(db, case_id: str, worker_id: str, team_id: str | None, by: str) -> None:
    with write(db):
        db.execute("UPDATE household_case SET assigned_worker_id = ?, team_id = ? WHERE id = ?",
                   [worker_id, team_id, case_id])
        db["case_assignment"].insert({"case_id": case_id, "worker_id": worker_id, "team_id": team_id,
                                      "assigned_by": by, "assigned_at": clock.stamp()})
        touch(db, case_id)


def assignments(db, case_id: str) -> list[dict]:
    return _rows(db, """SELECT a.*, w.display_name AS worker_name, b.display_name AS by_name
                        FROM case_assignment a JOIN person w ON w.id = a.worker_id
                        LEFT JOIN person b ON b.id = a.assigned_by WHERE a.case_id = ? ORDER BY a.id""", [case_id])


@dataclass
class CaseView:
    """One case with what the caseload and the case page show."""

    case: dict
    deadlines: list[Deadline]
    open_arrears_cents: int
    monthly_rent_cents: int
    threshold_since: date | None
    dates_conflict: bool = False
    ordinary_in_alternative: bool = False
    schonfrist_excluded: bool = False


def domain_key_dates(rows: list[dict]) -> list[KeyDate]:
    return [KeyDate(r["kind"], date.fromisoformat(r["on_date"]), r["member_id"], r["detail"], bool(r.get("done_on")))
            for r in rows]


def domain_attempts(rows: list[dict]) -> list[ContactAttempt]:
    return [ContactAttempt(r["kind"], date.fromisoformat(r["on_date"])) for r in rows]


def case_view(db, case: dict, today: date, state: str) -> CaseView:
    return case_views(db, [case], today, state)[0]


# A case's facts are read for many cases at once (the lists: caseload, deadline board, search) or
# for one, by the same three queries: a supervisor's team of 1,000 cases cost 9,000 statements when
# each case was read alone (docs/benchmarks.md).
BATCH = 500  # ids per IN (…) list, well below SQLite's limit of bound parameters
LEDGER_SQL = "SELECT * FROM arrears_month WHERE case_id IN ({marks}) ORDER BY year, month"
KEY_DATES_SQL = """SELECT k.*, m.name AS member_name FROM key_date k
                   LEFT JOIN household_member m ON m.id = k.member_id
                   WHERE k.case_id IN ({marks}) ORDER BY k.on_date, k.kind"""
ATTEMPTS_SQL = "SELECT * FROM contact_attempt WHERE case_id IN ({marks}) ORDER BY on_date"


def _by_case(db, sql: str, case_ids: list[str]) -> dict[str, list[dict]]:
    grouped: dict[str, list[dict]] = {case_id: [] for case_id in case_ids}
    for start in range(0, len(case_ids), BATCH):
        chunk = case_ids[start:start + BATCH]
        for row in _rows(db, sql.format(marks=",".join("?" * len(chunk))), chunk):
            grouped[row["case_id"]].append(row)
    return grouped


def _ledgers(db, case_ids: list[str]) -> dict[str, list[dict]]:
    grouped = _by_case(db, LEDGER_SQL, case_ids)
    for rows in grouped.values():
        for row in rows:
            row["open_cents"] = max(row["due_cents"] - row["paid_cents"], 0)
    return grouped


# What a view derives from a case (deadlines, arrears, flags), remembered by the case's version and
# the day: the version changes with every row the view is computed from (the case, its members,
# ledger, key dates and contact attempts; migration 0012), so a supervisor's list of 1,000 cases
# reads and computes only the cases changed since it was last shown. Per database file (by inode,
# so a replaced file starts afresh) and bounded.
DERIVED_CACHE_SIZE = 20_000
_derived: OrderedDict[tuple, tuple] = OrderedDict()
_derived_guard = threading.Lock()


def case_views(db, cases: list[dict], today: date, state: str) -> list[CaseView]:
    """The views of many cases in at most three queries, whatever their number."""
    source = file_identity(db)
    keys = {case["id"]: (source, case["id"], case["version"], today, state)
            for case in cases if source is not None and "version" in case}
    with _derived_guard:
        known = {case_id: _derived[key] for case_id, key in keys.items() if key in _derived}
        for key in (keys[case_id] for case_id in known):
            _derived.move_to_end(key)
    missing = [case["id"] for case in cases if case["id"] not in known]
    if missing:
        months, dates, tried = (_ledgers(db, missing), _by_case(db, KEY_DATES_SQL, missing),
                                _by_case(db, ATTEMPTS_SQL, missing))
        extras = deadline_sources.extra_deadlines(db, [case for case in cases if case["id"] not in known], today,
                                                  state)
        computed = {case["id"]: _derive(case, months[case["id"]], dates[case["id"]], tried[case["id"]], today, state,
                                        extras[case["id"]])
                    for case in cases if case["id"] not in known}
        with _derived_guard:
            for case_id, derived in computed.items():
                if case_id in keys:
                    _derived[keys[case_id]] = derived
            while len(_derived) > DERIVED_CACHE_SIZE:
                _derived.popitem(last=False)
        known.update(computed)
    return [CaseView(case, list(known[case["id"]][0]), *known[case["id"]][1:]) for case in cases]


def _derive(case: dict, months: list[dict], key_date_rows: list[dict], attempt_rows: list[dict], today: date,
            state: str, extra: list[Deadline] = ()) -> tuple:
    view = _view(case, months, key_date_rows, attempt_rows, today, state)
    deadlines = sorted([*view.deadlines, *extra], key=lambda deadline: (deadline.due_on, deadline.code))
    return (tuple(deadlines), view.open_arrears_cents, view.monthly_rent_cents, view.threshold_since,
            view.dates_conflict, view.ordinary_in_alternative, view.schonfrist_excluded)


def _view(case: dict, months: list[dict], key_date_rows: list[dict], attempt_rows: list[dict], today: date,
          state: str) -> CaseView:
    rent = gross_monthly_rent_cents(case["base_rent_cents"], case["service_charge_cents"], case["heating_cents"])
    tenancy_start = date.fromisoformat(case["tenancy_start"]) if case["tenancy_start"] else None
    recorded = domain_key_dates(key_date_rows)
    deadlines, dates_conflict = [], False
    if case["status"] == "open":
        try:
            deadlines = case_deadlines(date.fromisoformat(case["report_received_on"]), recorded,
                                       domain_attempts(attempt_rows), tenancy_start, today, state)
        except ValueError:  # recorded dates contradict each other: say so instead of guessing
            dates_conflict = True
    threshold = None
    if months and rent:
        try:
            threshold = arrears_threshold([LedgerMonth(m["year"], m["month"], m["due_cents"], m["paid_cents"])
                                           for m in months], rent, today, state).since
        except ValueError:  # a gap in the ledger: no verdict rather than a wrong one
            threshold = None
    is_open = case["status"] == "open"
    return CaseView(case, deadlines, sum(m["open_cents"] for m in months), rent, threshold, dates_conflict,
                    is_open and alternative_ordinary_termination(recorded), is_open and schonfrist_excluded(recorded))


# A closed case comes back into the lists (and onto the phone) this long before a follow-up is due.
FOLLOW_UP_LISTED_DAYS = 42


def visible_cases(db, actor, *, status: str = "open") -> list[dict]:
    """The cases a person may see in lists: their own (worker) and their team's (supervisor); the
    open ones, and closed ones with a tenancy follow-up due within six weeks or overdue."""
    clauses, params = [], []
    if actor.has("worker"):
        clauses.append("c.assigned_worker_id = ?")
        params.append(actor.id)
    if actor.has("supervisor") and actor.team_id:
        clauses.append("c.team_id = ?")
        params.append(actor.team_id)
    if not clauses:
        return []
    horizon = (clock.berlin_today() + timedelta(days=FOLLOW_UP_LISTED_DAYS)).isoformat()
    return _rows(db, f"""SELECT c.*, w.display_name AS worker_name FROM household_case c
                         LEFT JOIN person w ON w.id = c.assigned_worker_id
                         WHERE c.anonymised_at IS NULL AND (c.status = ? OR (? = 'open' AND c.status = 'closed' AND EXISTS (
                             SELECT 1 FROM follow_up f WHERE f.case_id = c.id AND f.status = 'due'
                             AND f.due_on <= ?))) AND ({' OR '.join(clauses)})""",
                 [status, status, horizon, *params])


def team_cases_not_reached(db, team_id: str, reported_before: str) -> list[dict]:
    """The team's open cases reported before a day whose tenant was never reached (id and report day)."""
    return [{"id": case_id, "report_received_on": reported} for case_id, reported in db.execute(
        """SELECT c.id, c.report_received_on FROM household_case c WHERE c.team_id = ? AND c.status = 'open'
           AND c.stage_at_first_contact IS NULL AND c.report_received_on < ?""", [team_id, reported_before])]


def household_names(db, case_ids: list[str]) -> dict[str, str]:
    """The first listed member's name per case (the household's name in lists)."""
    if not case_ids:
        return {}
    marks = ",".join("?" * len(case_ids))
    rows = db.execute(f"SELECT case_id, name FROM household_member WHERE case_id IN ({marks}) AND position = 0",
                      case_ids).fetchall()
    return dict(rows)
