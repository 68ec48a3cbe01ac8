"""Consent and release from confidentiality: signed on the phone (offline too) or on paper,
sealed, withdrawable, and the only door through which case data reaches a partner."""

from flask import Blueprint

bp = Blueprint("consent", __name__)

from . import copy_views, disclosure_views, partner_views, views  # noqa: E402,F401  (routes register on bp)


def _register_sync_kinds() -> None:
    from ..sync.views import register
    from .sync_kinds import PAPER, SIGN, WITHDRAW, apply_paper, apply_sign, apply_withdraw

    register(SIGN, apply_sign)
    register(WITHDRAW, apply_withdraw)
    register(PAPER, apply_paper)


_register_sync_kinds()
