"""Household budgets and repayment plans: written offline as outbox mutations (one plan per case,
immutable revisions), the reference values they use, and the tenant's copy (page and PDF)."""

from flask import Blueprint
from flask_babel import lazy_gettext as _l

bp = Blueprint("budgets", __name__)


@bp.app_context_processor
def budget_labels():
    from .labels import template_globals

    return template_globals()


from . import disclosed, reference_views, views  # noqa: E402,F401  (routes and the disclosed fields register)


def _register() -> None:
    from flask import url_for

    from ..cases import sections
    from ..sync import kinds
    from .store import KIND, apply_save
    from .views import case_section

    kinds.register(KIND, apply_save)
    kinds.register_offline_pages("budgets", lambda db, case: [url_for("budgets.budget_form", case_id=case["id"])])
    sections.register("budget", order=30, partial="budgets/_case_budget.html", title=_l("Budget plan"),
                      loader=case_section, action=build_budget)


def build_budget(case: dict, view, data: dict):
    """No plan yet: the budget and repayment plan is the next step once the dates are known."""
    from flask import url_for

    from ..cases.sections import Action

    if data["current"]:
        return None
    return Action(40, str(_l("Build the budget and repayment plan")), url_for("budgets.budget_form", case_id=case["id"]))


_register()


def _for_you(db, actor, today) -> list:
    """An admin: reference values that have run out (budgets computed today would lack them)."""
    from flask import url_for
    from flask_babel import gettext as _

    from .. import for_you
    from ..domain.reference import out_of_date_tables, resolve_all
    from .store import reference_values

    if not actor.has("admin"):
        return []
    tables = out_of_date_tables(resolve_all(reference_values(db), today))
    return [for_you.Entry("reference_values", _("Reference values have run out: add the new ones"),
                          url_for("budgets.reference_values"), urgent=True, count=len(tables),
                          keys=tuple(f"reference_values:{table}" for table in sorted(tables)))]


def _register_for_you() -> None:
    from .. import for_you

    for_you.register("budgets", _for_you, kinds=(
        for_you.Kind("reference_values", _l("Reference values that ran out"), frozenset({"admin"})),))


_register_for_you()


def _register_household_data() -> None:
    from .household_data import register_tables

    register_tables()


_register_household_data()
