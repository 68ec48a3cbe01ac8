"""Which parts of a long page a person folded shut or opened on this device (the case page's
sections, the budget form's parts). The page's script writes a cookie; the server reads it here
and renders the page as the person left it, so nothing jumps after load. The cookie holds the
person's id and part names, nothing about a case; another person's cookie on a shared phone is
ignored. Format: `<person id>.+name.-name…` (+ open, - folded)."""

from __future__ import annotations

import re

from flask import g, request
from flask_login import current_user

COOKIE = "outreach_folds"
NAME = re.compile(r"^[a-z][a-z0-9-]{0,40}$")


def remembered(person_id: str | None) -> dict[str, bool]:
    """Part name -> open (True) or folded (False), as this person left them on this device."""
    raw = request.cookies.get(COOKIE, "")[:4000]
    person, _, rest = raw.partition(".")
    if not person_id or person != person_id:
        return {}
    state = {}
    for entry in rest.split("."):
        if entry[:1] in ("+", "-") and NAME.match(entry[1:]):
            state[entry[1:]] = entry[0] == "+"
    return state


def is_open(name: str, folded_by_default: bool = False) -> bool:
    """Whether a part starts open for the signed-in person (a template global: `fold_open`)."""
    if "folds" not in g:
        g.folds = remembered(current_user.id if current_user.is_authenticated else None)
    return g.folds.get(name, not folded_by_default)
