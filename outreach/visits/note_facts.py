"""The note page's registry: other areas add what they know about a note (approvals: its last
return and its approval) without the visits area knowing them. Loaders `(db, note) -> dict`."""

from __future__ import annotations

from collections.abc import Callable

_LOADERS: dict[str, Callable[..., dict]] = {}


def register(area: str, loader: Callable[..., dict]) -> None:
    _LOADERS[area] = loader


def load(db, note: dict) -> dict:
    facts: dict = {}
    for area in sorted(_LOADERS):
        facts.update(_LOADERS[area](db, note))
    return facts
