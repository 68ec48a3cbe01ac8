""""For you" (Für Sie): what waits for the signed-in person, from every area (outreach/for_you.py),
with the count in the navigation; on a worker's phone the page is kept with the lists, offline
too, marked with the time it was made. Thin views."""

from __future__ import annotations

from flask import render_template
from flask_login import current_user

from .. import audit, clock, for_you
from ..auth.access import require
from ..clock import berlin_today
from ..db import get_db
from . import bp


@bp.app_context_processor
def for_you_count():
    if not current_user.is_authenticated:
        return {}
    return {"for_you_count": for_you.count(for_you.entries(get_db(), current_user.actor, berlin_today()))}


@bp.get("/for-you")
@require()
def for_you_page():
    found = for_you.entries(get_db(), current_user.actor, berlin_today())
    audit.log("for_you.read", details={"entries": len(found)})
    return render_template("shell/for_you.html", entries=found, made_at=clock.stamp())
