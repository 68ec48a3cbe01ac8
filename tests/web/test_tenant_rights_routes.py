"""The tenant's rights through the Flask client (issue 23): who may open the page and act (an
administrator or the case's supervisor; everyone else learns nothing and is audited), erasure
refused while the case is open, under a legal hold or while the household is placed, then done;
rectifications; bad input told in German and nothing lost; the command line."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from click.testing import CliRunner

from outreach.cases import closing
from outreach.cli import main
from outreach.clock import berlin_today
from outreach.db import get_db
from tests.support.notes import save_note, send
from tests.web.test_cases import form, open_case

ROUTES = [("GET", "/cases/{case}/privacy"), ("GET", "/cases/{case}/privacy/export.zip"),
          ("POST", "/cases/{case}/privacy/holds"), ("POST", "/cases/{case}/privacy/holds/x/end"),
          ("POST", "/cases/{case}/privacy/rectifications"), ("POST", "/cases/{case}/privacy/erase")]


def one(app, sql, params=()):
    with app.app_context():
        return get_db().execute(sql, params).fetchone()


def closed_case(app, centre, days=10, **overrides):
    case_id = open_case(centre, **overrides)
    with app.app_context():
        closing.close(get_db(), case_id, outcome="flat_kept", on=berlin_today() - timedelta(days=days), by=None)
    return case_id


def number_of(app, case_id):
    return one(app, "SELECT number FROM household_case WHERE id = ?", [case_id])[0]


@pytest.mark.parametrize("who", ["worker", "colleague", "other_supervisor", "other_team_worker", "partner"])
@pytest.mark.parametrize(("method", "path"), ROUTES)
def test_everyone_but_an_admin_and_the_cases_supervisor_learns_nothing(app, centre, who, method, path):
    case_id = open_case(centre)
    person = getattr(centre, who)
    url = path.format(case=case_id)
    response = (person.client.get(url) if method == "GET"
                else person.client.post(url, data=form(person, hold_reason="x", until="2030-01-01")))
    assert response.status_code == 404
    assert one(app, "SELECT count(*) FROM audit_log WHERE action = 'privacy.access_refused' AND subject_id = ?",
               [case_id])[0] == 1
    assert one(app, "SELECT count(*) FROM legal_hold")[0] == 0


def test_signed_out_is_sent_to_sign_in(app, centre):
    response = app.test_client().get(f"/cases/{open_case(centre)}/privacy")
    assert response.status_code == 302 and "/signin" in response.headers["Location"]


def test_the_supervisor_and_an_admin_open_the_page_without_the_case_content(app, centre):
    case_id = open_case(centre)
    for person in (centre.supervisor, centre.admin):
        html = person.page(f"/cases/{case_id}/privacy")
        assert number_of(app, case_id) in html and "Rechtliche Sperren" in html
        assert "Anna Müller" not in html and "Bahnhofstraße" not in html
    assert one(app, "SELECT count(*) FROM audit_log WHERE action = 'privacy.read'")[0] == 2
    # the admin finds it by number; the worker's case page does not show the section, the supervisor's does
    response = centre.admin.client.get(f"/admin/tenant-rights?number={number_of(app, case_id)}")
    assert response.status_code == 303 and response.headers["Location"].endswith(f"/cases/{case_id}/privacy")
    assert centre.admin.client.get("/admin/tenant-rights?number=1999-0001").status_code == 404
    assert centre.supervisor.client.get("/admin/tenant-rights").status_code == 403
    assert f"/cases/{case_id}/privacy" in centre.supervisor.page(f"/cases/{case_id}")
    assert f"/cases/{case_id}/privacy" not in centre.worker.page(f"/cases/{case_id}")


def test_an_open_case_is_not_erased_and_a_closed_one_is(app, centre):
    case_id = open_case(centre)
    number = number_of(app, case_id)
    response = centre.supervisor.client.post(f"/cases/{case_id}/privacy/erase", data=form(
        centre.supervisor, erasure_reason="Antrag vom 1.12.", confirm_number=number))
    assert response.status_code == 409 and "noch offen" in response.get_data(as_text=True)
    assert one(app, "SELECT anonymised_at FROM household_case WHERE id = ?", [case_id])[0] is None
    assert one(app, "SELECT count(*) FROM audit_log WHERE action = 'case.erasure_refused'")[0] == 1
    with app.app_context():
        closing.close(get_db(), case_id, outcome="flat_kept", on=berlin_today(), by=None)
    wrong = centre.supervisor.client.post(f"/cases/{case_id}/privacy/erase", data=form(
        centre.supervisor, erasure_reason="Antrag vom 1.12.", confirm_number="2020-0001"))
    assert wrong.status_code == 400 and "Fallnummer" in wrong.get_data(as_text=True)
    assert "Antrag vom 1.12." in wrong.get_data(as_text=True)  # what was typed is kept
    done = centre.supervisor.client.post(f"/cases/{case_id}/privacy/erase", data=form(
        centre.supervisor, erasure_reason="Antrag vom 1.12.", confirm_number=number))
    assert done.status_code == 303
    assert one(app, "SELECT name FROM household_member WHERE case_id = ?", [case_id])[0] == ""
    assert one(app, "SELECT kind, reason FROM case_erasure WHERE case_id = ?", [case_id]) == ("request", "Antrag vom 1.12.")
    # the worker's case page says what happened; the file is gone from the lists; the page still records it
    gone = centre.worker.client.get(f"/cases/{case_id}")
    assert gone.status_code == 410 and "anonymisiert" in gone.get_data(as_text=True)
    assert number not in centre.worker.page("/cases")
    assert "Anonymisiert am" in centre.supervisor.page(f"/cases/{case_id}/privacy")
    again = centre.supervisor.client.post(f"/cases/{case_id}/privacy/erase", data=form(
        centre.supervisor, erasure_reason="nochmal", confirm_number=number))
    assert again.status_code == 409


def test_a_note_sent_later_from_a_phone_is_not_stored_in_an_erased_case(app, centre):
    case_id = closed_case(app, centre)
    centre.admin.client.post(f"/cases/{case_id}/privacy/erase", data=form(
        centre.admin, erasure_reason="Antrag", confirm_number=number_of(app, case_id)))
    [result] = send(centre.worker, save_note(centre.worker.person.id, case_id, situation="Nachtrag vom Handy."))
    assert result["status"] == "rejected" and result["reason"] == "not_found"
    assert one(app, "SELECT count(*) FROM visit_note WHERE case_id = ?", [case_id])[0] == 0


def test_a_legal_hold_stops_erasure_until_it_ends(app, centre):
    case_id = closed_case(app, centre)
    bad = centre.supervisor.client.post(f"/cases/{case_id}/privacy/holds", data=form(
        centre.supervisor, hold_reason="", until=(berlin_today() - timedelta(days=1)).isoformat()))
    assert bad.status_code == 400 and "Bitte füllen Sie dieses Feld aus" in bad.get_data(as_text=True)
    far = centre.supervisor.client.post(f"/cases/{case_id}/privacy/holds", data=form(
        centre.supervisor, hold_reason="Räumungsklage anhängig", until="2099-01-01"))
    assert far.status_code == 400 and "Räumungsklage anhängig" in far.get_data(as_text=True)
    until = (berlin_today() + timedelta(days=200)).isoformat()
    assert centre.supervisor.client.post(f"/cases/{case_id}/privacy/holds", data=form(
        centre.supervisor, hold_reason="Räumungsklage anhängig", until=until)).status_code == 303
    refused = centre.supervisor.client.post(f"/cases/{case_id}/privacy/erase", data=form(
        centre.supervisor, erasure_reason="Antrag", confirm_number=number_of(app, case_id)))
    assert refused.status_code == 409 and "rechtliche Sperre" in refused.get_data(as_text=True)
    assert "rechtliche Sperre" in centre.supervisor.page(f"/cases/{case_id}")  # the section says so
    hold_id = one(app, "SELECT id FROM legal_hold WHERE case_id = ?", [case_id])[0]
    assert centre.supervisor.client.post(f"/cases/{case_id}/privacy/holds/{hold_id}/end",
                                         data=form(centre.supervisor)).status_code == 303
    assert centre.supervisor.client.post(f"/cases/{case_id}/privacy/holds/{hold_id}/end",
                                         data=form(centre.supervisor)).status_code == 404
    assert centre.supervisor.client.post(f"/cases/{case_id}/privacy/erase", data=form(
        centre.supervisor, erasure_reason="Antrag", confirm_number=number_of(app, case_id))).status_code == 303
    actions = [r[0] for r in get_lines(app, case_id)]
    assert {"legal_hold.placed", "legal_hold.ended", "case.erasure_refused", "case.anonymised"} <= set(actions)


def get_lines(app, case_id):
    with app.app_context():
        return get_db().execute("SELECT action, details FROM audit_log WHERE subject_id = ?", [case_id]).fetchall()


def test_a_rectification_is_recorded_and_odd_input_is_told(app, centre):
    case_id = open_case(centre)
    url = f"/cases/{case_id}/privacy/rectifications"
    for data, message in (({"received_on": "morgen", "request": "x", "action": "corrected"}, "Datum"),
                          ({"received_on": berlin_today().isoformat(), "request": "", "action": "corrected"},
                           "Bitte füllen"),
                          ({"received_on": berlin_today().isoformat(), "request": "x" * 2001, "action": "corrected"},
                           "2000"),
                          ({"received_on": berlin_today().isoformat(), "request": "x", "action": "deleted"},
                           "Bitte wählen")):
        response = centre.supervisor.client.post(url, data=form(centre.supervisor, **data))
        assert response.status_code == 400 and message in response.get_data(as_text=True), data
    assert one(app, "SELECT count(*) FROM rectification")[0] == 0
    ok = centre.supervisor.client.post(url, data=form(
        centre.supervisor, received_on=berlin_today().isoformat(), request="Geburtsjahr des Sohnes ist falsch.",
        action="corrected", note="Im Fall berichtigt."))
    assert ok.status_code == 303
    html = centre.supervisor.page(f"/cases/{case_id}/privacy")
    assert "Geburtsjahr des Sohnes ist falsch." in html and "berichtigt" in html
    details = [json.loads(d) for a, d in get_lines(app, case_id) if a == "rectification.recorded"]
    assert details == [{"action": "corrected"}]  # what was asked stays out of the audit log


def test_a_placed_household_is_not_erased(app, centre):
    case_id = closed_case(app, centre)
    with app.app_context():
        db = get_db()
        today, city_person = berlin_today().isoformat(), centre.city_partner.person.id
        db.execute("""INSERT INTO shelter_request (id, case_id, organisation_id, household_size, needed_on, state,
                      sent_by, sent_at, sent_on) VALUES ('s1', ?, ?, 1, ?, 'placed', ?, 't', ?)""",
                   [case_id, centre.city, today, centre.worker.person.id, today])
        db.execute("""INSERT INTO placement (id, request_id, case_id, organisation_id, place, begins_on, ends_on,
                      accommodation_kind, provider, municipality_key, household_type, household_size,
                      recorded_by, recorded_at) VALUES ('p1', 's1', ?, ?, 'Notunterkunft Ring 2', ?, NULL,
                      'short_term', 'municipality', '12066', 'single', 1, ?, 't')""",
                   [case_id, centre.city, today, city_person])
    refused = centre.admin.client.post(f"/cases/{case_id}/privacy/erase", data=form(
        centre.admin, erasure_reason="Antrag", confirm_number=number_of(app, case_id)))
    assert refused.status_code == 409 and "Notunterkunft" in refused.get_data(as_text=True)


@pytest.fixture
def production_env(app, monkeypatch):
    for name, value in {"SECRET_KEY": "s" * 40, "PUBLIC_ORIGIN": "https://outreach.example.org",
                        "EVIDENCE_KEY": app.config["EVIDENCE_KEY"]}.items():
        monkeypatch.setenv(f"OUTREACH_{name}", value)
    return ["--db", app.config["DATABASE_PATH"]]


def test_the_command_line_lists_applies_exports_and_erases(app, centre, production_env, tmp_path):
    runner = CliRunner()
    old = closed_case(app, centre, days=5 * 366, street="Ring 5")
    held = closed_case(app, centre, days=5 * 366, street="Ring 7", tenant_name="Hanna Halt")
    recent = closed_case(app, centre, days=3, street="Ring 9", tenant_name="Rita Recent")
    with app.app_context():
        get_db().execute("INSERT INTO legal_hold (id, case_id, reason, until, held_by, held_at) VALUES "
                         "('h1', ?, 'Prüfung', ?, ?, 't')",
                         [held, (berlin_today() + timedelta(days=30)).isoformat(), centre.supervisor.person.id])
    dry = runner.invoke(main, ["retention", *production_env])
    assert dry.exit_code == 0, dry.output
    assert number_of(app, old) in dry.output and "Dry run" in dry.output
    assert f"{number_of(app, held)}\tclosed" in dry.output.split("Kept by a legal hold")[1]
    assert one(app, "SELECT count(*) FROM household_case WHERE anonymised_at IS NOT NULL")[0] == 0
    applied = runner.invoke(main, ["retention", "--apply", *production_env])
    assert applied.exit_code == 0 and "Anonymised: 1 case files" in applied.output, applied.output
    assert one(app, "SELECT anonymised_at IS NOT NULL FROM household_case WHERE id = ?", [old])[0] == 1
    assert one(app, "SELECT anonymised_at FROM household_case WHERE id = ?", [held])[0] is None

    output = tmp_path / "auskunft"
    exported = runner.invoke(main, ["export-household", number_of(app, recent), "--output", str(output),
                                    *production_env])
    assert exported.exit_code == 0, exported.output
    data = json.loads((output / "household.json").read_text())
    assert "Rita Recent" in json.dumps(data, ensure_ascii=False) and "Hanna Halt" not in json.dumps(data)
    assert (output / "household.pdf").read_bytes().startswith(b"%PDF")
    assert runner.invoke(main, ["export-household", number_of(app, recent), "--output", str(output),
                                *production_env]).exit_code == 1  # never into a full directory

    refused = runner.invoke(main, ["erase", number_of(app, held), "--reason", "Antrag", *production_env])
    assert refused.exit_code == 1 and "Sperre" in refused.output
    erased = runner.invoke(main, ["erase", number_of(app, recent), "--reason", "Antrag vom 3.12.", *production_env])
    assert erased.exit_code == 0 and "anonymised" in erased.output, erased.output
    assert one(app, "SELECT name FROM household_member WHERE case_id = ?", [recent])[0] == ""
    assert runner.invoke(main, ["erase", "1999-0001", "--reason", "x", *production_env]).exit_code == 1
