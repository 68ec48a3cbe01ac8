"""The offline set: which pages of the signed-in person's caseload the service worker keeps."""

from __future__ import annotations

from flask import current_app, jsonify, session, url_for
from flask_babel import gettext as _
from flask_login import current_user

from .. import audit
from ..cases.devices import record_case_on_device
from ..cases.store import visible_cases
from ..db import get_db, write
from ..domain.permissions import may_see_caseload
from . import bp, kinds


@bp.get("/sync/caseload")
def caseload_for_device():
    """JSON only, never a redirect. Records which cases went to which device (sync promise 4)
    and audits one event per copy: "caseload copied to device D, n cases"."""
    if not current_user.is_authenticated:
        return jsonify(error="signed_out", message=_("Please sign in again.")), 401
    db = get_db()
    actor = current_user.actor
    field_staff = may_see_caseload(actor)  # partners and admins carry no caseload
    # Chosen by role: a phone keeps the case files of the cases assigned to its person, never the
    # whole team's; a supervisor's phone keeps the team's caseload and deadline board (lists),
    # and case files only of cases they work on themselves.
    cases = [c for c in visible_cases(db, actor) if c["status"] == "open" and c["assigned_worker_id"] == actor.id] \
        if field_staff else []
    urls = [url_for("cases.caseload"), url_for("cases.deadline_board")] if field_staff else []
    scope = "none" if not field_staff else "own_cases_and_team_lists" if actor.has("supervisor") else "own_cases"
    with write(db):
        for case in cases:
            urls.append(url_for("cases.case_page", case_id=case["id"]))
            urls += kinds.offline_pages(db, case)  # each area's forms and recent records of the case
            record_case_on_device(db, case["id"], session.device_id, current_user.id)
    audit.log("caseload.copied", details={"device": session.device_id or "", "cases": len(cases)})
    response = jsonify(person=current_user.id, urls=urls, scope=scope,
                       lifetime_seconds=int(current_app.config["OFFLINE_LIFETIME_SECONDS"]),
                       refresh_seconds=int(current_app.config["CASELOAD_REFRESH_SECONDS"]))
    response.headers["Cache-Control"] = "no-store"
    return response
