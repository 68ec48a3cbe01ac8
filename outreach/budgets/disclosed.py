"""What a partner may receive of the budget plan, through consent's fixed map (cases/disclosed.py):
under "income" the income lines of the members whose own consent releases them, with the
household's totals only when every member with income consented; under "arrears_plan" the
repayment plan (arrears, instalment, first month, last month)."""

from __future__ import annotations

from ..cases import disclosed
from ..domain import budget_plan as rules
from . import store


def _current(db, case: dict) -> tuple[dict, dict] | None:
    plan = store.plan_of_case(db, case["id"])
    if plan is None or not plan["current_revision_id"]:
        return None
    revision = next((r for r in store.revisions(db, plan["id"]) if r["id"] == plan["current_revision_id"]), None)
    if revision is None:
        return None
    # The revision's own values (as on the tenant's copy when it was saved).
    return revision, rules.evaluate(revision["payload"], store.evaluation_context(revision["context"]))


def income(db, case: dict, member_ids: list[str]) -> dict | None:
    found = _current(db, case)
    if found is None:
        return None
    revision, evaluation = found
    items = revision["payload"]["items"]
    monthly = evaluation["summary"]["monthly_cents"]
    lines = [{"member_id": item["member_id"], "category": item["category"], "monthly_cents": cents}
             for item, cents in zip(items, monthly) if item["kind"] == "income"]
    earners = {line["member_id"] for line in lines}
    released = set(member_ids)
    whole = bool(lines) and earners <= released  # a line without a member is the household's: all must consent
    summary = evaluation["summary"]
    return {"lines": [line for line in lines if line["member_id"] in released],
            "totals": {key: summary[key] for key in ("income_cents", "deduction_cents", "expense_cents", "free_cents")}
            if whole else None}


def repayment_plan(db, case: dict, member_ids: list[str]) -> dict | None:
    found = _current(db, case)
    if found is None:
        return None
    revision, evaluation = found
    terms, repayment = revision["payload"]["plan"], evaluation["repayment"]
    return {"arrears_cents": terms["arrears_cents"], "instalment_cents": repayment["instalment_cents"],
            "start": terms["start"], "months": repayment["months"], "payoff_on": repayment["payoff_on"],
            "due_day": terms["due_day"]}


disclosed.register("income", income)
disclosed.register("repayment_plan", repayment_plan)
