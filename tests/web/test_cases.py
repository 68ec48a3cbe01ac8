"""Case files through the Flask client: who sees what, deadlines on the page, bad input, audit."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest

from outreach.clock import berlin_today
from outreach.db import get_db


def form(browser, **data):
    return {"csrf_token": browser.token, **data}


def open_case(centre, **overrides):
    """The supervisor opens a case for the worker; returns its id."""
    today = berlin_today()
    data = {"tenant_name": "Anna Müller", "street": "Bahnhofstraße 3", "postcode": "01968", "city": "Senftenberg",
            "stage": "eviction_suit", "source": "court_notice",
            "report_received_on": (today - timedelta(days=3)).isoformat(), "worker_id": centre.worker.person.id}
    data.update(overrides)
    response = centre.supervisor.client.post("/cases/new", data=form(centre.supervisor, **data))
    assert response.status_code == 303, response.get_data(as_text=True)[:2000]
    return response.headers["Location"].rsplit("/", 1)[1]


@pytest.fixture
def case_id(centre):
    return open_case(centre)


def page(browser, url):
    return browser.client.get(url)


def test_new_case_gets_a_readable_number_that_is_not_its_url_key(app, centre, case_id):
    html = page(centre.worker, f"/cases/{case_id}").get_data(as_text=True)
    number = re.search(r"(\d{4}-\d{4})", html).group(1)
    assert number.startswith(str(berlin_today().year)) and number not in case_id
    assert len(case_id) >= 16  # random, not guessable from the number


def test_numbers_count_up_per_year(centre):
    first, second = open_case(centre), open_case(centre, tenant_name="Bernd Brandt")
    numbers = []
    for case_id in (first, second):
        html = page(centre.supervisor, f"/cases/{case_id}").get_data(as_text=True)
        numbers.append(int(re.search(r"\d{4}-(\d{4})", html).group(1)))
    assert numbers[1] == numbers[0] + 1


@pytest.mark.parametrize("who, status", [
    ("worker", 200), ("supervisor", 200), ("colleague", 404), ("other_team_worker", 404),
    ("other_supervisor", 404), ("admin", 404), ("partner", 404), ("city_partner", 404),
])
def test_who_may_read_a_case(centre, case_id, who, status):
    assert page(getattr(centre, who), f"/cases/{case_id}").status_code == status


def test_anonymous_is_sent_to_sign_in(app, case_id):
    response = app.test_client().get(f"/cases/{case_id}")
    assert response.status_code == 302 and "/signin" in response.headers["Location"]


def test_reading_a_case_is_audited_without_content(app, centre, case_id):
    page(centre.worker, f"/cases/{case_id}")
    with app.app_context():
        rows = list(get_db().query("SELECT * FROM audit_log WHERE action = 'case.read' AND subject_id = ?", [case_id]))
    assert rows and rows[-1]["actor_id"] == centre.worker.person.id
    assert rows[-1]["device_id"] == centre.worker.device_id
    assert "Müller" not in str(rows)


def test_refused_reads_are_audited(app, centre, case_id):
    page(centre.other_team_worker, f"/cases/{case_id}")
    with app.app_context():
        row = get_db().execute("SELECT actor_id FROM audit_log WHERE action = 'case.access_refused'").fetchone()
    assert row[0] == centre.other_team_worker.person.id


def test_caseload_lists_own_cases_only(centre, case_id):
    assert "Anna Müller" in page(centre.worker, "/cases").get_data(as_text=True)
    assert "Anna Müller" in page(centre.supervisor, "/cases").get_data(as_text=True)
    assert "Anna Müller" not in page(centre.colleague, "/cases").get_data(as_text=True)
    assert "Anna Müller" not in page(centre.other_supervisor, "/cases").get_data(as_text=True)
    for outsider in (centre.admin, centre.partner):
        assert page(outsider, "/cases").status_code == 403


def test_suit_served_shows_the_schonfrist_with_its_countdown(centre, case_id):
    today = berlin_today()
    served = today - timedelta(days=20)
    html = page(centre.worker, f"/cases/{case_id}").get_data(as_text=True)
    member = re.search(r'<option value="([^"]+)"[^>]*>Anna Müller</option>', html).group(1)
    response = centre.worker.client.post(f"/cases/{case_id}/key-dates", data=form(
        centre.worker, kind="suit_served", on_date=served.isoformat(), member_id=member))
    assert response.status_code == 303
    html = page(centre.worker, f"/cases/{case_id}").get_data(as_text=True)
    assert "Ende der Schonfrist" in html and "§ 569(3) Nr. 2 BGB" in html
    assert re.search(r"in \d+ Tagen", html)


def test_per_tenant_dates_need_a_tenant(centre, case_id):
    response = centre.worker.client.post(f"/cases/{case_id}/key-dates", data=form(
        centre.worker, kind="suit_served", on_date=berlin_today().isoformat(), member_id=""))
    assert response.status_code == 400
    assert "Bitte wählen Sie" in response.get_data(as_text=True) or "Please choose the tenant" in response.get_data(as_text=True)


@pytest.mark.parametrize("field, value", [
    ("on_date", "31.02.2026"), ("on_date", "gestern"), ("on_date", "01.01.1800"), ("kind", "no_such_kind"),
])
def test_impossible_key_dates_are_refused_and_kept(centre, case_id, field, value):
    data = {"kind": "hearing", "on_date": "2026-12-01", field: value}
    response = centre.worker.client.post(f"/cases/{case_id}/key-dates", data=form(centre.worker, **data))
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert 'aria-invalid="true"' in html
    if field == "on_date":
        assert f'value="{value}"' in html  # what was typed is still there


def test_negative_rent_is_refused_with_a_message(centre, case_id):
    response = centre.worker.client.post(f"/cases/{case_id}/details", data=form(
        centre.worker, stage="eviction_suit", base_rent="-450", situation="Gespräch geführt"))
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "Bitte einen Betrag ab 0" in html and "Gespräch geführt" in html


def test_unknown_stage_and_oversized_text_are_refused(centre, case_id):
    response = centre.worker.client.post(f"/cases/{case_id}/details", data=form(centre.worker, stage="whatever"))
    assert response.status_code == 400
    long_text = "x" * 5001
    response = centre.worker.client.post(f"/cases/{case_id}/details", data=form(
        centre.worker, stage="arrears", situation=long_text))
    assert response.status_code == 400 and long_text in response.get_data(as_text=True)


def test_ledger_and_rent_give_the_543_threshold(centre, case_id):
    today = berlin_today()
    client = centre.worker.client
    client.post(f"/cases/{case_id}/details", data=form(centre.worker, stage="termination", base_rent="400",
                                                       service_charge="100", heating="50,00"))
    for back in (3, 2, 1):
        index = today.year * 12 + today.month - 1 - back
        response = client.post(f"/cases/{case_id}/ledger", data=form(
            centre.worker, year=str(index // 12), month=str(index % 12 + 1), due="550,00", paid="0"))
        assert response.status_code == 303
    html = page(centre.worker, f"/cases/{case_id}").get_data(as_text=True)
    assert "fristlose Kündigung (§ 543 Abs. 2 Nr. 3 BGB)" in html
    assert "1.650,00" in html  # open arrears


def test_contact_attempt_in_the_future_is_refused(centre, case_id):
    response = centre.worker.client.post(f"/cases/{case_id}/attempts", data=form(
        centre.worker, kind="call", on_date=(berlin_today() + timedelta(days=1)).isoformat()))
    assert response.status_code == 400


def test_three_attempts_meet_the_first_contact_standard(centre, case_id):
    for back in (2, 1, 0):
        centre.worker.client.post(f"/cases/{case_id}/attempts", data=form(
            centre.worker, kind="visit_nobody_home", on_date=(berlin_today() - timedelta(days=back)).isoformat()))
    html = page(centre.worker, f"/cases/{case_id}").get_data(as_text=True)
    assert "Erstkontakt-Standard fällig" not in html


def test_only_the_teams_supervisor_reassigns(app, centre, case_id):
    colleague = centre.colleague.person.id
    assert centre.worker.client.post(f"/cases/{case_id}/assign", data=form(
        centre.worker, worker_id=colleague)).status_code == 403
    assert centre.other_supervisor.client.post(f"/cases/{case_id}/assign", data=form(
        centre.other_supervisor, worker_id=colleague)).status_code == 404
    response = centre.supervisor.client.post(f"/cases/{case_id}/assign", data=form(
        centre.supervisor, worker_id=colleague))
    assert response.status_code == 303
    assert page(centre.colleague, f"/cases/{case_id}").status_code == 200
    assert page(centre.worker, f"/cases/{case_id}").status_code == 404
    with app.app_context():
        history = [r[0] for r in get_db().execute("SELECT worker_id FROM case_assignment WHERE case_id = ? "
                                                  "ORDER BY id", [case_id])]
    assert history == [centre.worker.person.id, colleague]


def test_cannot_assign_to_a_worker_of_another_team(centre, case_id):
    response = centre.supervisor.client.post(f"/cases/{case_id}/assign", data=form(
        centre.supervisor, worker_id=centre.other_team_worker.person.id))
    assert response.status_code == 400


def test_closing_needs_an_outcome(centre, case_id):
    assert centre.worker.client.post(f"/cases/{case_id}/close", data=form(centre.worker)).status_code == 400
    assert centre.worker.client.post(f"/cases/{case_id}/close", data=form(
        centre.worker, outcome="flat_kept")).status_code == 303
    assert "Wohnung erhalten" in page(centre.worker, f"/cases/{case_id}").get_data(as_text=True)
    assert "Anna Müller" not in page(centre.worker, "/cases").get_data(as_text=True)


def test_search_is_a_post_and_finds_by_name_number_or_street(centre, case_id):
    open_case(centre, tenant_name="Bernd Brandt", street="Lindenweg 7")
    client = centre.worker.client
    html = client.post("/cases/search", data=form(centre.worker, q="mueller")).get_data(as_text=True)
    assert "Anna Müller" in html and "Bernd Brandt" not in html
    html = client.post("/cases/search", data=form(centre.worker, q="Lindenweg"),
                       headers={"HX-Request": "true"}).get_data(as_text=True)
    assert "Bernd Brandt" in html and "Anna Müller" not in html and "<html" not in html
    assert client.get("/cases/search?q=mueller").status_code in (404, 405)  # no names in URLs


def test_caseload_is_sorted_by_urgency(centre):
    today = berlin_today()
    calm = open_case(centre, tenant_name="Clara Calm", stage="arrears", report_received_on=today.isoformat())
    urgent = open_case(centre, tenant_name="Ulla Urgent", stage="eviction_date", report_received_on=today.isoformat())
    centre.worker.client.post(f"/cases/{urgent}/key-dates", data=form(
        centre.worker, kind="eviction_date", on_date=(today + timedelta(days=10)).isoformat()))
    html = page(centre.worker, "/cases").get_data(as_text=True)
    assert html.index("Ulla Urgent") < html.index("Clara Calm")
    assert calm


def test_deadline_board_groups_alerts(centre, case_id):
    centre.worker.client.post(f"/cases/{case_id}/key-dates", data=form(
        centre.worker, kind="eviction_date", on_date=(berlin_today() + timedelta(days=30)).isoformat()))
    html = page(centre.worker, "/deadlines").get_data(as_text=True)
    assert "Räumungstermin" in html and "Innerhalb von 6 Wochen" in html


def test_new_case_form_keeps_input_on_errors(centre):
    response = centre.supervisor.client.post("/cases/new", data=form(
        centre.supervisor, tenant_name="Dora Daten", street="", postcode="01968", city="Senftenberg",
        stage="arrears", source="self", report_received_on="2999-01-01", worker_id=centre.worker.person.id))
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert 'value="Dora Daten"' in html and 'value="2999-01-01"' in html


def test_workers_cannot_open_cases(centre):
    assert centre.worker.client.get("/cases/new").status_code == 403
    assert date  # imported for readability of dates above
