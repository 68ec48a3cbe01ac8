"""People: the list, inviting someone, and one person's page (roles, team, status, passkeys,
devices, recovery link)."""

from __future__ import annotations

import sqlite3
from datetime import timedelta

from flask import (
    abort,
    current_app,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user

from .. import audit
from ..auth import devices, invitations, limiter, passkeys
from ..auth.access import require
from ..auth.account_views import invitation_limit, person_key, qr_data_uri
from ..auth.people import (
    all_organisations,
    all_people,
    all_teams,
    create_person,
    disable,
    enable,
    get_person,
    person_by_email,
    set_roles,
    set_team,
)
from ..db import get_db, write
from ..domain.permissions import GUARDED_ROLES, grant_needs_second_admin, may_administer
from ..forms import Form
from . import bp, grants
from .forms import ROLE_ORDER, invitation_form, roles_form, team_field


def person_or_404(person_id: str):
    person = get_person(get_db(), person_id)
    if person is None:
        abort(404)
    return person


def choices() -> tuple[dict[str, dict], dict[str, dict]]:
    db = get_db()
    return {o["id"]: o for o in all_organisations(db)}, {t["id"]: t for t in all_teams(db)}


def one_time_link(token: str) -> str:
    return current_app.config["PUBLIC_ORIGIN"].rstrip("/") + url_for("auth.invitation", token=token)


def render_people(form: Form | None = None, status: int = 200):
    organisations, teams = choices()
    people = all_people(get_db())
    for person in people:
        person["roles"] = sorted((person["roles"] or "").split(","), key=_role_rank) if person["roles"] else []
    form = form or Form({"email": "", "display_name": "", "roles": [], "team_id": "", "organisation_id": ""})
    db = get_db()
    return render_template("admin/people.html", people=people, form=form, organisations=organisations.values(),
                           teams=teams.values(), role_order=ROLE_ORDER, pending=grants.pending(db),
                           single_admin=grants.active_admins(db) < 2), status


def _role_rank(role: str) -> int:
    return ROLE_ORDER.index(role) if role in ROLE_ORDER else len(ROLE_ORDER)


@bp.get("/")
@require(may_administer)
def index():
    return redirect(url_for("admin.people"))


@bp.get("/people")
@require(may_administer)
def people():
    return render_people()


@bp.post("/people")
@require(may_administer)
@limiter.limit(invitation_limit, key_func=person_key)
def invite():
    db = get_db()
    organisations, teams = choices()
    form = invitation_form(request.form, organisations, teams, lambda email: person_by_email(db, email) is not None)
    if not form.ok:
        return render_people(form, 400)
    values = form.values
    hours = current_app.config["INVITATION_HOURS"]
    asked, team_id = set(values["roles"]), values["team_id"] or None
    organisation_id = values["organisation_id"] or None
    # What one administrator may not grant alone starts as a pending grant: the person is invited
    # with the rest (perhaps no role yet) and gets the guarded roles and the team once confirmed.
    now = asked - GUARDED_ROLES
    try:
        with write(db):
            person = create_person(db, values["email"], values["display_name"], now,
                                   organisation_id=organisation_id, awaiting_grant=now != asked)
            if now != asked:
                grants.request(db, person.id, "roles", grants.roles_state(person),
                               {"roles": sorted(asked), "organisation": organisation_id}, current_user.id)
                audit.log("grant.requested", subject=("person", person.id), details={"roles": sorted(asked)})
            if team_id:
                grants.request(db, person.id, "team", None, team_id, current_user.id)
                audit.log("grant.requested", subject=("person", person.id), details={"team": team_id})
            token = invitations.create(db, person.id, "invite", timedelta(hours=hours), created_by=current_user.id)
            audit.log("person.invited", subject=("person", person.id),
                      details={"roles": sorted(asked), "team": team_id, "organisation": organisation_id,
                               "waiting_for_second_admin": now != asked or bool(team_id)})
            audit.log("invitation.created", subject=("person", person.id), details={"purpose": "invite"})
    except sqlite3.IntegrityError:  # the same email added a moment ago in another request
        form.errors["email"] = _("Someone with this email address already exists. Open their page instead.")
        return render_people(form, 400)
    link = one_time_link(token)
    return render_template("auth/link_created.html", link=link, qr=qr_data_uri(link), hours=hours,
                           title=_("Invitation for %(name)s", name=person.display_name),
                           lead=_("Give this link to the person (or let them scan the code) – in person or by phone, "
                                  "not by e-mail alone. It works once and is shown only now."))


def render_person(person, status: int = 200, **state):
    """One person's page; `state` carries a form that failed (its values and messages)."""
    db = get_db()
    organisations, teams = choices()
    row = db.execute("SELECT created_at, disabled_at FROM person WHERE id = ?", [person.id]).fetchone()
    names = {p["id"]: p["display_name"] for p in all_people(db)}
    state.setdefault("roles_form", Form({"roles": sorted(person.roles, key=_role_rank),
                                         "organisation_id": person.organisation_id or ""}))
    state.setdefault("team_form", Form({"team_id": person.team_id or ""}))
    return render_template(
        "admin/person.html", person=person, created_at=row[0], disabled_at=row[1], names=names,
        organisations=organisations.values(), organisation=organisations.get(person.organisation_id),
        teams=teams.values(), team=teams.get(person.team_id), role_order=ROLE_ORDER,
        passkeys=passkeys.credentials_of(db, person.id, usable_only=False),
        devices=devices.devices_of(db, person.id), current_device=session.device_id,
        is_self=person.id == current_user.id, pending=grants.pending(db, person.id), team_names=grants.team_names(db),
        **state,
    ), status


@bp.get("/people/<person_id>")
@require(may_administer)
def person(person_id: str):
    return render_person(person_or_404(person_id))


@bp.post("/people/<person_id>/roles")
@require(may_administer)
def change_roles(person_id: str):
    person = person_or_404(person_id)
    organisations, _teams = choices()
    form = roles_form(request.form, organisations)
    roles = set(form.values["roles"])
    if form.ok and person.id == current_user.id and "admin" not in roles:
        form.errors["roles"] = _("You cannot remove your own administrator role: ask another administrator, "
                                 "so that the centre always keeps one.")
    if form.ok and person.team_id and "partner" in roles:
        form.errors["roles"] = _("Partners do not belong to a team of the centre: remove the team first.")
    if not form.ok:
        return render_person(person, 400, roles_form=form)
    organisation_id = form.values["organisation_id"] or None
    before = {"roles": sorted(person.roles), "organisation": person.organisation_id}
    after = {"roles": sorted(roles), "organisation": organisation_id}
    if before != after:
        db = get_db()
        if grant_needs_second_admin(current_user.id, person.id, roles_before=person.roles, roles_after=roles) or (
                person.id == current_user.id and organisation_id != person.organisation_id):
            return _ask_second_admin(person, "roles", before, after, roles_form=form)
        with write(db):
            set_roles(db, person.id, roles, organisation_id)
            audit.log("person.roles_changed", subject=("person", person.id), details={"before": before, "after": after})
    return redirect(url_for("admin.person", person_id=person.id), code=303)


def _ask_second_admin(person, kind: str, before, after, **form_state):
    """The change waits for a second administrator (separation of duties, audited)."""
    db = get_db()
    try:
        grants.request(db, person.id, kind, before, after, current_user.id)
    except grants.GrantRefused:
        form_state[f"{kind}_form"].errors["roles" if kind == "roles" else "team_id"] = _(
            "A change of this person's %(what)s already waits for a second administrator: decide or withdraw it "
            "first.", what=_("roles") if kind == "roles" else _("team"))
        return render_person(person, 409, **form_state)
    audit.log("grant.requested", subject=("person", person.id), details={"kind": kind, "before": before,
                                                                          "after": after})
    return redirect(url_for("admin.person", person_id=person.id), code=303)


@bp.post("/people/<person_id>/team")
@require(may_administer)
def change_team(person_id: str):
    person = person_or_404(person_id)
    _organisations, teams = choices()
    form = Form(request.form)
    form.values["roles"] = sorted(person.roles)  # a partner cannot join a team
    team_field(form, teams)
    if not form.ok:
        return render_person(person, 400, team_form=form)
    team_id = form.values["team_id"] or None
    if team_id != person.team_id:
        db = get_db()
        if grant_needs_second_admin(current_user.id, person.id, team_before=person.team_id, team_after=team_id):
            return _ask_second_admin(person, "team", person.team_id, team_id, team_form=form)
        with write(db):
            set_team(db, person.id, team_id)
            audit.log("person.team_changed", subject=("person", person.id),
                      details={"before": person.team_id, "after": team_id})
    return redirect(url_for("admin.person", person_id=person.id), code=303)


@bp.post("/people/<person_id>/disable")
@require(may_administer)
def disable_person(person_id: str):
    person = person_or_404(person_id)
    if person.id == current_user.id:
        return render_person(person, 400, status_error=_(
            "You cannot disable yourself: ask another administrator, so that the centre always keeps one."))
    if person.status != "disabled":
        db = get_db()
        with write(db):
            disable(db, person.id)  # also ends every session of theirs
            audit.log("person.disabled", subject=("person", person.id), details={"before": person.status})
    return redirect(url_for("admin.person", person_id=person.id), code=303)


@bp.post("/people/<person_id>/enable")
@require(may_administer)
def enable_person(person_id: str):
    person = person_or_404(person_id)
    if person.status == "disabled":
        db = get_db()
        with write(db):
            enable(db, person.id)
            audit.log("person.enabled", subject=("person", person.id))
    return redirect(url_for("admin.person", person_id=person.id), code=303)


@bp.post("/people/<person_id>/passkeys/<credential_id>/revoke")
@require(may_administer)
def revoke_passkey(person_id: str, credential_id: str):
    person = person_or_404(person_id)
    db = get_db()
    stored = passkeys.get_credential(db, credential_id)
    if stored is None or stored["person_id"] != person.id:
        abort(404)
    if not passkeys.usable(stored):  # already removed or revoked: nothing left to do
        return redirect(url_for("admin.person", person_id=person.id), code=303)
    if person.id == current_user.id and len(passkeys.credentials_of(db, person.id)) == 1:
        return render_person(person, 400, passkey_error=_(
            "This is your last passkey: without it you could not sign in again. Add another passkey first "
            "(My passkeys) or ask another administrator."))
    with write(db):
        passkeys.remove(db, credential_id, revoked_by=current_user.id)  # ends the sessions it signed in
        audit.log("passkey.revoked", subject=("credential", credential_id), details={"person": person.id})
    if credential_id == session.credential_id:
        return redirect(url_for("auth.sign_in"), code=303)
    return redirect(url_for("admin.person", person_id=person.id), code=303)


@bp.post("/people/<person_id>/recovery")
@require(may_administer)
@limiter.limit(invitation_limit, key_func=person_key)
def recovery_link(person_id: str):
    person = person_or_404(person_id)
    if person.status == "disabled":
        return render_person(person, 400, recovery_error=_(
            "This person is disabled. Enable them first, then create the recovery link."))
    hours = current_app.config["RECOVERY_HOURS"]
    db = get_db()
    with write(db):
        token = invitations.create(db, person.id, "recovery", timedelta(hours=hours), created_by=current_user.id)
        audit.log("invitation.created", subject=("person", person.id), details={"purpose": "recovery"})
    link = one_time_link(token)
    return render_template("auth/link_created.html", link=link, qr=qr_data_uri(link), hours=hours,
                           title=_("Recovery link for %(name)s", name=person.display_name),
                           lead=_("Give this link to the person after checking who is asking – in person or by "
                                  "phone. It works once and is shown only now."))
