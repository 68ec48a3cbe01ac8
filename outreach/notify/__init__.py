"""Telling people when it is their turn (issue 22): their settings (which kinds, which channel,
quiet hours), Web Push subscriptions per device, the queue the sender works through (admins see
it) and the sender itself (a thread of `outreach serve` or `outreach notify` from cron). What a
person is told of comes from the "for you" registry; no message carries personal data."""

from flask import Blueprint

bp = Blueprint("notify", __name__)

from . import admin_views, views  # noqa: E402,F401  (routes register on bp)


def _register() -> None:
    from .. import retention
    from ..auth import leaving
    from . import store

    # Signed out on a device, or the device revoked: no more pushes to it.
    leaving.register("notify", lambda db, device_id, reason: store.drop_device(db, device_id))
    # Messages are kept a while for the admins' queue, then forgotten.
    retention.register("notify", store.prune)


_register()
