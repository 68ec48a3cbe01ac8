"""Partner referrals → intake → case; the partner sees only that it was received, and when."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from outreach.clock import berlin_today
from outreach.db import get_db
from tests.support.people import without_tokens


def form(browser, **data):
    return {"csrf_token": browser.token, **data}


def refer(partner, **overrides):
    data = {"tenant_name": "Erika Nowak", "street": "Thälmannstraße 12", "postcode": "01968", "city": "Senftenberg",
            "arrears": "1.320,00", "stage": "eviction_suit", "tenant_informed": "yes",
            "suit_served": (berlin_today() - timedelta(days=10)).isoformat(), "note": "Bitte bald melden."}
    data.update(overrides)
    return partner.client.post("/referrals", data=form(partner, **data))


def referral_id(app, name="Erika Nowak"):
    with app.app_context():
        return get_db().execute("SELECT id FROM referral WHERE tenant_name = ? ORDER BY submitted_at DESC",
                                [name]).fetchone()[0]


def test_partner_submits_and_sees_only_received_and_when(app, centre):
    response = refer(centre.partner)
    assert response.status_code == 303
    html = centre.partner.client.get("/referrals").get_data(as_text=True)
    assert "Danke: Ihre Meldung ist eingegangen." in html
    assert "Erika Nowak" in html and "Eingegangen am" in html
    # Accepted and assigned: the partner's view does not change at all.
    rid = referral_id(app)
    before = without_tokens(centre.partner.client.get("/referrals").get_data(as_text=True))
    centre.supervisor.page(f"/intake/{rid}")
    centre.supervisor.client.post(f"/intake/{rid}/accept", data=form(centre.supervisor, worker_id=centre.worker.person.id))
    after = without_tokens(centre.partner.client.get("/referrals").get_data(as_text=True))
    assert before == after
    main = after.split("<main", 1)[1].split("</main>", 1)[0]
    assert "Wera Werner" not in main and "angenommen" not in main.lower()
    assert not re.search(r"\b\d{4}-\d{4}\b", main)  # no case number


def test_partners_see_only_their_own_organisations_referrals(app, centre):
    refer(centre.partner)
    assert "Erika Nowak" not in centre.city_partner.client.get("/referrals").get_data(as_text=True)


def test_referral_reaches_the_intake_queue(app, centre):
    refer(centre.partner)
    html = centre.supervisor.client.get("/intake").get_data(as_text=True)
    assert "Erika Nowak" in html and "Wohnungsgesellschaft Test" in html


def test_accept_creates_an_assigned_case_with_the_known_dates(app, centre):
    refer(centre.partner)
    rid = referral_id(app)
    response = centre.supervisor.client.post(f"/intake/{rid}/accept", data=form(
        centre.supervisor, worker_id=centre.worker.person.id))
    assert response.status_code == 303
    case_id = response.headers["Location"].rsplit("/", 1)[1]
    html = centre.worker.client.get(f"/cases/{case_id}").get_data(as_text=True)
    assert "Erika Nowak" in html and "Ende der Schonfrist" in html
    assert "Erika Nowak" in centre.worker.client.get("/cases").get_data(as_text=True)
    with app.app_context():
        row = get_db().execute("SELECT status, case_id FROM referral WHERE id = ?", [rid]).fetchone()
        source = get_db().execute("SELECT source FROM household_case WHERE id = ?", [case_id]).fetchone()[0]
    assert row == ("accepted", case_id) and source == "housing_company"


def test_a_referral_is_decided_once(app, centre):
    refer(centre.partner)
    rid = referral_id(app)
    first = centre.supervisor.client.post(f"/intake/{rid}/accept", data=form(centre.supervisor, worker_id=centre.worker.person.id))
    again = centre.supervisor.client.post(f"/intake/{rid}/decline", data=form(centre.supervisor, reason="zu spät"))
    assert first.status_code == 303 and again.status_code == 409
    with app.app_context():
        assert get_db().execute("SELECT count(*) FROM household_case").fetchone()[0] == 1


def test_decline_needs_a_reason(app, centre):
    refer(centre.partner)
    rid = referral_id(app)
    assert centre.supervisor.client.post(f"/intake/{rid}/decline", data=form(centre.supervisor)).status_code == 400
    assert centre.supervisor.client.post(f"/intake/{rid}/decline", data=form(
        centre.supervisor, reason="Kein Wohnsitz im Stadtgebiet")).status_code == 303
    assert "Erika Nowak" not in centre.supervisor.client.get("/intake").get_data(as_text=True)


def test_duplicates_are_flagged_and_mergeable(app, centre):
    refer(centre.partner)
    first = referral_id(app)
    response = centre.supervisor.client.post(f"/intake/{first}/accept", data=form(
        centre.supervisor, worker_id=centre.worker.person.id))
    case_id = response.headers["Location"].rsplit("/", 1)[1]
    # The court's notice about the same household arrives via the city, spelled differently.
    refer(centre.city_partner, tenant_name="Nowak, Erika", street="Thälmannstr. 12", stage="eviction_title")
    second = referral_id(app, "Nowak, Erika")
    assert "Mögliche Doppelmeldung" in centre.supervisor.client.get("/intake").get_data(as_text=True)
    html = centre.supervisor.client.get(f"/intake/{second}").get_data(as_text=True)
    assert "Mögliche Doppelmeldungen" in html and case_id in html
    response = centre.supervisor.client.post(f"/intake/{second}/merge", data=form(centre.supervisor, case_id=case_id))
    assert response.status_code == 303 and response.headers["Location"].endswith(case_id)
    with app.app_context():
        assert get_db().execute("SELECT status FROM referral WHERE id = ?", [second]).fetchone()[0] == "merged"
        assert get_db().execute("SELECT count(*) FROM household_case").fetchone()[0] == 1


def test_merge_only_into_own_teams_open_case(app, centre):
    from tests.web.test_cases import open_case

    case_id = open_case(centre)
    refer(centre.partner, tenant_name="Anna Müller", street="Bahnhofstraße 3")
    rid = referral_id(app, "Anna Müller")
    response = centre.other_supervisor.client.post(f"/intake/{rid}/merge", data=form(
        centre.other_supervisor, case_id=case_id))
    assert response.status_code == 404


@pytest.mark.parametrize("field, value", [
    ("arrears", "-5"), ("arrears", "zwölf"), ("stage", "panic"), ("tenant_informed", ""), ("tenant_name", ""),
    ("suit_served", "32.13.2026"), ("note", "x" * 2001),
])
def test_bad_referrals_are_refused_and_nothing_typed_is_lost(app, centre, field, value):
    response = refer(centre.partner, **{field: value})
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert 'aria-invalid="true"' in html
    assert 'value="Thälmannstraße 12"' in html or field == "street"
    with app.app_context():
        assert get_db().execute("SELECT count(*) FROM referral").fetchone()[0] == 0


@pytest.mark.parametrize("who", ["worker", "supervisor", "admin", "other_team_worker"])
def test_only_partners_refer(centre, who):
    browser = getattr(centre, who)
    assert browser.client.get("/referrals").status_code == 403
    assert refer(browser).status_code == 403


@pytest.mark.parametrize("who", ["worker", "admin", "partner", "city_partner"])
def test_only_supervisors_triage(app, centre, who):
    refer(centre.partner)
    rid = referral_id(app)
    browser = getattr(centre, who)
    assert browser.client.get("/intake").status_code == 403
    assert browser.client.get(f"/intake/{rid}").status_code == 403
    assert browser.client.post(f"/intake/{rid}/accept", data=form(browser, worker_id="x")).status_code == 403


def test_partner_without_an_organisation_cannot_exist():
    from outreach.domain.permissions import RoleError, validate_roles

    with pytest.raises(RoleError):
        validate_roles({"partner"}, None)
