"""People of a small centre, each signed in through the real passkey flow."""

from __future__ import annotations

import pytest

from outreach.auth.people import create_organisation, create_team
from outreach.db import get_db
from tests.support.people import signed_in


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
