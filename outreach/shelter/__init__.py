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
    from .store import is_city, waiting

    if not (actor.has("partner") and is_city(db, actor.organisation_id)):
        return []
    return [for_you.Entry("shelter_request", _("Shelter requests waiting for your answer"), url_for("shelter.inbox"),
                          urgent=True, count=waiting(db, actor.organisation_id))]


def _register_for_you() -> None:
    from .. import for_you

    for_you.register("shelter", _for_you)


_register_for_you()
