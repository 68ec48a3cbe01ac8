"""Who saw what (issue 23): for a case, every person and device that read or changed it, with
when — for the admins on a page and from the command line; never the case's content; another
case's readers are not in it."""

from __future__ import annotations

import pytest

from outreach.db import get_db
from tests.support.notes import save_note, send
from tests.web.test_cases import open_case


def number_of(app, case_id):
    with app.app_context():
        return get_db().execute("SELECT number FROM household_case WHERE id = ?", [case_id]).fetchone()[0]


def test_the_report_names_everyone_who_read_or_changed_the_case_and_only_them(app, centre):
    case_id, other = open_case(centre), open_case(centre, tenant_name="Otto Anders", street="Ring 1")
    centre.worker.page(f"/cases/{case_id}")
    send(centre.worker, save_note(centre.worker.person.id, case_id, situation="Gesundheit: vertraulich."))
    centre.colleague.client.get(f"/cases/{case_id}")  # refused (not his case) and audited
    centre.colleague.client.get(f"/cases/{other}")
    html = centre.admin.page(f"/admin/access-report?number={number_of(app, case_id)}")
    assert "Wera Werner" in html and "Andrea Aufsicht" in html and "Konrad Kollege" in html
    assert "case.read" in html and "case.access_refused" in html and centre.worker.device_id in html
    assert "vertraulich" not in html and "Anna Müller" not in html and "Bahnhofstraße" not in html
    other_html = centre.admin.page(f"/admin/access-report?number={number_of(app, other)}")
    assert "Wera Werner" not in other_html.split('id="access-people"')[1].split("</table>")[0]
    with app.app_context():
        assert get_db().execute("SELECT count(*) FROM audit_log WHERE action = 'access_report.read'").fetchone()[0] == 2


@pytest.mark.parametrize("person", ("worker", "supervisor", "partner"))
def test_only_admins_see_it(centre, person):
    assert getattr(centre, person).client.get("/admin/access-report?number=2026-0001").status_code == 403


def test_an_unknown_or_odd_number_is_told(centre):
    for number in ("9999-9999", "%00", "x" * 500):
        response = centre.admin.client.get(f"/admin/access-report?number={number}")
        assert response.status_code == 404 and "Kein Fall hat die Nummer" in response.get_data(as_text=True)
    assert centre.admin.client.get("/admin/access-report").status_code == 200


def test_the_report_from_the_command_line(app, centre, monkeypatch):
    from click.testing import CliRunner

    from outreach.cli import main

    case_id = open_case(centre)
    centre.worker.page(f"/cases/{case_id}")
    for name, value in {"SECRET_KEY": "s" * 40, "PUBLIC_ORIGIN": "https://outreach.example.org",
                        "EVIDENCE_KEY": app.config["EVIDENCE_KEY"]}.items():
        monkeypatch.setenv(f"OUTREACH_{name}", value)
    runner = CliRunner()
    result = runner.invoke(main, ["access-report", number_of(app, case_id), "--db", app.config["DATABASE_PATH"]])
    assert result.exit_code == 0, result.output
    assert "Wera Werner" in result.output and "case.read" in result.output
    assert runner.invoke(main, ["access-report", "0000-0000", "--db", app.config["DATABASE_PATH"]]).exit_code == 2
