"""The budget form (written through the outbox, online and offline alike), the budget section of
the case page, the tenant's copy as a page and an A4 PDF, and how the copy was handed over."""

from __future__ import annotations

from datetime import date

from flask import abort, current_app, make_response, render_template, request, session
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_login import current_user

from .. import audit
from ..auth.access import require
from ..cases import page
from ..cases.access import load_case
from ..cases.devices import record_case_on_device
from ..clock import berlin_today
from ..db import get_db, write
from ..domain import budget_plan as rules
from ..domain.reference import out_of_date_tables
from ..domain.repayment import DEFAULT_BUFFER_CENTS, add_months
from ..pdf import render_pdf
from . import bp, labels, store


def plan_id_for(case: dict, plan: dict | None) -> str:
    # Every device names a case's first plan the same way, so two first saves meet as a conflict.
    return plan["id"] if plan else f"plan-{case['id']}"


def _context(case: dict, view=None):
    return store.context(get_db(), case, berlin_today(), current_app.config["HOLIDAY_STATE"], view)


def current_revision(db, plan: dict | None, revision_id: str | None = None) -> tuple[dict | None, list[dict]]:
    if plan is None:
        return None, []
    revisions = store.revisions(db, plan["id"])
    wanted = revision_id or plan["current_revision_id"]
    return next((r for r in revisions if r["id"] == wanted), None), revisions


def case_section(db, case: dict, view) -> dict:
    """What the case page shows of the budget: the current plan evaluated, conflicts, history."""
    plan = store.plan_of_case(db, case["id"])
    current, revisions = current_revision(db, plan)
    ctx = _context(case, view) if current else None
    return {"plan": plan, "current": current, "revisions": revisions,
            "conflicts": [r for r in revisions if r["state"] == "conflict"],
            "evaluation": rules.evaluate(current["payload"], store.revision_context(current, ctx["schonfrist_end"]))
            if current else None,
            "out_of_date": current["context"]["out_of_date"] if current else [],
            "handovers": store.handovers(db, case["id"]) if plan else []}


def default_payload(case: dict, ctx: dict, today: date) -> dict:
    year, month = add_months(today.year, today.month, 1)
    rent = [("base_rent", case["base_rent_cents"]), ("service_charge", case["service_charge_cents"]),
            ("heating", case["heating_cents"])]
    return {"items": [{"kind": "expense", "category": code, "member_id": "", "amount_cents": cents or 0,
                       "rhythm": "monthly", "attachable": False, "label": ""} for code, cents in rent if cents],
            "setoffs": [], "debts": [], "outside_benefit_unit": [], "dependants": 0, "creditor_amount_cents": None,
            "debtor_member_id": "",
            "plan": {"arrears_cents": ctx["open_arrears_cents"], "buffer_cents": DEFAULT_BUFFER_CENTS,
                     "instalment_cents": None, "start": f"{year:04d}-{month:02d}", "due_day": 3}, "note": ""}


@bp.get("/cases/<case_id>/budget")
@require()
def budget_form(case_id: str):
    case = load_case(case_id, "write", log_as="budget.form")
    db = get_db()
    with write(db):
        record_case_on_device(db, case["id"], session.device_id, current_user.id)
    ctx = _context(case)
    plan = store.plan_of_case(db, case["id"])
    current, revisions = current_revision(db, plan)
    payload = current["payload"] if current else default_payload(case, ctx, berlin_today())
    browser_context = {**store.evaluation_context(ctx), "texts": labels.form_texts(),
                       "attachable_by_default": list(rules.ATTACHABLE_BY_DEFAULT)}
    return render_template(
        "budgets/form.html", case=case, payload=payload, plan_id=plan_id_for(case, plan),
        base_revision=current["id"] if current else "", schema_version=rules.CURRENT_SCHEMA,
        members=ctx["members"], browser_context=browser_context,
        evaluation=rules.evaluate(rules.validate({**payload, "case_id": case["id"]},
                                                 members={m["id"] for m in ctx["members"]}),
                                  store.evaluation_context(ctx)),
        out_of_date=out_of_date_tables(ctx["resolved"]), resolved=ctx["resolved"],
        conflicts=[r for r in revisions if r["state"] == "conflict"],
        income_categories=rules.INCOME_CATEGORIES, expense_categories=rules.EXPENSE_CATEGORIES,
    )


def _copy_data(case_id: str, need: str = "read", log_as: str = "budget.copy"):
    case = load_case(case_id, need, log_as=log_as)
    db = get_db()
    plan = store.plan_of_case(db, case["id"])
    revision_id = request.args.get("revision") or request.form.get("revision_id")
    current, _revisions = current_revision(db, plan, revision_id[:64] if revision_id else None)
    if current is None:
        abort(404)  # a copy exists only of a plan that reached the server
    ctx = _context(case)
    return case, current, ctx


def _render_copy(template: str, case_id: str) -> str:
    case, revision, ctx = _copy_data(case_id)
    evaluation = rules.evaluate(revision["payload"], store.revision_context(revision, ctx["schonfrist_end"]))
    with force_locale("de"):  # the tenant's copy is in German whatever the worker's language
        return render_template(template, case=case, revision=revision, evaluation=evaluation,
                               members={m["id"]: m["name"] for m in ctx["members"]}, household=ctx["members"],
                               schonfrist_end=ctx["schonfrist_end"], printed_on=berlin_today(),
                               out_of_date=revision["context"]["out_of_date"])


@bp.get("/cases/<case_id>/budget/copy")
@require()
def budget_copy(case_id: str):
    return _render_copy("budgets/copy.html", case_id)


@bp.get("/cases/<case_id>/budget/copy.pdf")
@require()
def budget_copy_pdf(case_id: str):
    pdf = render_pdf(_render_copy("budgets/copy_pdf.html", case_id))
    response = make_response(pdf)
    response.headers["Content-Type"] = "application/pdf"
    response.headers["Content-Disposition"] = 'attachment; filename="haushaltsplan.pdf"'
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.post("/cases/<case_id>/budget/handover")
@require()
def record_handover(case_id: str):
    case, revision, _ctx = _copy_data(case_id, "write", log_as=None)
    method = request.form.get("method", "")
    if method not in store.HANDOVER_METHODS:
        return page.invalid(case, "budget", "handover", values={"method": method},
                            errors={"method": _("Please choose how the copy was handed over.")})
    db = get_db()
    with write(db):
        store.record_handover(db, case["id"], revision["id"], method, current_user.id)
    audit.log("budget.copy_handed_over", subject=("case", case["id"]),
              details={"revision": revision["id"], "method": method})
    return page.saved(case["id"], "budget")
