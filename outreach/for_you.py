"""The "for you" registry (issue 22): what waits for the signed-in person, from every area. It
knows no area; an area registers `provider(db, actor, today) -> [Entry, …]` at import time, each
entry a thing to do with a link to where it is done. An entry disappears when the thing is done,
because providers read the current state (a note approved, a request answered) — nothing is
marked read. Entries carry no more than the person may see where the link leads."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

_PROVIDERS: dict[str, Callable] = {}
_KINDS: dict[str, Kind] = {}
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Entry:
    kind: str  # a stable code: which kind of thing waits (for the page's grouping and the tests)
    title: str  # in the person's language
    url: str  # where it is done
    urgent: bool = False
    count: int = 1  # several of the same behind one link (a queue)
    # What the entry stands for, one key per thing (a queue names each item): the e-mail and push
    # tell of each key once. Default: the kind and the link.
    keys: tuple[str, ...] = ()

    def event_keys(self) -> tuple[str, ...]:
        return self.keys or (f"{self.kind}:{self.url}",)


@dataclass(frozen=True)
class Kind:
    """A kind of entry, for the person's settings: its name and the roles it can reach."""

    code: str
    label: object  # a lazy text
    roles: frozenset[str]


def register(area: str, provider: Callable, kinds: tuple[Kind, ...] = ()) -> None:
    _PROVIDERS[area] = provider
    for kind in kinds:
        _KINDS[kind.code] = kind


def kinds_for(roles) -> list[Kind]:
    """The kinds of entry a person with these roles can get (the settings list these)."""
    return [kind for kind in _KINDS.values() if kind.roles & set(roles)]


def entries(db, actor, today: date) -> list[Entry]:
    """Everything that waits for this person, the urgent first; a failing area costs only its own entries."""
    found: list[Entry] = []
    for area in sorted(_PROVIDERS):
        try:
            found += [entry for entry in _PROVIDERS[area](db, actor, today) if entry.count > 0]
        except Exception:  # noqa: BLE001 — the header of every page shows the count: one area's fault stays its own
            log.exception("For you: the entries of %s could not be read", area)
    return sorted(found, key=lambda entry: (not entry.urgent, entry.kind, entry.title))


def count(found: list[Entry]) -> int:
    return sum(entry.count for entry in found)
