"""Case files (households at risk), partner referrals, key dates and legal deadlines."""

from flask import Blueprint

bp = Blueprint("cases", __name__)



@bp.app_context_processor
def case_labels():
    from .labels import template_globals

    return template_globals()


from . import case_sections, case_views, caseload_views, closing_views, referral_views  # noqa: E402,F401  (routes register on bp)
