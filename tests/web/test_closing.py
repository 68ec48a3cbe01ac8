"""Closing a case with its record, reopening (repeat cases), tenancy follow-ups, "done" on key
dates and minutes of effort, through the Flask client."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest

from outreach.cases import closing
from outreach.clock import berlin_today
from outreach.db import get_db
from tests.web.test_cases import form, open_case, page


@pytest.fixture
def case_id(centre):
    return open_case(centre)


def one(app, sql, params=()):
    with app.app_context():
        return [dict(r) for r in get_db().query(sql, params)]


def closed_days_ago(app, case_id, days, outcome="flat_kept"):
    with app.app_context():
        closing.close(get_db(), case_id, outcome=outcome, on=berlin_today() - timedelta(days=days), by=None)


def test_closing_records_causes_tools_and_the_household_and_plans_follow_ups(app, centre, case_id):
    response = centre.worker.client.post(f"/cases/{case_id}/close", data=form(
        centre.worker, outcome="flat_kept", causes=["income_loss", "benefit_problems"],
        tools=["sgb2_loan", "instalment_agreement"], schonfrist_used="yes", eviction_date_set="no", sex="female",
        age_band="30_39", household_type="single_parent", children="2", income_source="sgb2", nationality="german",
        housing_situation="own_tenancy", education="vocational_training", employment="marginal_employment",
        bank_account="p_account", over_indebtedness="yes"))
    assert response.status_code == 303
    [closure] = one(app, "SELECT * FROM case_closure WHERE case_id = ?", [case_id])
    assert json.loads(closure["causes"]) == ["income_loss", "benefit_problems"]
    assert json.loads(closure["tools"]) == ["sgb2_loan", "instalment_agreement"]
    assert (closure["schonfrist_used"], closure["sex"], closure["children"], closure["bank_account"]) == (
        "yes", "female", "2", "p_account")
    today = berlin_today()
    follow_ups = one(app, "SELECT months, due_on, status FROM follow_up WHERE case_id = ? ORDER BY months", [case_id])
    assert [(f["months"], f["status"]) for f in follow_ups] == [(3, "due"), (6, "due"), (12, "due")]
    assert follow_ups[2]["due_on"] == closing.outcomes.add_months(today, 12).isoformat()
    html = page(centre.worker, f"/cases/{case_id}").get_data(as_text=True)
    assert "Einkommensverlust" in html and "Darlehen des Jobcenters" in html and "Nachfragen zum Mietverhältnis" in html
    [line] = one(app, "SELECT details FROM audit_log WHERE action = 'case.closed' AND subject_id = ?", [case_id])
    assert json.loads(line["details"]) == {"outcome": "flat_kept"}  # never the household's categories


def test_left_out_categories_are_unknown_and_a_refused_help_has_no_follow_ups(app, centre, case_id):
    assert centre.worker.client.post(f"/cases/{case_id}/close", data=form(
        centre.worker, outcome="help_refused")).status_code == 303
    [closure] = one(app, "SELECT * FROM case_closure WHERE case_id = ?", [case_id])
    assert json.loads(closure["causes"]) == ["unknown"] and closure["age_band"] == "unknown"
    assert one(app, "SELECT * FROM follow_up WHERE case_id = ?", [case_id]) == []


@pytest.mark.parametrize("bad", [
    {"causes": ["unknown", "separation"]},
    {"tools": ["none", "own_funds"]},
    {"causes": ["=1+1"]},
    {"sex": "robot"},
    {"children": "7"},
    {"outcome": "flat_burned"},
])
def test_bad_closing_input_is_refused_in_the_users_language_and_nothing_closes(app, centre, case_id, bad):
    data = {"outcome": "flat_kept", **bad}
    response = centre.worker.client.post(f"/cases/{case_id}/close", data=form(centre.worker, **data))
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "Bitte" in html or "nicht zusammen" in html
    assert one(app, "SELECT status FROM household_case WHERE id = ?", [case_id])[0]["status"] == "open"
    assert one(app, "SELECT * FROM case_closure WHERE case_id = ?", [case_id]) == []


def test_the_closing_form_suggests_what_the_case_knows(app, centre, case_id):
    html = page(centre.worker, f"/cases/{case_id}/close").get_data(as_text=True)
    # one member, no eviction date, a suit pending but not served: single, no eviction date, not applicable
    assert 'value="single" selected' in html and 'value="no" selected' in html
    assert 'value="single"' not in page(centre.worker, f"/cases/{case_id}").get_data(as_text=True)  # a page of its own
    closed_days_ago(app, case_id, 3)
    response = page(centre.worker, f"/cases/{case_id}/close")
    assert response.status_code == 303 and response.headers["Location"].endswith("#outcome")


def test_a_follow_up_due_within_six_weeks_brings_the_closed_case_back_into_the_lists(app, centre, case_id):
    closed_days_ago(app, case_id, 80)  # the 3-month check-in is due in about ten days
    assert "Anna Müller" in page(centre.worker, "/cases").get_data(as_text=True)
    assert "Nachfrage nach 3 Monaten festhalten" in page(centre.worker, f"/cases/{case_id}").get_data(as_text=True)
    board = page(centre.worker, "/deadlines").get_data(as_text=True)
    assert "Nachfrage nach 3 Monaten" in board
    other = open_case(centre, tenant_name="Bernd Brandt")
    closed_days_ago(app, other, 10)  # due in about 80 days: not yet
    assert "Bernd Brandt" not in page(centre.worker, "/cases").get_data(as_text=True)


def test_recording_a_check_in_marks_it_done_once(app, centre, case_id):
    closed_days_ago(app, case_id, 95)
    [due] = one(app, "SELECT id FROM follow_up WHERE case_id = ? AND months = 3", [case_id])
    url = f"/cases/{case_id}/follow-ups/{due['id']}"
    data = form(centre.worker, result="stands", checked_on=berlin_today().isoformat(), note="Miete läuft")
    assert centre.worker.client.post(url, data=data).status_code == 303
    [row] = one(app, "SELECT status, result, note, recorded_by FROM follow_up WHERE id = ?", [due["id"]])
    assert row == {"status": "done", "result": "stands", "note": "Miete läuft", "recorded_by": centre.worker.person.id}
    assert centre.worker.client.post(url, data=data).status_code == 409
    assert "Nachfrage nach 3 Monaten" not in page(centre.worker, "/deadlines").get_data(as_text=True)


def test_new_arrears_at_a_check_in_reopen_the_case_as_a_repeat_case(app, centre, case_id):
    closed_days_ago(app, case_id, 95)
    [due] = one(app, "SELECT id FROM follow_up WHERE case_id = ? AND months = 3", [case_id])
    response = centre.worker.client.post(f"/cases/{case_id}/follow-ups/{due['id']}", data=form(
        centre.worker, result="arrears_again", checked_on=berlin_today().isoformat()))
    assert response.status_code == 303
    assert one(app, "SELECT status FROM household_case WHERE id = ?", [case_id])[0]["status"] == "open"
    [closure] = one(app, "SELECT reopened_on, is_repeat, reopen_reason FROM case_closure WHERE case_id = ?", [case_id])
    assert closure == {"reopened_on": berlin_today().isoformat(), "is_repeat": 1,
                       "reopen_reason": "follow_up_arrears_again"}
    statuses = [r["status"] for r in one(app, "SELECT status FROM follow_up WHERE case_id = ? ORDER BY months", [case_id])]
    assert statuses == ["done", "cancelled", "cancelled"]
    [line] = one(app, "SELECT details FROM audit_log WHERE action = 'case.follow_up_recorded'")
    assert json.loads(line["details"]) == {"result": "arrears_again", "months": 3, "reopened": True}


@pytest.mark.parametrize("bad, field", [
    ({"checked_on": "2999-01-01", "result": "stands"}, "checked_on"),
    ({"result": "maybe"}, "result"),
    ({"result": "stands", "note": "x" * 1001}, "note"),
    ({"result": "stands", "checked_on": "31.02.2026"}, "checked_on"),
])
def test_bad_check_ins_are_refused_and_the_follow_up_stays_due(app, centre, case_id, bad, field):
    closed_days_ago(app, case_id, 95)
    [due] = one(app, "SELECT id FROM follow_up WHERE case_id = ? AND months = 3", [case_id])
    data = {"checked_on": berlin_today().isoformat(), **bad}
    response = centre.worker.client.post(f"/cases/{case_id}/follow-ups/{due['id']}", data=form(centre.worker, **data))
    assert response.status_code == 400
    assert f'aria-describedby="{field}-error"' in response.get_data(as_text=True)
    assert one(app, "SELECT status FROM follow_up WHERE id = ?", [due["id"]])[0]["status"] == "due"


def test_a_follow_up_of_another_case_is_not_found(app, centre, case_id):
    other = open_case(centre, tenant_name="Bernd Brandt")
    closed_days_ago(app, other, 95)
    closed_days_ago(app, case_id, 95)
    [foreign] = one(app, "SELECT id FROM follow_up WHERE case_id = ? AND months = 3", [other])
    data = form(centre.worker, result="stands", checked_on=berlin_today().isoformat())
    assert centre.worker.client.post(f"/cases/{case_id}/follow-ups/{foreign['id']}", data=data).status_code == 404
    assert centre.worker.client.post(f"/cases/{case_id}/follow-ups/{'x' * 300}", data=data).status_code == 404


@pytest.mark.parametrize("days_closed, repeat", [(29, 0), (30, 1)])
def test_reopening_counts_as_a_repeat_case_from_thirty_days_on(app, centre, case_id, days_closed, repeat):
    closed_days_ago(app, case_id, days_closed)
    response = centre.worker.client.post(f"/cases/{case_id}/reopen", data=form(centre.worker, reason="Mahnung"))
    assert response.status_code == 303
    [closure] = one(app, "SELECT is_repeat, reopened_by FROM case_closure WHERE case_id = ?", [case_id])
    assert closure == {"is_repeat": repeat, "reopened_by": centre.worker.person.id}
    [line] = one(app, "SELECT details FROM audit_log WHERE action = 'case.reopened'")
    assert json.loads(line["details"]) == {"repeat": bool(repeat)}
    assert centre.worker.client.post(f"/cases/{case_id}/reopen", data=form(centre.worker)).status_code == 409
    # closed again later: the earlier closing stays, the page shows both
    assert centre.worker.client.post(f"/cases/{case_id}/close", data=form(
        centre.worker, outcome="moved_other_flat")).status_code == 303
    assert len(one(app, "SELECT id FROM case_closure WHERE case_id = ?", [case_id])) == 2


def test_a_key_date_marked_done_stops_its_overdue_deadline(app, centre, case_id):
    client = centre.worker.client
    hearing = (berlin_today() - timedelta(days=5)).isoformat()
    assert client.post(f"/cases/{case_id}/key-dates", data=form(centre.worker, kind="hearing",
                                                                on_date=hearing)).status_code == 303
    assert "Räumungsfrist bis Schluss der Verhandlung" in page(centre.worker, "/deadlines").get_data(as_text=True)
    [key] = one(app, "SELECT id FROM key_date WHERE case_id = ?", [case_id])
    assert client.post(f"/cases/{case_id}/key-dates/{key['id']}/done", data=form(centre.worker, done="1")).status_code == 303
    assert "Räumungsfrist bis Schluss der Verhandlung" not in page(centre.worker, "/deadlines").get_data(as_text=True)
    assert "erledigt" in page(centre.worker, f"/cases/{case_id}").get_data(as_text=True)
    assert client.post(f"/cases/{case_id}/key-dates/{key['id']}/done", data=form(centre.worker, done="0")).status_code == 303
    assert "Räumungsfrist bis Schluss der Verhandlung" in page(centre.worker, "/deadlines").get_data(as_text=True)
    assert client.post(f"/cases/{case_id}/key-dates/nope/done", data=form(centre.worker, done="1")).status_code == 404


def test_contact_attempts_record_minutes_travel_apart_and_the_stage_at_first_contact(app, centre, case_id):
    client = centre.worker.client
    today = berlin_today().isoformat()
    assert client.post(f"/cases/{case_id}/attempts", data=form(centre.worker, kind="visit_nobody_home", on_date=today,
                                                               minutes="15", travel_minutes="30")).status_code == 303
    assert client.post(f"/cases/{case_id}/details", data=form(centre.worker, stage="eviction_title")).status_code == 303
    assert client.post(f"/cases/{case_id}/attempts", data=form(centre.worker, kind="reached", on_date=today,
                                                               minutes="60")).status_code == 303
    rows = one(app, "SELECT kind, minutes, travel_minutes FROM contact_attempt WHERE case_id = ? ORDER BY recorded_at",
               [case_id])
    assert rows == [{"kind": "visit_nobody_home", "minutes": 15, "travel_minutes": 30},
                    {"kind": "reached", "minutes": 60, "travel_minutes": None}]
    assert one(app, "SELECT stage_at_first_contact FROM household_case WHERE id = ?", [case_id])[0] == {
        "stage_at_first_contact": "eviction_title"}


@pytest.mark.parametrize("minutes", ["abc", "2000", "-5", "1e3"])
def test_bad_minutes_are_refused(app, centre, case_id, minutes):
    response = centre.worker.client.post(f"/cases/{case_id}/attempts", data=form(
        centre.worker, kind="letter", on_date=berlin_today().isoformat(), minutes=minutes))
    assert response.status_code == 400
    assert "ganze Zahl" in response.get_data(as_text=True)
    assert one(app, "SELECT * FROM contact_attempt WHERE case_id = ?", [case_id]) == []


def test_steps_and_tasks_of_visit_notes_are_on_the_board_until_marked_done(app, centre, case_id):
    from tests.support.notes import save_note, send

    overdue = (berlin_today() - timedelta(days=3)).isoformat()
    mutation = save_note(centre.worker.person.id, case_id, minutes=45, travel_minutes=20,
                         agreed_steps=[{"what": "Kontoauszüge mitbringen", "who": "Mieterin", "by": overdue}],
                         tasks=[{"what": "Jobcenter anrufen", "due": overdue}])
    centre.worker.page(f"/cases/{case_id}")
    [result] = send(centre.worker, mutation)
    assert result["status"] == "applied"
    board = page(centre.worker, "/deadlines").get_data(as_text=True)
    assert "Vereinbarter Schritt: Kontoauszüge mitbringen" in board and "Aufgabe: Jobcenter anrufen" in board
    note_id = mutation["entity_id"]
    url = f"/visits/{note_id}/steps/tasks/0/done"
    assert centre.worker.client.post(url, data=form(centre.worker, done="1")).status_code == 303
    board = page(centre.worker, "/deadlines").get_data(as_text=True)
    assert "Aufgabe: Jobcenter anrufen" not in board and "Kontoauszüge mitbringen" in board
    assert "erledigt" in page(centre.worker, f"/cases/{case_id}").get_data(as_text=True)
    [line] = one(app, "SELECT details FROM audit_log WHERE action = 'visit_note.step_done'")
    assert json.loads(line["details"]) == {"list": "tasks", "done": True}
    # only steps that exist; other people may not
    assert centre.worker.client.post(f"/visits/{note_id}/steps/tasks/5/done", data=form(centre.worker, done="1")).status_code == 404
    assert centre.worker.client.post(f"/visits/{note_id}/steps/other/0/done", data=form(centre.worker, done="1")).status_code == 404
    assert centre.colleague.client.post(url, data=form(centre.colleague, done="0")).status_code == 404
    assert centre.admin.client.post(url, data=form(centre.admin, done="0")).status_code == 404
    assert centre.supervisor.client.post(url, data=form(centre.supervisor, done="0")).status_code == 303
    assert "Aufgabe: Jobcenter anrufen" in page(centre.worker, "/deadlines").get_data(as_text=True)
    [note] = one(app, "SELECT r.payload FROM note_revision r WHERE r.note_id = ?", [note_id])
    assert json.loads(note["payload"])["minutes"] == 45 and json.loads(note["payload"])["travel_minutes"] == 20


@pytest.mark.parametrize("value, code", [("45", "not_a_number"), (-1, "out_of_range"), (2000, "out_of_range"),
                                         (True, "not_a_number")])
def test_bad_minutes_in_a_visit_note_are_rejected_with_the_field(app, centre, case_id, value, code):
    from tests.support.notes import save_note, send

    centre.worker.page(f"/cases/{case_id}")
    [result] = send(centre.worker, save_note(centre.worker.person.id, case_id, minutes=value))
    assert (result["reason"], result["field"], result["code"]) == ("invalid", "minutes", code)
