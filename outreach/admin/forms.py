"""The admin forms' own checks (roles, teams, organisations, invitations) on the app's one Form."""

from __future__ import annotations

import re

from flask_babel import gettext as _

from ..domain.permissions import ROLES, RoleError, validate_roles
from ..forms import Form

ROLE_ORDER = ("worker", "supervisor", "admin", "partner")
# The CHECK list of organisation.kind in migration 0002.
ORGANISATION_KINDS = ("centre", "housing_company", "city", "jobcenter", "sozialamt", "energy_supplier", "other")
PLAUSIBLE_EMAIL = re.compile(r"^[^@\s]+@[^@\s.]+(\.[^@\s.]+)+$")
MAX_EMAIL, MAX_NAME, MAX_LEGAL_BASIS = 254, 120, 2000


def role_labels() -> dict[str, str]:
    return {"worker": _("Worker"), "supervisor": _("Supervisor"), "admin": _("Administrator"),
            "partner": _("Partner")}


def decision_labels() -> dict[str, str]:
    return {"confirmed": _("confirmed"), "refused": _("refused"), "withdrawn": _("withdrawn"), "pending": _("waiting")}


def status_labels() -> dict[str, str]:
    return {"invited": _("invited"), "active": _("active"), "disabled": _("disabled")}


def organisation_kind_labels() -> dict[str, str]:
    return {"centre": _("Counselling centre"), "housing_company": _("Housing company"),
            "city": _("City or municipality"), "jobcenter": _("Jobcenter"), "sozialamt": _("Sozialamt"),
            "energy_supplier": _("Energy supplier"), "other": _("Other")}


def check_name(form: Form, name: str, missing: str) -> None:
    form.text(name, max_length=MAX_NAME, missing=missing)


def role_message(roles: set[str], organisation_id: str | None) -> str | None:
    """The domain decides (validate_roles); this only says why in the person's language."""
    try:
        validate_roles(roles, organisation_id)
    except RoleError:
        if roles - ROLES:
            return _("Please choose roles from the list.")
        if not roles:
            return _("Please choose at least one role.")
        if "partner" in roles and len(roles) > 1:
            return _("A partner cannot hold another role. Choose either partner or staff roles.")
        if "partner" in roles:
            return _("A partner belongs to a partner organisation: please choose one.")
        return _("This combination of roles is not possible.")
    return None


def roles_form(data, organisations: dict[str, dict]) -> Form:
    """Roles (checkboxes) and partner organisation, as in the invitation and on a person's page."""
    form = Form(data)
    roles = form.many("roles", limit=10)
    organisation_id = form.text("organisation_id", required=False) or None
    if organisation_id and organisation_id not in organisations:
        form.errors["organisation_id"] = _("Please choose an organisation from the list.")
        return form
    message = role_message(set(roles), organisation_id)
    if message:
        form.errors["roles"] = message
    return form


def team_field(form: Form, teams: dict[str, dict]) -> None:
    team_id = form.text("team_id", required=False)
    if team_id and team_id not in teams:
        form.errors["team_id"] = _("Please choose a team from the list.")
    elif team_id and "partner" in form.values.get("roles", ()):
        form.errors["team_id"] = _("Partners do not belong to a team of the centre.")


def invitation_form(data, organisations: dict[str, dict], teams: dict[str, dict], email_taken) -> Form:
    """A new person: email, display name, roles, team, partner organisation."""
    form = roles_form(data, organisations)
    email = form.text("email", max_length=MAX_EMAIL, missing=_("Please enter the email address."))
    if email and "email" not in form.errors and not PLAUSIBLE_EMAIL.match(email):
        form.errors["email"] = _("This does not look like an email address (name@example.org).")
    elif email and "email" not in form.errors and email_taken(email):
        form.errors["email"] = _("Someone with this email address already exists. Open their page instead.")
    check_name(form, "display_name", _("Please enter the name."))
    team_field(form, teams)
    return form


def organisation_form(data, name_taken) -> Form:
    form = Form(data)
    check_name(form, "name", _("Please enter the organisation's name."))
    if "name" not in form.errors and name_taken(form.values["name"]):
        form.errors["name"] = _("An organisation with this name already exists.")
    form.choice("kind", ORGANISATION_KINDS)
    if "kind" in form.errors:
        form.errors["kind"] = _("Please choose a kind from the list.")
    form.text("legal_basis", max_length=MAX_LEGAL_BASIS,
              missing=_("Please state the legal basis for sharing with this organisation."))
    return form


def team_form(data, name_taken) -> Form:
    form = Form(data)
    check_name(form, "name", _("Please enter the team's name."))
    if "name" not in form.errors and name_taken(form.values["name"]):
        form.errors["name"] = _("A team with this name already exists.")
    return form
