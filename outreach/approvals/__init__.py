"""Supervisor approval of visit notes: a queue, return with a comment, approval by passkey."""

from flask import Blueprint

bp = Blueprint("approvals", __name__)


@bp.app_context_processor
def approvals_waiting():
    """The supervisor's queue count, shown in the navigation."""
    from flask_login import current_user

    from ..db import get_db
    from .store import queue_count

    if current_user.is_authenticated and current_user.has("supervisor"):
        return {"approvals_waiting": queue_count(get_db(), current_user.team_id)}
    return {}

from . import views  # noqa: E402,F401  (routes register on bp)
