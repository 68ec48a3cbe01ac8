"""The access report of a case (who saw what): thin view over admin/access_report.py."""

from __future__ import annotations

from flask import render_template, request
from flask_babel import gettext as _

from .. import audit
from ..auth.access import require
from ..db import get_db
from ..domain.permissions import may_administer
from ..forms import whole_number
from . import access_report, bp


@bp.get("/access-report")
@require(may_administer)
def access_report_page():
    db = get_db()
    number = request.args.get("number", "").strip()[:20]
    page = whole_number(request.args.get("page", "1"), maximum=100_000) or 1
    if not number:
        return render_template("admin/access_report.html", number="", case=None)
    case = access_report.case_by_number(db, number)
    if case is None:
        return render_template("admin/access_report.html", number=number, case=None,
                               error=_("No case has the number %(number)s.", number=number)), 404
    condition = access_report.about(db, case)
    events, total = access_report.events(db, condition, limit=access_report.PAGE,
                                         offset=(page - 1) * access_report.PAGE)
    audit.log("access_report.read", subject=("case", case["id"]), details={"page": page})
    return render_template("admin/access_report.html", number=number, case=case, events=events, total=total,
                           page=page, pages=max(1, -(-total // access_report.PAGE)),
                           people=access_report.people(db, condition), devices=access_report.devices(db, case))
