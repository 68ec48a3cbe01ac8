"""Household budgets and repayment plans: written offline as outbox mutations (one plan per case,
immutable revisions), the reference values they use, and the tenant's copy (page and PDF)."""

from flask import Blueprint

bp = Blueprint("budgets", __name__)


@bp.app_context_processor
def budget_labels():
    from .labels import template_globals

    return template_globals()


from . import views  # noqa: E402,F401  (routes register on bp)


def _register_sync_kind() -> None:
    from ..sync.views import register
    from .store import KIND, apply_save

    register(KIND, apply_save)


_register_sync_kind()
