"""Claims to the authorities on the case page: the filing-month hint, decisions with the deemed
receipt and the appeal deadline, the interim-order alert, bad input and who may (issue 20)."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest

from outreach.cases import store
from outreach.clock import berlin_today
from outreach.db import get_db
from outreach.domain.deadlines.claims import appeal_deadline, deemed_receipt
from tests.web.test_cases import form, open_case, page


@pytest.fixture
def case_id(centre):
    return open_case(centre)


def claims(app, case_id):
    with app.app_context():
        return [dict(r) for r in get_db().query("SELECT * FROM claim WHERE case_id = ?", [case_id])]


def new_claim(browser, case_id, **data):
    return browser.client.post(f"/cases/{case_id}/claims", data=form(browser, **data))


def test_a_wohngeld_claim_being_prepared_must_be_filed_within_the_month(app, centre, case_id):
    response = new_claim(centre.worker, case_id, kind="wohngeld", addressee_name="Wohngeldstelle Senftenberg",
                         amount_asked="")
    assert response.status_code == 303
    [claim] = claims(app, case_id)
    assert claim["state"] == "preparing" and claim["filed_on"] is None
    first = (berlin_today().replace(day=28) + timedelta(days=4)).replace(day=1)
    board = page(centre.worker, "/deadlines").get_data(as_text=True)
    assert f"Wohngeld: vor dem {first:%d.%m.} stellen" in board
    assert "Anträge bei Behörden" in page(centre.worker, f"/cases/{case_id}").get_data(as_text=True)
    response = centre.worker.client.post(f"/cases/{case_id}/claims/{claim['id']}/filed",
                                         data=form(centre.worker, filed_on=berlin_today().isoformat()))
    assert response.status_code == 303
    assert "vor dem" not in page(centre.worker, "/deadlines").get_data(as_text=True)
    assert centre.worker.client.post(f"/cases/{case_id}/claims/{claim['id']}/filed",
                                     data=form(centre.worker, filed_on=berlin_today().isoformat())).status_code == 409


def test_the_basic_income_carries_its_dated_name(app, centre, case_id):
    new_claim(centre.worker, case_id, kind="sgb2_basic_income", addressee_name="Jobcenter OSL")
    html = page(centre.worker, f"/cases/{case_id}").get_data(as_text=True)
    expected = "Grundsicherungsgeld" if berlin_today().isoformat() >= "2026-07-01" else "Bürgergeld"
    assert expected in html


def test_a_refused_take_over_while_the_schonfrist_runs_raises_the_top_alert(app, centre, case_id):
    today = berlin_today()
    with app.app_context():
        db = get_db()
        member = store.members(db, case_id)[0]["id"]
        store.add_key_date(db, case_id, "suit_served", today - timedelta(days=20), None, member)
    new_claim(centre.worker, case_id, kind="rent_arrears_takeover", addressee_name="Jobcenter OSL",
              amount_asked="1.850,00", filed_on=(today - timedelta(days=15)).isoformat())
    [claim] = claims(app, case_id)
    posted = today - timedelta(days=6)
    response = centre.worker.client.post(f"/cases/{case_id}/claims/{claim['id']}/decision", data=form(
        centre.worker, decision="refused", notice_dated_on=posted.isoformat(), sent_by="post"))
    assert response.status_code == 303
    received = deemed_receipt(posted, "post")
    board = page(centre.worker, "/deadlines").get_data(as_text=True)
    assert "Eilantrag beim Sozialgericht" in board
    assert "Widerspruch gegen den Bescheid: Übernahme der Mietschulden" in board
    html = page(centre.worker, f"/cases/{case_id}").get_data(as_text=True)
    assert f"{appeal_deadline(received):%d.%m.%Y}" in html and f"{received:%d.%m.%Y}" in html
    [line] = [json.loads(r[0]) for r in _audit(app, "claim.decided")]
    assert line == {"kind": "rent_arrears_takeover", "decision": "refused"}
    response = centre.worker.client.post(f"/cases/{case_id}/claims/{claim['id']}/appeal",
                                         data=form(centre.worker, appealed_on=today.isoformat()))
    assert response.status_code == 303
    board = page(centre.worker, "/deadlines").get_data(as_text=True)
    assert "Widerspruch gegen den Bescheid" not in board and "Eilantrag" not in board


def _audit(app, action):
    with app.app_context():
        return get_db().execute("SELECT details FROM audit_log WHERE action = ?", [action]).fetchall()


def test_missing_appeal_instructions_give_a_year_and_a_later_receipt_wins(app, centre, case_id):
    today = berlin_today()
    new_claim(centre.worker, case_id, kind="wohngeld", addressee_name="Wohngeldstelle",
              filed_on=(today - timedelta(days=40)).isoformat())
    [claim] = claims(app, case_id)
    dated, actual = today - timedelta(days=10), today - timedelta(days=2)
    centre.worker.client.post(f"/cases/{case_id}/claims/{claim['id']}/decision", data=form(
        centre.worker, decision="partly_granted", notice_dated_on=dated.isoformat(), sent_by="post",
        received_on=actual.isoformat(), instructions_missing="1", amount_granted="120,00", form="grant"))
    html = page(centre.worker, f"/cases/{case_id}").get_data(as_text=True)
    assert f"{appeal_deadline(actual, False):%d.%m.%Y}" in html and "ein Jahr" in html


@pytest.mark.parametrize("data, field", [
    ({"kind": "lottery", "addressee_name": "Amt"}, "kind"),
    ({"kind": "wohngeld"}, "addressee_name"),
    ({"kind": "wohngeld", "addressee_name": "Amt", "filed_on": "2999-01-01"}, "filed_on"),
    ({"kind": "wohngeld", "addressee_name": "Amt", "amount_asked": "zwölf"}, "amount_asked"),
    ({"kind": "wohngeld", "addressee_organisation_id": "nope"}, "addressee_organisation_id"),
])
def test_bad_claims_are_refused_with_the_field_named(app, centre, case_id, data, field):
    response = new_claim(centre.worker, case_id, **data)
    assert response.status_code == 400
    assert f'aria-describedby="{field}-error"' in response.get_data(as_text=True)
    assert claims(app, case_id) == []


def test_a_bad_decision_is_refused_and_nothing_is_recorded(app, centre, case_id):
    new_claim(centre.worker, case_id, kind="wohngeld", addressee_name="Amt", filed_on=berlin_today().isoformat())
    [claim] = claims(app, case_id)
    today = berlin_today()
    response = centre.worker.client.post(f"/cases/{case_id}/claims/{claim['id']}/decision", data=form(
        centre.worker, decision="refused", notice_dated_on=today.isoformat(), sent_by="post",
        received_on=(today - timedelta(days=3)).isoformat()))
    assert response.status_code == 400 and "bevor" in response.get_data(as_text=True)
    response = centre.worker.client.post(f"/cases/{case_id}/claims/{claim['id']}/decision", data=form(
        centre.worker, decision="refused", notice_dated_on=today.isoformat(), sent_by="pigeon"))
    assert response.status_code == 400
    with app.app_context():
        assert get_db().execute("SELECT count(*) FROM claim_decision").fetchone()[0] == 0


def test_only_the_case_team_may_and_a_claim_belongs_to_its_case(app, centre, case_id):
    new_claim(centre.worker, case_id, kind="wohngeld", addressee_name="Amt")
    [claim] = claims(app, case_id)
    url = f"/cases/{case_id}/claims/{claim['id']}/filed"
    data = {"filed_on": berlin_today().isoformat()}
    for role in ("colleague", "other_team_worker", "other_supervisor", "admin", "partner"):
        browser = getattr(centre, role)
        assert browser.client.post(url, data=form(browser, **data)).status_code == 404, role
        assert new_claim(browser, case_id, kind="wohngeld", addressee_name="Amt").status_code == 404, role
    other = open_case(centre, tenant_name="Bernd Brandt")
    assert centre.worker.client.post(f"/cases/{other}/claims/{claim['id']}/filed",
                                     data=form(centre.worker, **data)).status_code == 404
    assert app.test_client().post(url, data=data).status_code == 403  # signed out: CSRF refuses first
    assert centre.supervisor.client.post(url, data=form(centre.supervisor, **data)).status_code == 303


def _take_over_granted(app, centre, case_id, *, suit_days_ago, amount, reached_days_ago):
    today = berlin_today()
    with app.app_context():
        db = get_db()
        member = store.members(db, case_id)[0]["id"]
        store.add_key_date(db, case_id, "suit_served", today - timedelta(days=suit_days_ago), None, member)
        store.set_tenancy(db, case_id, tenancy_start=None, base_rent_cents=50_000, service_charge_cents=0,
                          heating_cents=0)
        earlier = today.replace(day=1) - timedelta(days=70)
        store.set_ledger_month(db, case_id, earlier.year, earlier.month, 50_000, 0)
    new_claim(centre.worker, case_id, kind="rent_arrears_takeover", addressee_name="Jobcenter OSL",
              filed_on=(today - timedelta(days=suit_days_ago - 1)).isoformat())
    [claim] = claims(app, case_id)
    response = centre.worker.client.post(f"/cases/{case_id}/claims/{claim['id']}/decision", data=form(
        centre.worker, decision="granted", notice_dated_on=(today - timedelta(days=reached_days_ago + 1)).isoformat(),
        sent_by="in_person", amount_granted=amount, form="loan",
        reached_landlord_on=(today - timedelta(days=reached_days_ago)).isoformat()))
    assert response.status_code == 303
    return page(centre.worker, f"/cases/{case_id}").get_data(as_text=True)


def test_a_commitment_in_time_that_covers_the_amount_marks_the_schonfrist_as_met(app, centre, case_id):
    html = _take_over_granted(app, centre, case_id, suit_days_ago=20, amount="99.000,00", reached_days_ago=1)
    assert 'data-commitment="in_time"' in html and "Verpflichtungserklärung rechtzeitig" in html


def test_a_commitment_that_covers_less_says_by_how_much(app, centre, case_id):
    html = _take_over_granted(app, centre, case_id, suit_days_ago=20, amount="1,00", reached_days_ago=1)
    assert 'data-commitment="too_small"' in html and "bleibt um" in html


def test_a_commitment_that_reached_the_landlord_after_the_schonfrist_is_too_late(app, centre, case_id):
    html = _take_over_granted(app, centre, case_id, suit_days_ago=80, amount="99.000,00", reached_days_ago=1)
    assert 'data-commitment="too_late"' in html and "nach dem Ende der Schonfrist" in html
