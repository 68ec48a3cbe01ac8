""""For you" (issue 22): each kind of entry appears for exactly the people it concerns, leads to
where it is done and leaves once it is done; the count in the navigation; every role reaches
its own page."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from outreach.cases import store as cases_store
from outreach.clock import berlin_today
from outreach.db import get_db
from tests.support.notes import save_note, send
from tests.web.test_cases import form, open_case
from tests.web.test_referrals import refer, referral_id

PEOPLE = ("worker", "colleague", "other_team_worker", "supervisor", "other_supervisor", "admin", "partner",
          "city_partner")


def kinds(browser) -> list[str]:
    return re.findall(r'data-for-you="([a-z_]+)"', browser.page("/for-you"))


def who_sees(centre, kind: str) -> set[str]:
    return {person for person in PEOPLE if kind in kinds(getattr(centre, person))}


@pytest.mark.parametrize("person", PEOPLE)
def test_everyone_signed_in_has_a_page_and_nobody_else(app, centre, person):
    html = getattr(centre, person).page("/for-you")
    assert "Für Sie" in html and "Stand:" in html
    assert app.test_client().get("/for-you").status_code == 302


def test_a_note_waiting_for_approval_and_returned_goes_to_exactly_the_right_people(app, centre):
    case_id = open_case(centre)
    note = save_note(centre.worker.person.id, case_id, status="submitted", situation="Zur Freigabe.")
    assert send(centre.worker, note)[0]["status"] == "applied"
    assert who_sees(centre, "approval_waiting") == {"supervisor"}
    assert 'data-for-you-count>1<' in centre.supervisor.page("/").replace("</span>", "<")
    centre.supervisor.page(f"/approvals/{note['entity_id']}")
    assert centre.supervisor.client.post(f"/approvals/{note['entity_id']}/return", data=form(
        centre.supervisor, comment="Bitte ergänzen.")).status_code == 303
    assert who_sees(centre, "approval_waiting") == set()
    assert who_sees(centre, "note_returned") == {"worker"}
    assert f'href="/visits/{note["entity_id"]}"' in centre.worker.page("/for-you")
    fixed = save_note(centre.worker.person.id, case_id, note_id=note["entity_id"], base=note["id"], status="submitted",
                      situation="Ergänzt.")
    assert send(centre.worker, fixed)[0]["status"] == "applied"
    assert who_sees(centre, "note_returned") == set() and who_sees(centre, "approval_waiting") == {"supervisor"}


def test_new_referrals_wait_for_the_supervisors_until_decided(app, centre):
    assert refer(centre.partner).status_code == 303
    assert who_sees(centre, "intake_waiting") == {"supervisor", "other_supervisor"}
    rid = referral_id(app)
    centre.supervisor.client.post(f"/intake/{rid}/decline", data=form(centre.supervisor, reason="nicht zuständig"))
    assert who_sees(centre, "intake_waiting") == set()


def test_a_take_over_request_waits_for_the_office_until_answered(app, centre):
    from tests.web.test_claim_requests import consent, published_version, send_request

    case_id = open_case(centre)
    with app.app_context():
        tenant = cases_store.members(get_db(), case_id)[0]["id"]
    centre.worker.client.post(f"/cases/{case_id}/claims", data=form(
        centre.worker, kind="rent_arrears_takeover", addressee_organisation_id=centre.city, amount_asked="650,00"))
    with app.app_context():
        claim = get_db().execute("SELECT id FROM claim").fetchone()[0]
    version = published_version(app, centre.admin, [centre.city], purposes=("arrears_takeover",),
                                categories=("contact", "household", "arrears_plan"))
    case = {"id": case_id, "tenant": tenant, "version": version, "claim": claim}
    consent(centre, case)
    assert send_request(centre, case).status_code == 303
    assert who_sees(centre, "takeover_request") == {"city_partner"}
    with app.app_context():
        request_id = get_db().execute("SELECT id FROM claim_request").fetchone()[0]
    centre.city_partner.page(f"/authority/requests/{request_id}")
    assert centre.city_partner.client.post(f"/authority/requests/{request_id}/answer", data=form(
        centre.city_partner, answer="refused", notice_dated_on=berlin_today().isoformat(),
        sent_by="post")).status_code == 303
    assert who_sees(centre, "takeover_request") == set()


def test_a_shelter_request_waits_for_the_city_until_answered(app, centre):
    from tests.support.consent import published_version
    from tests.web.test_shelter import answer, sent_request

    case_id = open_case(centre, stage="eviction_date")
    with app.app_context():
        tenant = cases_store.members(get_db(), case_id)[0]["id"]
        cases_store.add_key_date(get_db(), case_id, "eviction_date", berlin_today() + timedelta(days=20), None)
    version = published_version(app, centre.admin, [centre.city], purposes=("emergency_accommodation",),
                                categories=("contact", "household"))
    rid = sent_request(app, centre, {"id": case_id, "tenant": tenant, "version": version})
    assert who_sees(centre, "shelter_request") == {"city_partner"}
    centre.worker.page(f"/cases/{case_id}")  # looked before the answer
    assert answer(centre, rid, answer="refused", refusal_reason="Kein Platz.").status_code == 303
    assert who_sees(centre, "shelter_request") == set()
    assert who_sees(centre, "shelter_answer") == {"worker"}  # the city's answer waits until the worker looks
    centre.worker.page(f"/cases/{case_id}")
    assert who_sees(centre, "shelter_answer") == set()


def test_referrals_wait_for_the_service_and_their_check_day_for_the_worker(app, centre):
    from outreach.services import store as services_store
    from tests.support.consent import published_version
    from tests.web.test_onward_referrals import consent
    from tests.web.test_onward_referrals import refer as refer_on

    with app.app_context():
        youth = services_store.create(get_db(), {
            "name": "Jugendamt", "kind": "youth_office", "street": "", "postcode": "", "city": "", "opening_hours": "",
            "phone": "", "email": "", "languages": ["de"], "waiting_weeks": None, "accepts_data_referrals": True,
            "organisation_id": centre.city, "note": "", "active": True}, by=None)
    case_id = open_case(centre)
    with app.app_context():
        tenant = cases_store.members(get_db(), case_id)[0]["id"]
    version = published_version(app, centre.admin, [centre.city], purposes=("onward_referral",),
                                categories=("contact", "household"), name="Vermittlung")
    case = {"id": case_id, "tenant": tenant, "version": version}
    consent(centre, case)
    assert refer_on(centre, case, youth, channel="with_data", category=["contact"]).status_code == 303
    assert who_sees(centre, "onward_referral_answer") == {"city_partner"}
    assert who_sees(centre, "onward_referral_check") == set()  # two weeks to go
    with app.app_context():
        get_db().execute("UPDATE onward_referral SET check_on = ?", [berlin_today().isoformat()])
        get_db().conn.commit()
    assert who_sees(centre, "onward_referral_check") == {"worker"}
    [referral] = [r[0] for r in get_db_rows(app, "SELECT id FROM onward_referral")]
    centre.city_partner.page(f"/partner/onward-referrals/{referral}")
    centre.city_partner.client.post(f"/partner/onward-referrals/{referral}/answer", data=form(
        centre.city_partner, answer="cannot_take"))
    assert who_sees(centre, "onward_referral_answer") == set()
    assert who_sees(centre, "service_answer") == {"worker"}
    centre.worker.page(f"/cases/{case_id}")
    assert who_sees(centre, "service_answer") == set()
    centre.worker.client.post(f"/cases/{case_id}/onward-referrals/{referral}/outcome", data=form(
        centre.worker, outcome="refused", outcome_on=berlin_today().isoformat()))
    assert who_sees(centre, "onward_referral_check") == set()


def test_reference_values_that_ran_out_wait_for_the_admins(app, centre, monkeypatch):
    from datetime import date

    from outreach.shell import for_you_views

    monkeypatch.setattr(for_you_views, "berlin_today", lambda: date(2026, 3, 1))  # every table covered then
    assert who_sees(centre, "reference_values") == set()
    monkeypatch.setattr(for_you_views, "berlin_today", lambda: date(2030, 1, 1))  # long after the seeded values
    assert who_sees(centre, "reference_values") == {"admin"}
    assert 'href="/admin/reference-values"' in centre.admin.page("/for-you")


def test_one_failing_area_costs_only_its_own_entries(app, centre, monkeypatch):
    from outreach import for_you

    def broken(db, actor, today):
        raise RuntimeError("boom")

    monkeypatch.setitem(for_you._PROVIDERS, "zz_broken", broken)
    assert centre.worker.client.get("/for-you").status_code == 200
    assert centre.worker.client.get("/cases").status_code == 200


def get_db_rows(app, sql):
    with app.app_context():
        return get_db().execute(sql).fetchall()


def test_a_deadline_in_its_last_week_waits_for_the_worker_of_the_case_until_dealt_with(app, centre):
    case_id = open_case(centre)
    assert who_sees(centre, "deadline_last_week") == set()  # only the first contact, four weeks off
    with app.app_context():
        cases_store.add_key_date(get_db(), case_id, "hearing", berlin_today() + timedelta(days=5), None)
        key_id = get_db().execute("SELECT id FROM key_date WHERE kind = 'hearing'").fetchone()[0]
    assert who_sees(centre, "deadline_last_week") == {"worker"}
    html = centre.worker.page("/for-you")
    assert f'href="/cases/{case_id}#deadlines"' in html and "Anna Müller" not in html
    centre.worker.client.post(f"/cases/{case_id}/key-dates/{key_id}/done", data=form(centre.worker, done="1"))
    assert who_sees(centre, "deadline_last_week") == set()


def test_cases_nobody_reached_within_the_standard_wait_for_the_team_supervisor(app, centre):
    reported = berlin_today() - timedelta(days=40)
    case_id = open_case(centre, report_received_on=reported.isoformat())
    open_case(centre, report_received_on=(berlin_today() - timedelta(days=3)).isoformat())  # within the standard
    assert who_sees(centre, "first_contact_lapsed") == {"supervisor"}
    assert 'data-for-you="first_contact_lapsed"' in centre.supervisor.page("/for-you")
    with app.app_context():
        cases_store.add_attempt(get_db(), case_id, "reached", reported + timedelta(days=10), centre.worker.person.id)
    assert who_sees(centre, "first_contact_lapsed") == set()


def test_an_authoritys_answer_waits_for_the_worker_until_they_open_the_case(app, centre):
    case_id = open_case(centre)
    with app.app_context():
        db = get_db()
        claim = "c" * 16
        db.execute("INSERT INTO claim (id, case_id, kind, state, created_by, created_at, updated_at) "
                   "VALUES (?, ?, 'rent_arrears_takeover', 'filed', ?, '2026-01-01T00:00:00.000000Z', "
                   "'2026-01-01T00:00:00.000000Z')", [claim, case_id, centre.worker.person.id])
        db.execute("""INSERT INTO claim_request (id, claim_id, case_id, organisation_id, channel, categories,
                      schonfrist_end, state, sent_by, sent_at, answered_by, answered_at)
                      VALUES ('r1', ?, ?, ?, 'app', '[]', ?, 'documents_requested', ?, ?, ?, ?)""",
                   [claim, case_id, centre.city, (berlin_today() + timedelta(days=20)).isoformat(),
                    centre.worker.person.id, "2026-01-01T00:00:00.000000Z", centre.city_partner.person.id,
                    "2099-01-01T00:00:00.000000Z"])
        db.conn.commit()
    assert who_sees(centre, "takeover_answer") == {"worker"}
    assert 'data-for-you="takeover_answer"' in centre.worker.page("/for-you")
    with app.app_context():
        get_db().execute("UPDATE claim_request SET answered_at = ?", ["2026-01-02T00:00:00.000000Z"])
        get_db().conn.commit()
    centre.worker.page(f"/cases/{case_id}")
    assert who_sees(centre, "takeover_answer") == set()


def test_team_devices_with_old_unsent_items_wait_for_the_supervisor(app, centre):
    from outreach import clock

    device = centre.worker.device_id
    with app.app_context():
        get_db().execute("UPDATE device SET last_unsent_count = 4, oldest_unsent_at = ? WHERE id = ?",
                         [clock.later(hours=-30), device])
        get_db().conn.commit()
    assert who_sees(centre, "device_unsent") == {"supervisor"}
    assert "Wera Werner: 4" in centre.supervisor.page("/for-you")
    with app.app_context():
        get_db().execute("UPDATE device SET last_unsent_count = 0, oldest_unsent_at = NULL WHERE id = ?", [device])
        get_db().conn.commit()
    assert who_sees(centre, "device_unsent") == set()


def test_the_phone_reports_its_oldest_unsent_item_and_what_is_left_after_a_batch(app, centre):
    from outreach import clock

    case_id = open_case(centre)
    worker = centre.worker
    day_and_half_ago = int((clock.now() - timedelta(hours=36)).timestamp() * 1000)
    first = save_note(worker.person.id, case_id, situation="Eins.")
    answer = worker.post("/sync", {"device_id": worker.device_id, "unsent": 3, "unsent_since": day_and_half_ago,
                                   "mutations": [first]})
    assert answer.status_code == 200
    assert who_sees(centre, "device_unsent") == {"supervisor"}  # two still wait, the oldest 36 hours old
    for odd in ("gestern", True, -5, 10**20, 1.5e300):
        assert worker.post("/sync", {"device_id": worker.device_id, "unsent": 2, "unsent_since": odd,
                                     "mutations": []}).status_code == 200
    rest = [save_note(worker.person.id, case_id, situation=text) for text in ("Zwei.", "Drei.")]
    assert worker.post("/sync", {"device_id": worker.device_id, "unsent": 2, "unsent_since": day_and_half_ago,
                                 "mutations": rest}).status_code == 200
    with app.app_context():
        assert get_db().execute("SELECT last_unsent_count, oldest_unsent_at FROM device WHERE id = ?",
                                [worker.device_id]).fetchone() == (0, None)
    assert who_sees(centre, "device_unsent") == set()


def test_two_versions_of_a_note_wait_for_their_author_until_brought_together(app, centre):
    case_id = open_case(centre)
    author = centre.worker.person.id
    first = save_note(author, case_id)
    send(centre.worker, first)
    a = save_note(author, case_id, note_id=first["entity_id"], base=first["id"], situation="A")
    b = save_note(author, case_id, note_id=first["entity_id"], base=first["id"], situation="B")
    assert [r["status"] for r in send(centre.worker, a, b)] == ["applied", "conflict"]
    assert who_sees(centre, "note_conflict") == {"worker"}
    resolve = save_note(author, case_id, note_id=first["entity_id"], base=a["id"], situation="A und B",
                        resolves=[b["id"]])
    assert send(centre.worker, resolve)[0]["status"] == "applied"
    assert who_sees(centre, "note_conflict") == set()
