"""Pending grants of roles and teams (separation of duties): the list, and confirming, refusing or
withdrawing one (thin views; the rule is domain/permissions, the store admin/grants.py)."""

from __future__ import annotations

from flask import abort, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from .. import audit
from ..auth.access import require
from ..db import get_db
from ..domain.permissions import may_administer
from . import bp, grants

REFUSALS = {
    "not_pending": lambda: _("This grant was decided already."),
    "own_grant": lambda: _("A second administrator decides this grant: not the one who asked for it, and not the "
                           "person it is for."),
    "changed_since": lambda: _("The person's roles or team changed since this was asked: it cannot be applied. "
                               "Refuse it and ask again."),
}


def render_grants(error: str | None = None, status: int = 200):
    db = get_db()
    return render_template("admin/grants.html", pending=grants.pending(db), recent=grants.recent(db), error=error,
                           single_admin=grants.active_admins(db) < 2, team_names=grants.team_names(db)), status


@bp.get("/grants")
@require(may_administer)
def grant_list():
    return render_grants()


@bp.post("/grants/<grant_id>/<decision>")
@require(may_administer)
def decide_grant(grant_id: str, decision: str):
    actions = {"confirm": grants.confirm, "refuse": grants.refuse, "withdraw": grants.withdraw}
    if decision not in actions:
        abort(404)
    db = get_db()
    if grants.get(db, grant_id) is None:
        abort(404)
    try:
        grant = actions[decision](db, grant_id, current_user.id)
    except grants.GrantRefused as refused:
        audit.log("grant.refused_decision", subject=("grant", grant_id), details={"reason": refused.reason})
        return render_grants(REFUSALS[refused.reason](), 409)
    done = {"confirm": "grant.confirmed", "refuse": "grant.refused", "withdraw": "grant.withdrawn"}[decision]
    audit.log(done, subject=("person", grant["person_id"]),
              details={"grant": grant_id, "kind": grant["kind"], "before": grant["before"], "after": grant["after"]})
    back = request.form.get("back")
    if back == "person":
        return redirect(url_for("admin.person", person_id=grant["person_id"]), code=303)
    return redirect(url_for("admin.grant_list"), code=303)
