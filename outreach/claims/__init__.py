"""Claims to the authorities (Wohngeld, SGB II, take-over of rent arrears …), their decisions and
the deadlines they set (issue 20): a section of the case page and dated to-dos on its lists."""

from flask import Blueprint
from flask_babel import lazy_gettext as _l

bp = Blueprint("claims", __name__)


@bp.app_context_processor
def claim_labels():
    from .labels import template_globals

    return template_globals()


@bp.app_context_processor
def authority_waiting():
    """For a signed-in authority: how many take-over requests wait for its answer (the nav's badge)."""
    from flask_login import current_user

    if not (current_user.is_authenticated and current_user.has("partner")):
        return {}
    from ..db import get_db
    from .requests import authority_of, open_count

    db = get_db()
    if not authority_of(db, current_user.organisation_id):
        return {}
    return {"requests_waiting": open_count(db, current_user.organisation_id), "is_authority": True}


from . import (  # noqa: E402,F401  (routes, the deadline source, disclosed fields register on import)
    authority_views,
    checklist_views,
    deadlines,
    disclosed,
    document_views,
    request_views,
    views,
)


def _register() -> None:
    from ..cases import sections
    from ..sync import kinds
    from .document_sync import KIND, apply_add

    kinds.register(KIND, apply_add)

    sections.register("claims", order=35, partial="claims/_case_claims.html", title=_l("Claims to the authorities"),
                      loader=views.case_section, folded=True)


_register()


def _for_you(db, actor, today) -> list:
    """An authority's people: take-over requests waiting for the office's answer."""
    from flask import url_for
    from flask_babel import gettext as _

    from .. import for_you
    from .requests import authority_of, open_ids

    if not (actor.has("partner") and authority_of(db, actor.organisation_id)):
        return []
    ids = open_ids(db, actor.organisation_id)
    return [for_you.Entry("takeover_request", _("Take-over requests waiting for your answer"),
                          url_for("claims.inbox"), urgent=True, count=len(ids),
                          keys=tuple(f"takeover_request:{rid}" for rid in ids))]


def _register_for_you() -> None:
    from .. import for_you

    for_you.register("claims", _for_you, kinds=(
        for_you.Kind("takeover_request", _l("Take-over requests to answer"), frozenset({"partner"})),
        for_you.Kind("takeover_answer", _l("An authority answered on your case"), frozenset({"worker", "supervisor"})),
    ))


_register_for_you()


def _answers(db, actor, today) -> list:
    """A worker: an authority answered a take-over request on one of their cases since they last
    opened it — urgent while the case's Schonfrist runs (the answer is what saves the flat)."""
    from flask import url_for
    from flask_babel import gettext as _

    from .. import for_you
    from ..cases.looks import SINCE_LOOK

    if not actor.has("worker"):
        return []
    found = []
    for request_id, case_id, number, answered_at, schonfrist_end in db.execute(
            f"""SELECT r.id, c.id, c.number, r.answered_at, r.schonfrist_end FROM claim_request r
                JOIN household_case c ON c.id = r.case_id {SINCE_LOOK}
                WHERE c.assigned_worker_id = ? AND c.status = 'open' AND r.answered_at IS NOT NULL
                AND r.answered_at > coalesce(l.looked_at, '') ORDER BY r.answered_at""", [actor.id, actor.id]):
        running = bool(schonfrist_end) and schonfrist_end >= today.isoformat()
        found.append(for_you.Entry("takeover_answer", _("An authority answered a take-over request (case %(number)s)",
                                                        number=number),
                                   url_for("cases.case_page", case_id=case_id) + "#claims", urgent=running,
                                   keys=(f"takeover_answer:{request_id}@{answered_at}",)))
    return found


def _register_answers() -> None:
    from .. import for_you

    for_you.register("claims.answers", _answers)


_register_answers()


def _register_household_data() -> None:
    from .household_data import register_tables

    register_tables()


_register_household_data()
