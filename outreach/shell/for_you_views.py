""""For you" (Für Sie): what waits for the signed-in person, from every area (outreach/for_you.py),
with the count in the navigation; on a worker's phone the page is kept with the lists, offline
too, marked with the time it was made. Thin views."""

from __future__ import annotations

from flask import g, render_template
from flask_login import current_user

from .. import audit, clock, for_you
from ..auth.access import require
from ..clock import berlin_today
from ..db import get_db
from . import bp


class LazyCount:
    """The navigation's count, read only when a template shows it: a fragment (an htmx answer)
    has no navigation and costs nothing; a page reads the entries once."""

    def __init__(self, actor):
        self.actor, self.value = actor, None

    def get(self) -> int:
        if self.value is None:
            # Once per request: the offline copy renders many pages in one request.
            if "for_you_count" not in g:
                g.for_you_count = for_you.count(for_you.entries(get_db(), self.actor, berlin_today()))
            self.value = g.for_you_count
        return self.value

    def __bool__(self) -> bool:
        return self.get() > 0

    def __str__(self) -> str:
        return str(self.get())


@bp.app_context_processor
def for_you_count():
    if not current_user.is_authenticated:
        return {}
    return {"for_you_count": LazyCount(current_user.actor)}


@bp.get("/for-you")
@require()
def for_you_page():
    found = for_you.entries(get_db(), current_user.actor, berlin_today())
    audit.log("for_you.read", details={"entries": len(found)})
    return render_template("shell/for_you.html", entries=found, made_at=clock.stamp())
