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
    from .requests import authority_of, open_count

    if not (actor.has("partner") and authority_of(db, actor.organisation_id)):
        return []
    return [for_you.Entry("takeover_request", _("Take-over requests waiting for your answer"),
                          url_for("claims.inbox"), urgent=True, count=open_count(db, actor.organisation_id))]


def _register_for_you() -> None:
    from .. import for_you

    for_you.register("claims", _for_you)


_register_for_you()
