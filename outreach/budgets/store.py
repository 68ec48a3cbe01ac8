"""Budget plans and their revisions in the database, applying a `budget.save` mutation, the
reference values in force, and the record of how a tenant copy was handed over."""

from __future__ import annotations

import json
from datetime import date

import sqlite_utils
from flask import current_app, has_app_context

from .. import clock
from ..cases import store as cases
from ..cases.devices import route_facts
from ..db import one_row
from ..domain import budget_plan as rules
from ..domain import sync
from ..domain.calendar import DEFAULT_STATE
from ..domain.permissions import case_access
from ..domain.reference import ReferenceValue, out_of_date_tables, resolve_all
from ..domain.sync import rejected
from ..domain.visits import PayloadError

KIND = "budget.save"
HANDOVER_METHODS = ("handed_printed", "sent_by_post", "sent_by_email", "declined")


def plan_of_case(db, case_id: str) -> dict | None:
    return one_row(db, "SELECT * FROM budget_plan WHERE case_id = ?", [case_id])


def revisions(db, plan_id: str) -> list[dict]:
    rows = list(db.query("SELECT r.*, p.display_name AS author_name FROM budget_revision r "
                         "JOIN person p ON p.id = r.author_id WHERE r.plan_id = ? ORDER BY r.received_at DESC",
                         [plan_id]))
    for row in rows:
        row["payload"] = json.loads(row["payload"])
        row["context"] = json.loads(row["context"])
    return rows


def reference_values(db) -> list[ReferenceValue]:
    return [ReferenceValue(r["key"], r["value"], date.fromisoformat(r["valid_from"]),
                           date.fromisoformat(r["valid_to"]) if r["valid_to"] else None, r["source"])
            for r in db.query("SELECT * FROM reference_value ORDER BY key, valid_from")]


def children_under_18(members: list[dict], today: date) -> int:
    """Members born less than 18 years before this year (by year of birth: the app keeps no birthday)."""
    return sum(1 for m in members if m["birth_year"] and today.year - m["birth_year"] < 18)


def context(db, case: dict, today: date, state: str, view: cases.CaseView | None = None) -> dict:
    """What evaluate() needs beyond the plan: reference values in force today, children, the
    Schonfrist end; and for the pages the facts behind them. `view`: the case view a page already has."""
    resolved = resolve_all(reference_values(db), today)
    view = view or cases.case_view(db, case, today, state)
    schonfrist = next((d.due_on for d in view.deadlines if d.code == "schonfrist_end"), None)
    members = cases.members(db, case["id"])
    return {"references": {key: r.value for key, r in resolved.items()}, "children": children_under_18(members, today),
            "schonfrist_end": schonfrist.isoformat() if schonfrist else None,
            "resolved": resolved, "open_arrears_cents": view.open_arrears_cents, "members": members}


def evaluation_context(ctx: dict) -> dict:
    return {key: ctx[key] for key in ("references", "children", "schonfrist_end")}


def frozen_context(ctx: dict) -> dict:
    """What a revision keeps: the values it was computed with, and which tables had run out."""
    return {**evaluation_context(ctx), "out_of_date": [[table, ended.isoformat() if ended else None]
                                                       for table, ended in out_of_date_tables(ctx["resolved"])]}


def revision_context(revision: dict, current_schonfrist_end: str | None) -> dict:
    """A saved revision's own values; the Schonfrist end is the case's current one, since a
    warning about it must follow the key dates recorded since."""
    return {**evaluation_context(revision["context"]), "schonfrist_end": current_schonfrist_end}


def holiday_state() -> str:
    return current_app.config["HOLIDAY_STATE"] if has_app_context() else DEFAULT_STATE


def apply_save(db: sqlite_utils.Database, person, mutation: sync.Mutation, *, today) -> dict:
    """Inside the caller's transaction: a new revision of the case's plan, or why not. The revision
    keeps the reference values and household facts of the day it arrived (frozen_context)."""
    state = holiday_state()
    if mutation.schema_version not in rules.ACCEPTED_SCHEMAS:
        return rejected(mutation, "schema_version")
    raw_case = mutation.payload.get("case_id") if isinstance(mutation.payload, dict) else None
    case = cases.get_case(db, raw_case) if isinstance(raw_case, str) and len(raw_case) <= 40 else None
    if case is None or case["anonymised_at"]:  # an erased case takes nothing more
        return rejected(mutation, "not_found")
    # Access first: someone without it learns nothing about the case (members, plan) from the answer.
    reassigned = False
    if not case_access(person.actor, case["team_id"], case["assigned_worker_id"]).write:
        if not sync.assigned_when_received(person.id, route_facts(db, case["id"], mutation.device_id, person.id)):
            return rejected(mutation, "forbidden")
        reassigned = True  # applied, flagged for the supervisor to route
    plan = one_row(db, "SELECT * FROM budget_plan WHERE id = ?", [mutation.entity_id])
    if (plan["case_id"] != case["id"]) if plan else mutation.entity_id != f"plan-{case['id']}":
        return rejected(mutation, "id_conflict")  # one plan per case, named after it on every device
    if one_row(db, "SELECT id FROM budget_revision WHERE id = ?", [mutation.id]):
        return rejected(mutation, "id_conflict")  # client ids are insert-only
    ctx = context(db, case, today, state)
    try:
        payload = rules.validate(mutation.payload, members={m["id"] for m in ctx["members"]})
        rules.check_computable(payload, evaluation_context(ctx))
    except PayloadError as error:
        return rejected(mutation, "invalid", field=error.field, code=error.code)
    known = {r["id"] for r in db.query("SELECT id FROM budget_revision WHERE plan_id = ?", [mutation.entity_id])}
    outcome = sync.revision_outcome(plan["current_revision_id"] if plan else None, mutation.base_revision, known)
    if outcome == "unknown_base":
        return rejected(mutation, "unknown_base")
    now = clock.stamp()
    if plan is None:
        db["budget_plan"].insert({"id": mutation.entity_id, "case_id": case["id"], "current_revision_id": None,
                                  "in_conflict": 0, "to_route": 0, "created_at": now, "updated_at": now})
    db["budget_revision"].insert({
        "id": mutation.id, "plan_id": mutation.entity_id, "base_revision_id": mutation.base_revision,
        "author_id": person.id, "device_id": mutation.device_id or None, "schema_version": mutation.schema_version,
        "payload": json.dumps(payload, ensure_ascii=False), "content_hash": mutation.hash,
        "context": json.dumps(frozen_context(ctx)),
        "state": "current" if outcome == "current" else "conflict", "reassigned": int(reassigned),
        "device_time": mutation.device_time or None, "received_at": now,
    })
    result = {"id": mutation.id, "status": sync.APPLIED, "revision": mutation.id, "plan": mutation.entity_id}
    if outcome == "current":
        if plan and plan["current_revision_id"]:
            db.execute("UPDATE budget_revision SET state = 'superseded' WHERE id = ?", [plan["current_revision_id"]])
        for sibling in (r for r in payload["resolves"] if r in known):
            db.execute("UPDATE budget_revision SET state = 'resolved' WHERE id = ? AND state = 'conflict'", [sibling])
        open_conflicts = db.execute("SELECT count(*) FROM budget_revision WHERE plan_id = ? AND state = 'conflict'",
                                    [mutation.entity_id]).fetchone()[0]
        db.execute("UPDATE budget_plan SET current_revision_id = ?, in_conflict = ?, updated_at = ?, "
                   "to_route = max(to_route, ?) WHERE id = ?",
                   [mutation.id, int(open_conflicts > 0), now, int(reassigned), mutation.entity_id])
    else:
        db.execute("UPDATE budget_plan SET in_conflict = 1, updated_at = ?, to_route = max(to_route, ?) WHERE id = ?",
                   [now, int(reassigned), mutation.entity_id])
        result.update(status=sync.CONFLICT, current=plan["current_revision_id"])
    if reassigned:
        result["flag"] = "reassigned"
    return result


def record_handover(db, case_id: str, revision_id: str, method: str, by: str) -> None:
    db["copy_handover"].insert({"case_id": case_id, "document": "budget", "revision_id": revision_id,
                                "method": method, "recorded_by": by, "recorded_at": clock.stamp()})


def handovers(db, case_id: str) -> list[dict]:
    return list(db.query("SELECT h.*, p.display_name AS recorded_by_name FROM copy_handover h "
                         "JOIN person p ON p.id = h.recorded_by WHERE h.case_id = ? AND h.document = 'budget' "
                         "ORDER BY h.recorded_at DESC", [case_id]))


def add_reference_value(db, value: ReferenceValue, by: str) -> None:
    """A new version; an open-ended earlier version of the key ends the day before it starts."""
    from datetime import timedelta

    db.execute("UPDATE reference_value SET valid_to = ? WHERE key = ? AND valid_to IS NULL AND valid_from < ?",
               [(value.valid_from - timedelta(days=1)).isoformat(), value.key, value.valid_from.isoformat()])
    db["reference_value"].insert({"key": value.key, "value": value.value, "valid_from": value.valid_from.isoformat(),
                                  "valid_to": value.valid_to.isoformat() if value.valid_to else None,
                                  "source": value.source, "created_by": by, "created_at": clock.stamp()})
