"""The case page's registry: each area registers a section; this module knows no area.

A section is a name (also its anchor id on the page), an order, a title (its heading, which is
also what folds it open and shut), a loader `(db, case, view) -> context | None` and a partial
template. A loader that refuses the viewer (role, consent) returns None and nothing of that area
renders. A section may also name the next step it sees for the case (`action(case, view, data) ->
Action | None`): the page's header shows the most pressing one of all. `folded` is how a section
starts on a phone until the person opens or shuts it (remembered: outreach/folds.py). Areas register
at import time; registering the same name again replaces it (the app factory may run many times in
one process).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

Loader = Callable[..., "dict | None"]


@dataclass(frozen=True)
class Action:
    """A next step for the case: the lower the priority, the more pressing."""

    priority: int
    label: str
    href: str


ActionOf = Callable[..., "Action | None"]


@dataclass(frozen=True)
class Section:
    name: str
    order: int
    loader: Loader
    partial: str
    title: object = ""  # a (lazy) translated string
    action: ActionOf | None = None
    folded: bool = False
    closed_action: bool = False  # its next step applies to a closed case too (a follow-up)


@dataclass(frozen=True)
class Failure:
    """A section's form that was refused: re-rendered with what was typed and the messages."""

    section: str
    form: str
    values: dict = field(default_factory=dict)
    errors: dict = field(default_factory=dict)


_SECTIONS: dict[str, Section] = {}
# Anything a partner sees of their referral beyond "received" is decided by whoever registers
# here (consent); with nobody registered, they see exactly that and nothing more.
_REFERRAL_EXTRAS: list[Callable] = []


def register(name: str, *, order: int, loader: Loader, partial: str, title: object = "",
             action: ActionOf | None = None, folded: bool = False, closed_action: bool = False) -> Section:
    section = Section(name, order, loader, partial, title or name, action, folded, closed_action)
    _SECTIONS[name] = section
    return section


def unregister(name: str) -> None:
    _SECTIONS.pop(name, None)


def registered() -> list[Section]:
    return sorted(_SECTIONS.values(), key=lambda s: (s.order, s.name))


def get(name: str) -> Section:
    return _SECTIONS[name]


def load(db, case: dict, view, failure: Failure | None = None, only: str | None = None) -> list[tuple[Section, dict]]:
    """Each section that shows for this viewer, with its context (the failed form's state included)."""
    shown = []
    for section in registered():
        if only and section.name != only:
            continue
        data = section.loader(db, case, view)
        if data is None:
            continue
        failed = failure is not None and failure.section == section.name
        shown.append((section, {"data": data, "form": failure.form if failed else None,
                                "values": failure.values if failed else {},
                                "errors": failure.errors if failed else {}}))
    return shown


def next_action(shown: list[tuple[Section, dict]], case: dict, view) -> Action | None:
    """The most pressing next step any shown section sees (for a closed case only the sections that
    registered `closed_action`, such as a follow-up that is due)."""
    closed = case["status"] != "open"
    actions = [section.action(case, view, state["data"]) for section, state in shown
               if section.action and (section.closed_action or not closed)]
    actions = [action for action in actions if action is not None]
    return min(actions, key=lambda action: action.priority) if actions else None


_TIMELINE: dict[str, Callable] = {}


def register_timeline(area: str, events: Callable) -> None:
    """events(db, case_id) -> [(ISO date, what, detail), …]: an area's entries on the case timeline."""
    _TIMELINE[area] = events


def timeline_events(db, case_id: str) -> list[tuple]:
    found: list[tuple] = []
    for area in sorted(_TIMELINE):
        found += _TIMELINE[area](db, case_id)
    return found


def register_referral_extras(provider: Callable) -> None:
    """provider(db, referral_ids) -> {referral_id: {...}}: what a partner may see beyond "received"."""
    if provider not in _REFERRAL_EXTRAS:
        _REFERRAL_EXTRAS.append(provider)


def referral_extras(db, referral_ids: list[str]) -> dict[str, dict]:
    extras: dict[str, dict] = {referral_id: {} for referral_id in referral_ids}
    for provider in _REFERRAL_EXTRAS:
        for referral_id, more in provider(db, referral_ids).items():
            extras.setdefault(referral_id, {}).update(more)
    return extras
