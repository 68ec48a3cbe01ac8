"""Partner organisations (who may receive what, on which legal basis) and the centre's teams."""

from __future__ import annotations

import sqlite3

from flask import redirect, render_template, request, url_for
from flask_babel import gettext as _

from .. import audit
from ..auth.access import require
from ..auth.people import (
    all_organisations,
    all_people,
    all_teams,
    create_organisation,
    create_team,
)
from ..db import get_db, write
from ..domain.permissions import may_administer
from ..forms import Form
from . import bp
from .forms import ORGANISATION_KINDS, organisation_form, team_form


def name_taken(table: str):
    def taken(name: str) -> bool:
        return get_db().execute(f"SELECT 1 FROM {table} WHERE lower(name) = lower(?)", [name]).fetchone() is not None

    return taken


def render_organisations(form: Form | None = None, status: int = 200):
    db = get_db()
    members: dict[str, int] = {}
    for person in all_people(db):
        if person["organisation_id"]:
            members[person["organisation_id"]] = members.get(person["organisation_id"], 0) + 1
    form = form or Form({"name": "", "kind": "", "legal_basis": ""})
    return render_template("admin/organisations.html", organisations=all_organisations(db), members=members,
                           form=form, kinds=ORGANISATION_KINDS), status


@bp.get("/organisations")
@require(may_administer)
def organisations():
    return render_organisations()


@bp.post("/organisations")
@require(may_administer)
def add_organisation():
    form = organisation_form(request.form, name_taken("organisation"))
    if not form.ok:
        return render_organisations(form, 400)
    db = get_db()
    try:
        with write(db):
            org_id = create_organisation(db, form.values["name"], form.values["kind"], form.values["legal_basis"])
            audit.log("organisation.created", subject=("organisation", org_id),
                      details={"name": form.values["name"], "kind": form.values["kind"]})
    except sqlite3.IntegrityError:
        form.errors["name"] = _("An organisation with this name already exists.")
        return render_organisations(form, 400)
    return redirect(url_for("admin.organisations"), code=303)


def render_teams(form: Form | None = None, status: int = 200):
    db = get_db()
    teams = [{**team, "supervisors": [], "workers": []} for team in all_teams(db)]
    by_id = {team["id"]: team for team in teams}
    for person in all_people(db):
        team = by_id.get(person["team_id"])
        roles = (person["roles"] or "").split(",")
        if team is None or person["status"] == "disabled":
            continue
        if "supervisor" in roles:
            team["supervisors"].append(person)
        if "worker" in roles:
            team["workers"].append(person)
    return render_template("admin/teams.html", teams=teams, form=form or Form({"name": ""})), status


@bp.get("/teams")
@require(may_administer)
def teams():
    return render_teams()


@bp.post("/teams")
@require(may_administer)
def add_team():
    form = team_form(request.form, name_taken("team"))
    if not form.ok:
        return render_teams(form, 400)
    db = get_db()
    try:
        with write(db):
            team_id = create_team(db, form.values["name"])
            audit.log("team.created", subject=("team", team_id), details={"name": form.values["name"]})
    except sqlite3.IntegrityError:
        form.errors["name"] = _("A team with this name already exists.")
        return render_teams(form, 400)
    return redirect(url_for("admin.teams"), code=303)
