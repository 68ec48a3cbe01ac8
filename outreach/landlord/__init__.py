"""The landlord in the loop (issue 20): under a status-feedback consent the housing company sees
that a commitment exists and the agreed instalment, and posts its rent account as statements that
stand beside the worker's ledger (differences shown, never merged)."""

from flask import Blueprint
from flask_babel import lazy_gettext as _l

bp = Blueprint("landlord", __name__)


@bp.app_context_processor
def landlord_nav():
    """For a signed-in housing company: the link to its tenants' cases."""
    from flask_login import current_user

    if not (current_user.is_authenticated and current_user.has("partner")):
        return {}
    from .store import is_landlord

    return {"is_landlord": is_landlord(current_user.organisation_id)}


from . import views  # noqa: E402,F401  (routes register on bp)


def _register() -> None:
    from ..cases import sections

    sections.register("rent-account", order=82, partial="landlord/_case_rent_account.html",
                      title=_l("Rent account according to the landlord"), loader=views.case_section, folded=True)


_register()


def _register_household_data() -> None:
    from .household_data import register_tables

    register_tables()


_register_household_data()
