"""Cases: contradictory dates, privacy of the intake, audit after success, numbering, Schonfrist kinds."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from outreach import clock
from outreach.cases import referrals, store
from outreach.clock import berlin_today
from outreach.db import get_db
from tests.web.test_cases import form, open_case
from tests.web.test_referrals import refer, referral_id


def add_date(browser, case_id, **data):
    return browser.client.post(f"/cases/{case_id}/key-dates", data=form(browser, **data))


def tenant(browser, case_id):
    html = browser.client.get(f"/cases/{case_id}").get_data(as_text=True)
    return re.search(r'<option value="([^"]+)"[^>]*>Anna Müller</option>', html).group(1)


def days(n):
    return (berlin_today() + timedelta(days=n)).isoformat()


def test_an_earlier_healed_termination_after_the_current_one_is_refused(centre):
    case_id = open_case(centre)
    member = tenant(centre.worker, case_id)
    add_date(centre.worker, case_id, kind="termination_received", on_date=days(-60), member_id=member,
             detail="without_notice")
    response = add_date(centre.worker, case_id, kind="earlier_healed_termination", on_date=days(-30))
    assert response.status_code == 400
    assert "muss vor der aktuellen Kündigung liegen" in response.get_data(as_text=True)


def test_contradictory_dates_already_stored_do_not_break_any_page(app, centre):
    case_id = open_case(centre)
    member = tenant(centre.worker, case_id)
    add_date(centre.worker, case_id, kind="suit_served", on_date=days(-20), member_id=member)
    add_date(centre.worker, case_id, kind="termination_received", on_date=days(-60), member_id=member,
             detail="without_notice")
    with app.app_context():  # e.g. typed before the check existed
        store.add_key_date(get_db(), case_id, "earlier_healed_termination", berlin_today() - timedelta(days=30),
                           centre.worker.person.id)
    for url in (f"/cases/{case_id}", "/cases", "/deadlines"):
        assert centre.worker.client.get(url).status_code == 200, url
    assert "widersprechen sich" in centre.worker.client.get(f"/cases/{case_id}").get_data(as_text=True)
    html = centre.worker.client.get("/cases").get_data(as_text=True)
    assert "Anna Müller" in html  # listed first, so someone looks at it


def test_only_a_termination_without_notice_gets_a_schonfrist(centre):
    case_id = open_case(centre)
    member = tenant(centre.worker, case_id)
    add_date(centre.worker, case_id, kind="termination_received", on_date=days(-40), member_id=member,
             detail="ordinary")
    add_date(centre.worker, case_id, kind="suit_served", on_date=days(-20), member_id=member)
    assert "Ende der Schonfrist" not in centre.worker.client.get(f"/cases/{case_id}").get_data(as_text=True)
    add_date(centre.worker, case_id, kind="termination_received", on_date=days(-39), member_id=member,
             detail="without_notice_and_ordinary_in_alternative")
    html = centre.worker.client.get(f"/cases/{case_id}").get_data(as_text=True)
    assert "Ende der Schonfrist" in html and "BGH VIII ZR 231/17" in html


def test_reaching_the_tenant_late_ends_the_first_contact_alert(centre):
    case_id = open_case(centre, report_received_on=days(-40))
    assert "Erstkontakt-Standard fällig" in centre.worker.client.get(f"/cases/{case_id}").get_data(as_text=True)
    centre.worker.client.post(f"/cases/{case_id}/attempts", data=form(centre.worker, kind="reached", on_date=days(0)))
    assert "Erstkontakt-Standard fällig" not in centre.worker.client.get(f"/cases/{case_id}").get_data(as_text=True)


def test_intake_shows_another_teams_case_only_as_existing(app, centre):
    case_id = open_case(centre)  # Team Nord's case
    refer(centre.partner, tenant_name="Anna Müller", street="Bahnhofstraße 3")
    rid = referral_id(app, "Anna Müller")
    html = centre.other_supervisor.client.get(f"/intake/{rid}").get_data(as_text=True)
    assert "In Team Nord gibt es einen offenen Fall" in html
    with app.app_context():
        number = get_db().execute("SELECT number FROM household_case WHERE id = ?", [case_id]).fetchone()[0]
    assert number not in html and case_id not in html and "Mögliche Doppelmeldungen" in html
    own = centre.supervisor.client.get(f"/intake/{rid}").get_data(as_text=True)
    assert number in own and case_id in own


def actions(app, subject_id=None):
    with app.app_context():
        sql, params = "SELECT action FROM audit_log", []
        if subject_id:
            sql, params = sql + " WHERE subject_id = ?", [subject_id]
        return [r[0] for r in get_db().execute(sql + " ORDER BY seq", params)]


def test_a_refused_change_is_not_audited_as_done(app, centre):
    case_id = open_case(centre)
    assert centre.worker.client.post(f"/cases/{case_id}/close", data=form(centre.worker, outcome="nonsense")).status_code == 400
    assert "case.closed" not in actions(app, case_id)
    centre.worker.client.post(f"/cases/{case_id}/close", data=form(centre.worker, outcome="flat_kept"))
    assert actions(app, case_id).count("case.closed") == 1


def test_every_read_and_change_of_case_data_is_audited(app, centre):
    case_id = open_case(centre)
    worker = centre.worker
    worker.client.get("/cases")
    worker.client.post("/cases/search", data=form(worker, q="Müller"))
    worker.client.get("/deadlines")
    worker.client.get(f"/cases/{case_id}")
    add_date(worker, case_id, kind="hearing", on_date=days(30))
    refer(centre.partner)
    rid = referral_id(app)
    centre.supervisor.client.get("/intake")
    centre.supervisor.client.get(f"/intake/{rid}")
    centre.supervisor.client.post(f"/intake/{rid}/accept", data=form(centre.supervisor, worker_id=worker.person.id))
    logged = set(actions(app))
    for action in ("case.created", "caseload.read", "caseload.search", "deadlines.read", "case.key_date_added",
                   "referral.submitted", "intake.read", "referral.read", "referral.accepted", "case.assigned",
                   "case.read"):
        assert action in logged, action


def test_case_numbers_continue_past_9999(app, centre):
    open_case(centre)
    with app.app_context():
        db = get_db()
        db.execute("UPDATE household_case SET number = ?", [f"{berlin_today().year}-9999"])
        assert store.next_number(db, berlin_today().year) == f"{berlin_today().year}-10000"


def test_a_referral_is_accepted_once_even_if_asked_twice(app, centre):
    refer(centre.partner)
    rid = referral_id(app)
    with app.app_context():
        db = get_db()
        referral = referrals.get(db, rid)
        referrals.accept(db, referral, worker_id=centre.worker.person.id, team_id=centre.north,
                         by=centre.supervisor.person.id, today=berlin_today())
        with pytest.raises(referrals.AlreadyDecided):
            referrals.accept(db, referral, worker_id=centre.worker.person.id, team_id=centre.north,
                             by=centre.supervisor.person.id, today=berlin_today())
        assert db.execute("SELECT count(*) FROM household_case").fetchone()[0] == 1


def test_merge_into_a_closed_case_is_refused_and_adds_the_known_dates_otherwise(app, centre):
    closed = open_case(centre)
    centre.worker.client.post(f"/cases/{closed}/close", data=form(centre.worker, outcome="flat_kept"))
    refer(centre.partner)
    rid = referral_id(app)
    assert centre.supervisor.client.post(f"/intake/{rid}/merge", data=form(centre.supervisor, case_id=closed)).status_code == 409
    target = open_case(centre, tenant_name="Erika Nowak", street="Thälmannstraße 12")
    assert centre.supervisor.client.post(f"/intake/{rid}/merge", data=form(centre.supervisor, case_id=target)).status_code == 303
    with app.app_context():
        kinds = [r[0] for r in get_db().execute("SELECT kind FROM key_date WHERE case_id = ?", [target])]
    assert kinds == ["suit_served"]
    assert clock  # the module under test reads the clock only through outreach.clock
