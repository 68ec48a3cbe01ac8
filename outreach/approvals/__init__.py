"""Supervisor approval of visit notes: a queue, return with a comment, approval by passkey."""

from flask import Blueprint
from flask_babel import lazy_gettext as _l

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

from . import admin_views, views  # noqa: E402,F401  (routes register on bp)


def case_section(db, case: dict, view) -> dict | None:
    """Only the case's team supervisor sees what waits for a decision; everyone else gets nothing."""
    from flask_login import current_user

    from .store import waiting_on_case

    if not (current_user.has("supervisor") and current_user.team_id == case["team_id"]):
        return None
    return {"items": [n for n in waiting_on_case(db, case["id"]) if n["author_id"] != current_user.id]}


def decide(case: dict, view, data: dict):
    """A note waits for the supervisor: deciding comes first."""
    from flask import url_for

    from ..cases.sections import Action

    if not data["items"]:
        return None
    return Action(5, str(_l("Decide on the visit note waiting for approval")),
                  url_for("cases.case_page", case_id=case["id"]) + "#approvals")


def note_facts(db, note: dict) -> dict:
    """What the note page shows of decisions on it: the last return and the approval."""
    from .store import approval_of, last_return

    return {"returned": last_return(db, note["id"]), "approval": approval_of(db, note["id"])}


def _register() -> None:
    from ..cases import sections
    from ..visits import note_facts as facts

    sections.register("approvals", order=25, partial="approvals/_case_approvals.html",
                      title=_l("Waiting for your decision"), loader=case_section, action=decide)
    facts.register("approvals", note_facts)


_register()


def _for_you(db, actor, today) -> list:
    """A supervisor: the team's visit notes waiting for approval."""
    from flask import url_for
    from flask_babel import gettext as _

    from .. import for_you
    from .store import queue_keys

    if not actor.has("supervisor"):
        return []
    keys = queue_keys(db, actor.team_id)
    return [for_you.Entry("approval_waiting", _("Visit notes waiting for your approval"), url_for("approvals.queue"),
                          count=len(keys), keys=tuple(f"approval_waiting:{key}" for key in keys))]


def _register_for_you() -> None:
    from .. import for_you

    for_you.register("approvals", _for_you, kinds=(
        for_you.Kind("approval_waiting", _l("Visit notes waiting for approval"), frozenset({"supervisor"})),))


_register_for_you()


def _register_household_data() -> None:
    from .household_data import register_tables

    register_tables()


_register_household_data()
