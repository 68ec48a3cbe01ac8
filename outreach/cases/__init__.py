"""Case files (households at risk), partner referrals, key dates and legal deadlines."""

from flask import Blueprint

bp = Blueprint("cases", __name__)



@bp.app_context_processor
def case_labels():
    from .labels import template_globals

    return template_globals()


from . import case_sections, case_views, caseload_views, closing_views, referral_views  # noqa: E402,F401  (routes register on bp)


def _for_you(db, actor, today) -> list:
    """A supervisor: new referrals waiting in the intake queue."""
    from flask import url_for
    from flask_babel import gettext as _

    from .. import for_you
    from .referrals import waiting_count

    if not actor.has("supervisor"):
        return []
    return [for_you.Entry("intake_waiting", _("New referrals in the intake queue"), url_for("cases.intake"),
                          count=waiting_count(db))]


def _register_for_you() -> None:
    from .. import for_you

    for_you.register("cases", _for_you)


_register_for_you()
