"""What else ends when a device leaves — its person signed out on it, or an admin revoked it:
areas register a hook (the notifications drop the device's push subscription). Knows no area."""

from __future__ import annotations

from collections.abc import Callable

_HOOKS: dict[str, Callable] = {}


def register(name: str, hook: Callable) -> None:
    """`hook(db, device_id, reason)`; reason: signed_out · device_revoked."""
    _HOOKS[name] = hook


def device_left(db, device_id: str | None, reason: str) -> None:
    if not device_id:
        return
    for name in sorted(_HOOKS):
        _HOOKS[name](db, device_id, reason)
