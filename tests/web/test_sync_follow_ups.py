"""Tenancy check-ins through the outbox: `follow_up.record` is applied once, never overwrites,
reopens on new arrears and is authorised like every other kind."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest

from outreach.cases import closing
from outreach.clock import berlin_today
from outreach.db import get_db
from tests.support.notes import new_id, send
from tests.web.test_cases import open_case


@pytest.fixture
def setup(app, centre):
    case_id = open_case(centre)
    centre.worker.page(f"/cases/{case_id}")  # the phone received the case
    with app.app_context():
        db = get_db()
        closing.close(db, case_id, outcome="flat_kept", on=berlin_today() - timedelta(days=95), by=None)
        due = db.execute("SELECT id FROM follow_up WHERE case_id = ? AND months = 3", [case_id]).fetchone()[0]
    return {"case": case_id, "follow_up": due}


def check_in(author_id, setup, *, mutation_id=None, entity_id=None, **changes) -> dict:
    payload = {"case_id": setup["case"], "result": "stands", "checked_on": berlin_today().isoformat(),
               "note": "Miete wird gezahlt", **changes}
    return {"id": mutation_id or new_id(), "kind": "follow_up.record", "entity_id": entity_id or setup["follow_up"],
            "base_revision": None, "schema_version": 1, "payload": payload, "author": author_id,
            "device_id": "", "device_time": "2026-01-01T00:00:00Z"}


def row(app, follow_up_id):
    with app.app_context():
        return next(iter(get_db().query("SELECT * FROM follow_up WHERE id = ?", [follow_up_id])))


def test_a_check_in_is_applied_once_and_a_repeat_is_a_duplicate(app, centre, setup):
    mutation = check_in(centre.worker.person.id, setup)
    [result] = send(centre.worker, mutation)
    assert result == {"id": mutation["id"], "status": "applied", "follow_up": setup["follow_up"],
                      "reopened": False, "repeat": False}
    stored = row(app, setup["follow_up"])
    assert (stored["status"], stored["result"], stored["mutation_id"]) == ("done", "stands", mutation["id"])
    [again] = send(centre.worker, mutation)
    assert again["status"] == "duplicate"
    with app.app_context():
        assert get_db().execute("SELECT count(*) FROM audit_log WHERE action = 'follow_up.record.applied'").fetchone()[0] == 1


def test_a_second_check_in_from_another_phone_never_overwrites_the_first(app, centre, setup):
    send(centre.worker, check_in(centre.worker.person.id, setup, result="stands"))
    [result] = send(centre.supervisor, check_in(centre.supervisor.person.id, setup, result="lost"))
    assert result["status"] == "rejected" and result["reason"] == "already_recorded" and result["recorded"] == "stands"
    assert row(app, setup["follow_up"])["result"] == "stands"


def test_new_arrears_reopen_the_case_in_the_same_step(app, centre, setup):
    [result] = send(centre.worker, check_in(centre.worker.person.id, setup, result="arrears_again"))
    assert result["status"] == "applied" and result["reopened"] is True and result["repeat"] is True
    with app.app_context():
        db = get_db()
        assert db.execute("SELECT status FROM household_case WHERE id = ?", [setup["case"]]).fetchone()[0] == "open"
        later = db.execute("SELECT id FROM follow_up WHERE case_id = ? AND months = 6", [setup["case"]]).fetchone()[0]
    [result] = send(centre.worker, check_in(centre.worker.person.id, setup, entity_id=later))
    assert result["reason"] == "case_reopened"


@pytest.mark.parametrize("changes, field, code", [
    ({"result": "fine"}, "result", "unknown"),
    ({"checked_on": "2999-01-01"}, "checked_on", "out_of_range"),
    ({"checked_on": "2026-02-30"}, "checked_on", "invalid_date"),
    ({"checked_on": 20260101}, "checked_on", "invalid_date"),
    ({"note": "x" * 1001}, "note", "too_long"),
    ({"note": ["a"]}, "note", "not_text"),
    ({"case_id": None}, "case_id", "required"),
])
def test_bad_check_ins_are_rejected_with_field_and_code_and_change_nothing(app, centre, setup, changes, field, code):
    [result] = send(centre.worker, check_in(centre.worker.person.id, setup, **changes))
    assert (result["status"], result["reason"], result["field"], result["code"]) == ("rejected", "invalid", field, code)
    assert row(app, setup["follow_up"])["status"] == "due"


def test_refused_people_learn_nothing_and_the_refusal_is_audited(app, centre, setup):
    [result] = send(centre.colleague, check_in(centre.colleague.person.id, setup))
    assert result["reason"] == "forbidden"
    [result] = send(centre.worker, check_in(centre.worker.person.id, setup, entity_id="no-such-follow-up"))
    assert result["reason"] == "not_found"
    other = open_case(centre, tenant_name="Bernd Brandt")
    [result] = send(centre.worker, check_in(centre.worker.person.id, setup, case_id=other))
    assert result["reason"] == "not_found"  # the follow-up belongs to another case
    [result] = send(centre.worker, {**check_in(centre.worker.person.id, setup), "schema_version": 7})
    assert result["reason"] == "schema_version"
    assert row(app, setup["follow_up"])["status"] == "due"
    with app.app_context():
        reasons = [json.loads(r[0]).get("reason") for r in get_db().execute(
            "SELECT details FROM audit_log WHERE action IN ('sync.rejected', 'case.access_refused')")]
    assert "forbidden" in reasons and "not_found" in reasons


def test_a_reassigned_case_is_still_recorded_and_flagged(app, centre, setup):
    with app.app_context():
        from outreach.cases import store

        store.assign(get_db(), setup["case"], centre.colleague.person.id, centre.north, centre.supervisor.person.id)
    [result] = send(centre.worker, check_in(centre.worker.person.id, setup))
    assert result["status"] == "applied" and result["flag"] == "reassigned"
