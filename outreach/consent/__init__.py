"""Consent and release from confidentiality: signed on the phone (offline too) or on paper,
sealed, withdrawable, and the only door through which case data reaches a partner."""

from flask import Blueprint

bp = Blueprint("consent", __name__)

from . import (  # noqa: E402,F401  (routes register on bp)
    check_views,
    copy_views,
    disclosure_views,
    partner_views,
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
    sections.register("consents", order=50, partial="consent/_case_consents.html", loader=consent_section)
    sections.register_referral_extras(referral_extras)


_register()
