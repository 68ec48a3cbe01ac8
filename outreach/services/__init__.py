"""The local help network (issue 21): a directory of services kept by admins, readable offline on
every worker's phone; onward referrals from a case (offline too: sync kind `onward_referral.add`),
followed up on the deadline lists, answered by a service that uses the app."""

from flask import Blueprint, url_for

bp = Blueprint("services", __name__)


@bp.app_context_processor
def service_labels():
    from .labels import template_globals

    return template_globals()


@bp.app_context_processor
def service_partner_nav():
    """For a signed-in partner whose organisation runs a service in the app: its referrals' link."""
    from flask_login import current_user

    if not (current_user.is_authenticated and current_user.has("partner")):
        return {}
    from ..db import get_db, one_row

    db = get_db()
    if one_row(db, "SELECT 1 AS found FROM service WHERE organisation_id = ? AND accepts_data_referrals = 1",
               [current_user.organisation_id]) is None:
        return {}
    from .referrals import waiting_answers

    return {"is_service_partner": True, "onward_waiting": waiting_answers(db, current_user.organisation_id)}


from . import admin_views, card_views, partner_views, referral_views, views  # noqa: E402,F401  (routes register on bp)


def _register() -> None:
    from flask_babel import lazy_gettext as _l

    from ..cases import closing, deadline_sources, sections
    from ..sync import kinds
    from .referral_sync import KIND, apply_add

    kinds.register(KIND, apply_add)
    kinds.register_list_pages("services", lambda db: [url_for("services.directory")])
    sections.register("help", order=45, partial="services/_case_help.html", title=_l("Help network"),
                      loader=referral_views.case_section, folded=True)
    sections.register_timeline("services", referral_views.timeline)
    deadline_sources.register("onward_referrals", referral_views.deadlines)
    closing.register_suggestions("services", referral_views.closing_suggestions)


_register()
