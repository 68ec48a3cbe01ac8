"""Visit notes: written offline as outbox mutations, applied once, never silently overwritten."""

from flask import Blueprint

bp = Blueprint("visits", __name__)

from . import views  # noqa: E402,F401  (routes register on bp)


def _register_sync_kind() -> None:
    from ..sync.views import register
    from .store import KIND, apply_save

    register(KIND, apply_save)


_register_sync_kind()
