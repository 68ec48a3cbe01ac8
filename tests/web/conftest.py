"""People of a small centre, each signed in through the real passkey flow."""

from __future__ import annotations

import itertools

import pytest

from outreach.auth.people import create_organisation, create_team
from outreach.db import get_db
from tests.support.people import Browser, make_invitation, make_person, signed_in
from tests.support.soft_authenticator import SoftAuthenticator


@pytest.fixture
def jana(app):
    return make_person(app)


@pytest.fixture
def registered_phone(app, jana):
    """Jana's phone: a passkey registered through her invitation; signed in."""
    browser = Browser(app, SoftAuthenticator())
    assert browser.register(make_invitation(app, jana.id)).status_code == 200
    browser.page()
    return browser


@pytest.fixture
def centre(app):
    """Two teams, a housing company and the city, and one signed-in person per role."""
    with app.app_context():
        db = get_db()
        north, south = create_team(db, "Team Nord"), create_team(db, "Team Süd")
        housing = create_organisation(db, "Wohnungsgesellschaft Test", "housing_company", "DSGVO")
        city = create_organisation(db, "Stadt Test", "city", "SGB X")

    class Centre:
        pass

    c = Centre()
    c.north, c.south, c.housing, c.city = north, south, housing, city
    c.supervisor = signed_in(app, "sup@example.org", "Andrea Aufsicht", ("supervisor",), team_id=north)
    c.worker = signed_in(app, "worker@example.org", "Wera Werner", ("worker",), team_id=north)
    c.colleague = signed_in(app, "colleague@example.org", "Konrad Kollege", ("worker",), team_id=north)
    c.other_team_worker = signed_in(app, "south@example.org", "Sven Süd", ("worker",), team_id=south)
    c.other_supervisor = signed_in(app, "sup2@example.org", "Susi Süd", ("supervisor",), team_id=south)
    c.admin = signed_in(app, "admin@example.org", "Adam Admin", ("admin",))
    c.partner = signed_in(app, "partner@example.org", "Paula Partner", ("partner",), organisation_id=housing)
    c.city_partner = signed_in(app, "city@example.org", "Carl City", ("partner",), organisation_id=city)
    c.anonymous = None
    return c


# ---- fixtures shared by the admin tests ---------------------------------------------------

@pytest.fixture
def partner_org(app):
    with app.app_context():
        return create_organisation(get_db(), "Wohnbau Süd GmbH", "housing_company",
                                   "Einwilligung (Art. 6 Abs. 1 a DSGVO)")


@pytest.fixture
def team(app):
    with app.app_context():
        return create_team(get_db(), "Team Mitte")


@pytest.fixture
def sign_in_as(app, partner_org):
    """A factory: a Browser signed in as a new, active person holding `role` (or anonymous)."""
    numbers = itertools.count(1)

    def make(role: str, *, roles=None, email=None, name=None, **person_fields) -> Browser:
        n = next(numbers)
        browser = Browser(app, SoftAuthenticator(), device_id=f"device-{role}-{n:012d}")
        browser.person = None
        if role == "anonymous":
            return browser
        if role == "partner":
            person_fields.setdefault("organisation_id", partner_org)
        browser.person = make_person(app, email=email or f"{role}{n}@example.org", name=name or f"{role.title()} {n}",
                                     roles=roles or (role,), status="active", **person_fields)
        assert browser.register(make_invitation(app, browser.person.id)).status_code == 200
        return browser

    return make


@pytest.fixture
def admin(sign_in_as):
    return sign_in_as("admin", name="Ada Admin")


@pytest.fixture
def tom(sign_in_as):
    """A worker with a registered passkey and a device, signed in on his phone."""
    return sign_in_as("worker", email="tom@example.org", name="Tom Weber")
