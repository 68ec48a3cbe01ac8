"""Test helpers: budget-plan mutations as the browser's outbox sends them."""

from __future__ import annotations

from tests.support.notes import new_id


def budget_payload(case_id: str, **changes) -> dict:
    payload = {
        "case_id": case_id,
        "items": [
            {"kind": "income", "category": "net_wages", "member_id": "", "amount_cents": 185000, "rhythm": "monthly",
             "attachable": True, "label": ""},
            {"kind": "expense", "category": "base_rent", "member_id": "", "amount_cents": 52000, "rhythm": "monthly",
             "attachable": False, "label": ""},
            {"kind": "expense", "category": "broadcasting_fee", "member_id": "", "amount_cents": 5508,
             "rhythm": "quarterly", "attachable": False, "label": ""},
        ],
        "setoffs": [], "debts": [], "outside_benefit_unit": [], "dependants": 0, "creditor_amount_cents": None,
        "plan": {"arrears_cents": 100000, "buffer_cents": 5000, "instalment_cents": None, "start": "2027-01",
                 "due_day": 3},
        "note": "", "resolves": [],
    }
    payload.update(changes)
    return payload


def save_budget(author_id: str, case_id: str, *, base: str | None = None, mutation_id: str | None = None,
                plan_id: str | None = None, schema_version: int = 1, **payload_changes) -> dict:
    return {"id": mutation_id or new_id(), "kind": "budget.save", "entity_id": plan_id or f"plan-{case_id}",
            "base_revision": base, "schema_version": schema_version,
            "payload": budget_payload(case_id, **payload_changes), "author": author_id, "device_id": "",
            "device_time": "2026-12-01T10:00:00Z"}
