"""Case files (households at risk), partner referrals, key dates and legal deadlines."""

from flask import Blueprint

bp = Blueprint("cases", __name__)


@bp.app_context_processor
def case_labels():
    from .labels import template_globals

    return template_globals()


from . import case_sections, case_views, caseload_views, closing_views, referral_views  # noqa: E402,F401  (routes register on bp)


def _register_for_you() -> None:
    from flask_babel import lazy_gettext as _l

    from .. import for_you
    from .for_you_entries import entries

    for_you.register("cases", entries, kinds=(
        for_you.Kind("intake_waiting", _l("New referrals in the intake queue"), frozenset({"supervisor"})),
        for_you.Kind("deadline_last_week", _l("Deadlines of your cases in their last week"),
                     frozenset({"worker", "supervisor"})),
        for_you.Kind("first_contact_lapsed", _l("Cases of the team past the first-contact standard"),
                     frozenset({"supervisor"})),
    ))


_register_for_you()


def _register_household_data() -> None:
    from .household_data import register_tables

    register_tables()


_register_household_data()
