"""A change and its audit line are stored together or not at all (issue 23): a request that
changes something is one transaction, so when writing the audit line fails after the change, the
change is not kept either; a refusal's audit line is kept (the request answered)."""

from __future__ import annotations

from datetime import timedelta

from outreach import audit
from outreach.clock import berlin_today
from outreach.db import get_db
from tests.web.test_cases import form, open_case


def count(app, sql, params=()):
    with app.app_context():
        return get_db().execute(sql, params).fetchone()[0]


def test_a_change_whose_audit_line_fails_is_not_kept(app, centre, monkeypatch):
    case_id = open_case(centre)
    real_append = audit.append

    def failing(db, action, **kwargs):
        if action == "case.key_date_added":
            raise RuntimeError("the disk is full")
        return real_append(db, action, **kwargs)

    monkeypatch.setattr(audit, "append", failing)
    response = centre.worker.client.post(f"/cases/{case_id}/key-dates", data=form(
        centre.worker, kind="hearing", on_date=(berlin_today() + timedelta(days=9)).isoformat()))
    assert response.status_code == 500  # the server's fault, said as such
    assert count(app, "SELECT count(*) FROM key_date WHERE case_id = ?", [case_id]) == 0
    monkeypatch.setattr(audit, "append", real_append)
    assert centre.worker.client.post(f"/cases/{case_id}/key-dates", data=form(
        centre.worker, kind="hearing", on_date=(berlin_today() + timedelta(days=9)).isoformat())).status_code == 303
    assert count(app, "SELECT count(*) FROM key_date WHERE case_id = ?", [case_id]) == 1
    assert count(app, "SELECT count(*) FROM audit_log WHERE action = 'case.key_date_added' AND subject_id = ?",
                 [case_id]) == 1


def test_a_refused_change_keeps_its_audit_line(app, centre):
    case_id = open_case(centre)
    response = centre.other_team_worker.client.post(f"/cases/{case_id}/key-dates", data=form(
        centre.other_team_worker, kind="hearing", on_date=berlin_today().isoformat()))
    assert response.status_code == 404
    assert count(app, "SELECT count(*) FROM audit_log WHERE action = 'case.access_refused' AND subject_id = ?",
                 [case_id]) == 1
