"""Reading and checking the admin forms: values as typed (to show them again) plus messages."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from flask_babel import gettext as _

from ..domain.permissions import ROLES, RoleError, validate_roles

ROLE_ORDER = ("worker", "supervisor", "admin", "partner")
# The CHECK list of organisation.kind in migration 0002.
ORGANISATION_KINDS = ("centre", "housing_company", "city", "jobcenter", "sozialamt", "energy_supplier", "other")
PLAUSIBLE_EMAIL = re.compile(r"^[^@\s]+@[^@\s.]+(\.[^@\s.]+)+$")
MAX_EMAIL, MAX_NAME, MAX_LEGAL_BASIS = 254, 120, 2000


def role_labels() -> dict[str, str]:
    return {"worker": _("Worker"), "supervisor": _("Supervisor"), "admin": _("Administrator"),
            "partner": _("Partner")}


def status_labels() -> dict[str, str]:
    return {"invited": _("invited"), "active": _("active"), "disabled": _("disabled")}


def organisation_kind_labels() -> dict[str, str]:
    return {"centre": _("Counselling centre"), "housing_company": _("Housing company"),
            "city": _("City or municipality"), "jobcenter": _("Jobcenter"), "sozialamt": _("Sozialamt"),
            "energy_supplier": _("Energy supplier"), "other": _("Other")}


@dataclass
class Form:
    """What was typed (kept for re-rendering) and a message per field that is wrong."""

    values: dict = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.errors


def text(form, name: str) -> str:
    return (form.get(name) or "").strip()


def check_name(result: Form, name: str, label_missing: str) -> None:
    value = result.values[name]
    if not value:
        result.errors[name] = label_missing
    elif len(value) > MAX_NAME:
        result.errors[name] = _("Please use at most %(count)s characters.", count=MAX_NAME)


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


def roles_form(form, organisations: dict[str, dict]) -> Form:
    """Roles (checkboxes) and partner organisation, as in the invitation and on a person's page."""
    result = Form({"roles": [r for r in form.getlist("roles") if r][:10],
                   "organisation_id": text(form, "organisation_id")})
    organisation_id = result.values["organisation_id"] or None
    if organisation_id and organisation_id not in organisations:
        result.errors["organisation_id"] = _("Please choose an organisation from the list.")
        return result
    message = role_message(set(result.values["roles"]), organisation_id)
    if message:
        result.errors["roles"] = message
    return result


def team_field(result: Form, form, teams: dict[str, dict]) -> None:
    result.values["team_id"] = text(form, "team_id")
    if result.values["team_id"] and result.values["team_id"] not in teams:
        result.errors["team_id"] = _("Please choose a team from the list.")
    elif result.values["team_id"] and "partner" in result.values.get("roles", ()):
        result.errors["team_id"] = _("Partners do not belong to a team of the centre.")


def invitation_form(form, organisations: dict[str, dict], teams: dict[str, dict], email_taken) -> Form:
    """A new person: email, display name, roles, team, partner organisation."""
    result = roles_form(form, organisations)
    result.values.update(email=text(form, "email"), display_name=text(form, "display_name"))
    email = result.values["email"]
    if not email:
        result.errors["email"] = _("Please enter the email address.")
    elif len(email) > MAX_EMAIL or not PLAUSIBLE_EMAIL.match(email):
        result.errors["email"] = _("This does not look like an email address (name@example.org).")
    elif email_taken(email):
        result.errors["email"] = _("Someone with this email address already exists. Open their page instead.")
    check_name(result, "display_name", _("Please enter the name."))
    team_field(result, form, teams)
    return result


def organisation_form(form, name_taken) -> Form:
    result = Form({"name": text(form, "name"), "kind": text(form, "kind"),
                   "legal_basis": text(form, "legal_basis")})
    check_name(result, "name", _("Please enter the organisation's name."))
    if "name" not in result.errors and name_taken(result.values["name"]):
        result.errors["name"] = _("An organisation with this name already exists.")
    if result.values["kind"] not in ORGANISATION_KINDS:
        result.errors["kind"] = _("Please choose a kind from the list.")
    legal_basis = result.values["legal_basis"]
    if not legal_basis:
        result.errors["legal_basis"] = _("Please state the legal basis for sharing with this organisation.")
    elif len(legal_basis) > MAX_LEGAL_BASIS:
        result.errors["legal_basis"] = _("Please use at most %(count)s characters.", count=MAX_LEGAL_BASIS)
    return result


def team_form(form, name_taken) -> Form:
    result = Form({"name": text(form, "name")})
    check_name(result, "name", _("Please enter the team's name."))
    if "name" not in result.errors and name_taken(result.values["name"]):
        result.errors["name"] = _("A team with this name already exists.")
    return result
