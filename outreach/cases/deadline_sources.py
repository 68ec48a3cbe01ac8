"""The deadline lists' registry: areas add dated to-dos of their own (tasks from visit notes) to
the deadlines the engine derives from a case's key dates; this module knows no area.

A source is `(db, cases, today, state) -> {case id: [Deadline, …]}` (state: the Bundesland whose
holidays count), asked for many cases at once; it runs wherever a case's view is computed, also
outside a request (the demo seeder), so it takes what it needs as arguments. What
it reads must bump the case's version (migrations 0012/0013): the lists remember each case's
deadlines by that version.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from ..domain.deadlines import Deadline, classify_alert

Source = Callable[..., "dict[str, list[Deadline]]"]
_SOURCES: dict[str, Source] = {}


def register(name: str, source: Source) -> None:
    _SOURCES[name] = source


def extra_deadlines(db, cases: list[dict], today: date, state: str) -> dict[str, list[Deadline]]:
    found: dict[str, list[Deadline]] = {case["id"]: [] for case in cases}
    for name in sorted(_SOURCES):
        for case_id, deadlines in _SOURCES[name](db, cases, today, state).items():
            found[case_id] += deadlines
    return found


def to_do(code: str, due_on: date, label_de: str, label_en: str, source: str, today: date) -> Deadline:
    """A dated to-do shown among the deadlines (alerts as for legal dates)."""
    return Deadline(code, due_on, label_de, label_en, source, classify_alert(due_on, today))
