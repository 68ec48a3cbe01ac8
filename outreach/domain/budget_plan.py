"""A saved budget plan (one revision): the payload a device sends, its validation, and everything
derived from it — totals, the Jobcenter set-off, the repayment plan, the creditors' split, the
garnishment orientation, hints and the chart geometry.

`evaluate()` is written once more in outreach/static/js/budget-rules.js (`evaluatePlan`), so the
live form and the server (case page, tenant copy) show the same figures; shared vectors prove it.
Reason codes are stable; the client shows the message for the code in the person's language.
"""

from __future__ import annotations

import re

from .budget import RHYTHMS, BudgetItem, budget_summary
from .budget_charts import arrears_bars, budget_bars
from .debts import CLAIM_TYPES, Debt, creditor_split
from .entitlements import entitlement_hints, garnishment, kindergeld_check, setoff_cents
from .money import MAX_CENTS, MoneyError, is_int
from .repayment import DEFAULT_BUFFER_CENTS, days_in_month, repayment_plan
from .visits import PayloadError

CURRENT_SCHEMA = 1
ACCEPTED_SCHEMAS = {CURRENT_SCHEMA}

INCOME_CATEGORIES = ("net_wages", "minijob", "self_employment", "alg1", "buergergeld", "sgb12", "wohngeld",
                     "kindergeld", "kinderzuschlag", "maintenance", "advance_maintenance", "pension", "sick_pay",
                     "parental_allowance", "bafoeg_bab", "other_income")
EXPENSE_CATEGORIES = ("base_rent", "service_charge", "heating", "electricity", "gas", "water", "telecom",
                      "broadcasting_fee", "insurance", "transport", "loan_instalments", "maintenance_paid",
                      "childcare_school", "food_household", "clothing", "health_copayments", "pets", "savings",
                      "other_expense")
# Usually attachable (pfändbar) unless the claim says otherwise; the worker can change the tick.
# Not by default: maintenance received (only conditionally, § 850b(1) Nr. 2 ZPO) and parental
# allowance (only above the § 54(3) Nr. 1 SGB I amount).
ATTACHABLE_BY_DEFAULT = ("net_wages", "minijob", "self_employment", "alg1", "pension", "sick_pay")
MAX_ITEMS, MAX_DEBTS, MAX_SETOFFS = 100, 50, 10
TEXT = {"label": 120, "creditor": 120, "representative": 120, "reference": 80, "note": 2000}
MONTH = re.compile(r"^(\d{4})-(\d{2})$")


def _text(value, field: str) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise PayloadError(field, "not_text")
    if len(value) > TEXT[field.rsplit(".", 1)[-1]]:
        raise PayloadError(field, "too_long")
    return value.strip()


def _cents(value, field: str, *, optional: bool = False) -> int | None:
    if value is None and optional:
        return None
    if not is_int(value):
        raise PayloadError(field, "not_an_amount")
    if value < 0:
        raise PayloadError(field, "negative")
    if value > MAX_CENTS:
        raise PayloadError(field, "too_large")
    return value


def _member(value, field: str, members: set[str]) -> str:
    if value in (None, ""):
        return ""
    if not isinstance(value, str) or value not in members:
        raise PayloadError(field, "unknown_member")
    return value


def _list(payload: dict, field: str, limit: int) -> list:
    value = payload.get(field) or []
    if not isinstance(value, list) or not all(isinstance(entry, dict) for entry in value):
        raise PayloadError(field, "not_a_list")
    if len(value) > limit:
        raise PayloadError(field, "too_many")
    return value


def validate(payload, *, members: set[str]) -> dict:
    """The normalised payload of one revision, or PayloadError naming the field and why.
    `members` are the ids of the case's household members."""
    if not isinstance(payload, dict):
        raise PayloadError("payload", "not_an_object")
    case_id = payload.get("case_id")
    if not isinstance(case_id, str) or not 1 <= len(case_id) <= 40:
        raise PayloadError("case_id", "required")
    items = []
    for index, raw in enumerate(_list(payload, "items", MAX_ITEMS)):
        where = f"items.{index}"
        kind = raw.get("kind")
        categories = {"income": INCOME_CATEGORIES, "expense": EXPENSE_CATEGORIES}.get(kind)
        if categories is None:
            raise PayloadError(f"{where}.kind", "unknown")
        if raw.get("category") not in categories:
            raise PayloadError(f"{where}.category", "unknown")
        if raw.get("rhythm") not in RHYTHMS:
            raise PayloadError(f"{where}.rhythm", "unknown")
        if not isinstance(raw.get("attachable", False), bool):
            raise PayloadError(f"{where}.attachable", "not_a_flag")
        items.append({"kind": kind, "category": raw["category"], "member_id": _member(raw.get("member_id"),
                      f"{where}.member_id", members), "amount_cents": _cents(raw.get("amount_cents"),
                      f"{where}.amount_cents"), "rhythm": raw["rhythm"], "attachable": bool(raw.get("attachable")),
                      "label": _text(raw.get("label"), f"{where}.label")})
    setoffs = []
    for index, raw in enumerate(_list(payload, "setoffs", MAX_SETOFFS)):
        level = raw.get("level")
        if not is_int(level) or not 1 <= level <= 6:
            raise PayloadError(f"setoffs.{index}.level", "unknown")
        setoffs.append({"member_id": _member(raw.get("member_id"), f"setoffs.{index}.member_id", members),
                        "level": level})
    debts = []
    for index, raw in enumerate(_list(payload, "debts", MAX_DEBTS)):
        where = f"debts.{index}"
        if raw.get("claim_type") not in CLAIM_TYPES:
            raise PayloadError(f"{where}.claim_type", "unknown")
        if not isinstance(raw.get("titled", False), bool):
            raise PayloadError(f"{where}.titled", "not_a_flag")
        debt = {key: _text(raw.get(key), f"{where}.{key}") for key in ("creditor", "representative", "reference")}
        if not debt["creditor"]:
            raise PayloadError(f"{where}.creditor", "required")
        debt.update({"claim_type": raw["claim_type"], "titled": bool(raw.get("titled")),
                     **{key: _cents(raw.get(key, 0), f"{where}.{key}")
                        for key in ("principal_cents", "interest_cents", "costs_cents")}})
        debts.append(debt)
    outside = payload.get("outside_benefit_unit") or []
    if not isinstance(outside, list) or len(outside) > 20:
        raise PayloadError("outside_benefit_unit", "not_a_list")
    outside = [_member(m, "outside_benefit_unit", members) for m in outside]
    debtor = _member(payload.get("debtor_member_id"), "debtor_member_id", members)
    dependants = payload.get("dependants", 0)
    if not is_int(dependants) or not 0 <= dependants <= 20:
        raise PayloadError("dependants", "out_of_range")
    plan = payload.get("plan")
    if not isinstance(plan, dict):
        raise PayloadError("plan", "required")
    start = plan.get("start")
    match = MONTH.match(start) if isinstance(start, str) else None
    if not match or not 1 <= int(match[2]) <= 12 or not 2000 <= int(match[1]) <= 2100:
        raise PayloadError("plan.start", "invalid_month")
    due_day = plan.get("due_day")
    if due_day is not None and (not is_int(due_day) or not 1 <= due_day <= 31):
        raise PayloadError("plan.due_day", "out_of_range")
    resolves = payload.get("resolves") or []
    if not isinstance(resolves, list) or not all(isinstance(r, str) and len(r) <= 64 for r in resolves):
        raise PayloadError("resolves", "not_a_list")
    return {
        "case_id": case_id, "items": items, "setoffs": setoffs, "debts": debts,
        "outside_benefit_unit": sorted(set(m for m in outside if m)), "dependants": dependants,
        "debtor_member_id": debtor,
        "creditor_amount_cents": _cents(payload.get("creditor_amount_cents"), "creditor_amount_cents", optional=True),
        "plan": {"arrears_cents": _cents(plan.get("arrears_cents"), "plan.arrears_cents"),
                 "buffer_cents": _cents(plan.get("buffer_cents", DEFAULT_BUFFER_CENTS), "plan.buffer_cents"),
                 "instalment_cents": _cents(plan.get("instalment_cents"), "plan.instalment_cents", optional=True),
                 "start": start, "due_day": due_day},
        "note": _text(payload.get("note"), "note"), "resolves": resolves[:10],
    }


def check_computable(plan: dict, context: dict) -> None:
    """A valid plan whose figures cannot be computed (totals beyond what the browser adds exactly)
    is refused like invalid content, so no page ever fails on a saved plan."""
    try:
        evaluate(plan, context)
    except MoneyError as error:
        raise PayloadError("items", "not_computable") from error


def _ref(references: dict, key: str) -> int:
    value = references.get(key)
    return value if is_int(value) else 0


def evaluate(plan: dict, context: dict) -> dict:
    """Every figure of a validated plan. context: {"references": {key: value}, "children": n,
    "schonfrist_end": "YYYY-MM-DD" | None}. Same JSON as evaluatePlan() in the browser."""
    refs = context["references"]
    items = [BudgetItem(kind=i["kind"], category=i["category"], amount_cents=i["amount_cents"], rhythm=i["rhythm"],
                        member=i["member_id"] or None, attachable=i["attachable"]) for i in plan["items"]]
    setoffs = []
    for row in plan["setoffs"]:
        cents = setoff_cents(_ref(refs, f"standard_rate_{row['level']}"), _ref(refs, "jobcenter_setoff_percent"))
        setoffs.append({"member_id": row["member_id"], "level": row["level"], "monthly_cents": cents})
        items.append(BudgetItem(kind="deduction", category="jobcenter_setoff", amount_cents=cents, rhythm="monthly",
                                member=row["member_id"] or None))
    summary = budget_summary(items)
    terms = plan["plan"]
    year, month = (int(part) for part in terms["start"].split("-"))
    repayment = repayment_plan(terms["arrears_cents"], summary.free_cents, year, month,
                               buffer_cents=terms["buffer_cents"], instalment_cents=terms["instalment_cents"],
                               schonfrist_end=context.get("schonfrist_end"), due_day=terms["due_day"])
    debts = [Debt(d["claim_type"], d["principal_cents"], d["interest_cents"], d["costs_cents"]) for d in plan["debts"]]
    split = creditor_split(plan["creditor_amount_cents"] or 0, debts)
    kindergeld = sum(figure for item, figure in zip(items, summary.monthly_cents) if item.category == "kindergeld")
    kindergeld_hint = kindergeld_check(kindergeld, context["children"], _ref(refs, "kindergeld_per_child"))
    hints = entitlement_hints(summary.free_cents, [i.category for i in items if i.kind == "income"],
                              children=context["children"], outside_benefit_unit=len(plan["outside_benefit_unit"]),
                              kinderzuschlag_max_cents=_ref(refs, "kinderzuschlag_max_per_child"))
    # § 850c ZPO protects each debtor: with a debtor chosen, only that person's attachable income counts.
    debtor = plan.get("debtor_member_id") or ""
    attachable = sum(figure for item, figure in zip(items, summary.monthly_cents)
                     if item.kind == "income" and item.attachable and (not debtor or item.member == debtor))
    seizable = garnishment(attachable, plan["dependants"],
                           base_cents=_ref(refs, "garnishment_exempt_base"),
                           first_cents=_ref(refs, "garnishment_exempt_first"),
                           further_cents=_ref(refs, "garnishment_exempt_further"),
                           fully_attachable_above_cents=_ref(refs, "garnishment_fully_attachable_above"))
    payoff_on = None
    if repayment.payoff:  # the day the last instalment is paid: the due day, else the month's last day
        last_day = days_in_month(*repayment.payoff)
        day = min(terms["due_day"], last_day) if terms["due_day"] else last_day
        payoff_on = f"{repayment.payoff[0]:04d}-{repayment.payoff[1]:02d}-{day:02d}"
    return {
        "summary": summary.to_dict(),
        "setoffs": setoffs,
        "repayment": {**repayment.to_dict(), "payoff_on": payoff_on},
        "debts": {"totals_cents": [d.total_cents for d in debts], "priorities": [d.priority for d in debts],
                  **split.to_dict()},
        "garnishment": {**seizable.to_dict(), "income_cents": attachable, "debtor_member_id": debtor},
        "hints": [hint.to_dict() for hint in ([kindergeld_hint] if kindergeld_hint else []) + hints],
        "charts": {"budget": budget_bars(summary.income_cents, summary.deduction_cents, summary.expense_cents),
                   "arrears": arrears_bars(terms["arrears_cents"],
                                           [row.remaining_cents for row in repayment.schedule])},
    }
