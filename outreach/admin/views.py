from __future__ import annotations

from flask import render_template

from ..auth.access import require
from ..auth.people import all_people
from ..db import get_db
from ..domain.permissions import may_administer
from . import bp


@bp.get("/people")
@require(may_administer)
def people():
    return render_template("admin/people.html", people=all_people(get_db()))
