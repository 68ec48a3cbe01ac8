"""Consent and release from confidentiality: signed on the phone (offline too) or on paper,
sealed, withdrawable, and the only door through which case data reaches a partner."""

from flask import Blueprint
from flask_babel import lazy_gettext as _l

bp = Blueprint("consent", __name__)

from . import (  # noqa: E402,F401  (routes register on bp)
    check_views,
    copy_views,
    disclosure_views,
    partner_views,
    record_views,
    template_views,
    views,
)


def _register() -> None:
    from ..cases import sections
    from ..sync import kinds
    from .offline import consent_urls
    from .partner_views import referral_extras
    from .sync_kinds import (
        PAPER,
        SIGN,
        WITHDRAW,
        apply_paper,
        apply_sign,
        apply_withdraw,
    )
    from .views import consent_section

    kinds.register(SIGN, apply_sign)
    kinds.register(WITHDRAW, apply_withdraw)
    kinds.register(PAPER, apply_paper)
    kinds.register_offline_pages("consent", lambda db, case: consent_urls(db, case["id"]))
    sections.register("consents", order=50, partial="consent/_case_consents.html", title=_l("Consents"),
                      loader=consent_section, action=take_consent)
    sections.register_referral_extras(referral_extras)


def take_consent(case: dict, view, data: dict):
    """Nobody's consent in force: without it the centre may tell no partner anything."""
    from flask import url_for

    from ..cases.sections import Action

    if any(consent["state"] == "active" for consent in data["consents"]):
        return None
    return Action(30, str(_l("Take the consent (release from confidentiality)")),
                  url_for("consent.new_consent", case_id=case["id"]))


_register()


def _register_household_data() -> None:
    from .household_data import register_tables

    register_tables()


_register_household_data()
