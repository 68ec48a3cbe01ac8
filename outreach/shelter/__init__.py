"""Emergency accommodation (issue 20): when an eviction date is set and no authority has committed
to pay, the worker asks the city for a place within consent; the city answers with a place from a
date or a refusal, keeps its placements and prepares its federal return (WoBerichtsG) from them."""

from flask import Blueprint
from flask_babel import lazy_gettext as _l

bp = Blueprint("shelter", __name__)


@bp.app_context_processor
def shelter_labels():
    from .labels import template_globals

    return template_globals()


@bp.app_context_processor
def city_nav():
    """For a signed-in city: the link to its shelter requests, with how many wait for an answer."""
    from flask_login import current_user

    if not (current_user.is_authenticated and current_user.has("partner")):
        return {}
    from ..db import get_db
    from .store import is_city, waiting

    db = get_db()
    if not is_city(db, current_user.organisation_id):
        return {}
    return {"is_city": True, "shelter_waiting": waiting(db, current_user.organisation_id)}


from . import city_views, placement_views, views  # noqa: E402,F401  (routes register on bp)


def _register() -> None:
    from ..cases import sections

    sections.register("shelter", order=38, partial="shelter/_case_shelter.html",
                      title=_l("Emergency accommodation"), loader=views.case_section, folded=True)


_register()


def _for_you(db, actor, today) -> list:
    """A city's people: shelter requests waiting for an answer."""
    from flask import url_for
    from flask_babel import gettext as _

    from .. import for_you
    from .store import is_city, waiting_ids

    if not (actor.has("partner") and is_city(db, actor.organisation_id)):
        return []
    ids = waiting_ids(db, actor.organisation_id)
    return [for_you.Entry("shelter_request", _("Shelter requests waiting for your answer"), url_for("shelter.inbox"),
                          urgent=True, count=len(ids), keys=tuple(f"shelter_request:{rid}" for rid in ids))]


def _register_for_you() -> None:
    from .. import for_you

    for_you.register("shelter", _for_you, kinds=(
        for_you.Kind("shelter_request", _l("Shelter requests to answer"), frozenset({"partner"})),
        for_you.Kind("shelter_answer", _l("The city answered a shelter request on your case"),
                     frozenset({"worker", "supervisor"})),
    ))


_register_for_you()


def _answers(db, actor, today) -> list:
    """A worker: the city answered a shelter request on one of their cases since they last opened it."""
    from flask import url_for
    from flask_babel import gettext as _

    from .. import for_you
    from ..cases.looks import SINCE_LOOK

    if not actor.has("worker"):
        return []
    return [for_you.Entry("shelter_answer", _("The city answered a shelter request (case %(number)s)", number=number),
                          url_for("cases.case_page", case_id=case_id) + "#shelter", urgent=True,
                          keys=(f"shelter_answer:{request_id}",))
            for request_id, case_id, number in db.execute(
                f"""SELECT r.id, c.id, c.number FROM shelter_request r JOIN household_case c ON c.id = r.case_id
                    {SINCE_LOOK} WHERE c.assigned_worker_id = ? AND c.status = 'open' AND r.answered_at IS NOT NULL
                    AND r.answered_at > coalesce(l.looked_at, '') ORDER BY r.answered_at""", [actor.id, actor.id])]


def _register_answers() -> None:
    from .. import for_you

    for_you.register("shelter.answers", _answers)


_register_answers()


def _register_household_data() -> None:
    from .household_data import register_tables

    register_tables()


_register_household_data()
