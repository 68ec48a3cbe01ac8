"""The sync contract for visit notes (DESIGN.md promises 1–4), through the Flask client."""

from __future__ import annotations

import pytest

from outreach import create_app
from outreach.cases.store import assign
from outreach.db import get_db
from tests.conftest import make_test_config
from tests.support.notes import new_id, save_note, send
from tests.web.test_cases import open_case


@pytest.fixture
def case_id(centre):
    case_id = open_case(centre)
    centre.worker.client.get(f"/cases/{case_id}")  # the worker's device received the case
    return case_id


def revisions(app, note_id=None):
    with app.app_context():
        sql = "SELECT id, state, reassigned FROM note_revision"
        rows = get_db().execute(sql + (" WHERE note_id = ?" if note_id else "") + " ORDER BY received_at",
                                [note_id] if note_id else []).fetchall()
    return [tuple(r) for r in rows]


def test_a_new_note_is_applied(app, centre, case_id):
    mutation = save_note(centre.worker.person.id, case_id, device_id=centre.worker.device_id)
    [result] = send(centre.worker, mutation)
    assert result["status"] == "applied" and result["revision"] == mutation["id"]
    assert revisions(app) == [(mutation["id"], "current", 0)]
    html = centre.worker.client.get(f"/cases/{case_id}").get_data(as_text=True)
    assert "Mieterin angetroffen." in html


def test_a_repeat_with_the_same_content_is_a_duplicate_and_applied_once(app, centre, case_id):
    mutation = save_note(centre.worker.person.id, case_id)
    first = send(centre.worker, mutation)[0]
    again = send(centre.worker, mutation, mutation)  # twice in one batch, and again later
    assert first["status"] == "applied"
    assert [r["status"] for r in again] == ["duplicate", "duplicate"]
    assert again[0]["revision"] == first["revision"]
    assert len(revisions(app)) == 1


def test_the_same_id_with_other_content_is_refused_and_nothing_changes(app, centre, case_id):
    mutation = save_note(centre.worker.person.id, case_id)
    send(centre.worker, mutation)
    changed = {**mutation, "payload": {**mutation["payload"], "situation": "Anders"}}
    [result] = send(centre.worker, changed)
    assert result == {"id": mutation["id"], "status": "rejected", "reason": "id_reused"}
    assert len(revisions(app)) == 1


def test_device_time_is_not_part_of_the_identity(app, centre, case_id):
    mutation = save_note(centre.worker.person.id, case_id)
    send(centre.worker, mutation)
    later = {**mutation, "device_time": "2030-01-01T00:00:00Z"}
    assert send(centre.worker, later)[0]["status"] == "duplicate"


def test_a_revision_on_the_current_base_becomes_current(app, centre, case_id):
    first = save_note(centre.worker.person.id, case_id)
    send(centre.worker, first)
    second = save_note(centre.worker.person.id, case_id, note_id=first["entity_id"], base=first["id"],
                       situation="Ergänzt.")
    assert send(centre.worker, second)[0]["status"] == "applied"
    assert revisions(app, first["entity_id"]) == [(first["id"], "superseded", 0), (second["id"], "current", 0)]


def test_a_revision_on_an_old_base_is_kept_as_a_conflict(app, centre, case_id):
    first = save_note(centre.worker.person.id, case_id)
    send(centre.worker, first)
    a = save_note(centre.worker.person.id, case_id, note_id=first["entity_id"], base=first["id"], situation="A")
    b = save_note(centre.worker.person.id, case_id, note_id=first["entity_id"], base=first["id"], situation="B")
    results = send(centre.worker, a, b)
    assert [r["status"] for r in results] == ["applied", "conflict"]
    assert results[1]["current"] == a["id"]
    assert [s for _, s, _ in revisions(app, first["entity_id"])] == ["superseded", "current", "conflict"]
    resolve = save_note(centre.worker.person.id, case_id, note_id=first["entity_id"], base=a["id"],
                        situation="A und B", resolves=[b["id"]])
    assert send(centre.worker, resolve)[0]["status"] == "applied"
    assert [s for _, s, _ in revisions(app, first["entity_id"])] == ["superseded", "superseded", "resolved", "current"]
    with app.app_context():
        assert get_db().execute("SELECT in_conflict FROM visit_note").fetchone()[0] == 0


def test_unknown_base_is_refused(app, centre, case_id):
    first = save_note(centre.worker.person.id, case_id)
    send(centre.worker, first)
    stray = save_note(centre.worker.person.id, case_id, note_id=first["entity_id"], base=new_id())
    assert send(centre.worker, stray)[0]["reason"] == "unknown_base"


def test_a_mutation_by_another_author_is_not_applied_under_this_session(app, centre, case_id):
    foreign = save_note(centre.colleague.person.id, case_id)
    [result] = send(centre.worker, foreign)
    assert result["reason"] == "wrong_author"
    assert revisions(app) == []


def test_client_ids_are_insert_only(app, centre, case_id):
    mine = save_note(centre.worker.person.id, case_id)
    send(centre.worker, mine)
    other_case = open_case(centre, tenant_name="Bernd Brandt")
    centre.supervisor.client.post(f"/cases/{other_case}/assign",
                                  data={"csrf_token": centre.supervisor.token, "worker_id": centre.colleague.person.id})
    hijack = save_note(centre.colleague.person.id, other_case, note_id=mine["entity_id"])
    assert send(centre.colleague, hijack)[0]["reason"] == "id_conflict"
    reuse_revision = save_note(centre.colleague.person.id, other_case, mutation_id=mine["id"])
    assert send(centre.colleague, reuse_revision)[0]["reason"] == "id_conflict"


def test_a_case_not_assigned_and_never_received_is_forbidden(app, centre, case_id):
    [result] = send(centre.other_team_worker, save_note(centre.other_team_worker.person.id, case_id,
                                                       device_id=centre.other_team_worker.device_id))
    assert result["reason"] == "forbidden"


def test_reassigned_after_the_device_received_it_is_applied_and_flagged(app, centre, case_id):
    with app.app_context():
        assign(get_db(), case_id, centre.colleague.person.id, centre.north, centre.supervisor.person.id)
    mutation = save_note(centre.worker.person.id, case_id, device_id=centre.worker.device_id)
    [result] = send(centre.worker, mutation)
    assert result["status"] == "applied" and result["flag"] == "reassigned"
    assert revisions(app) == [(mutation["id"], "current", 1)]
    with app.app_context():
        assert get_db().execute("SELECT to_route FROM visit_note").fetchone()[0] == 1


def test_the_reassignment_exception_is_decided_from_server_records_only(app, centre, case_id):
    """Another device of the worker never received the case: the device cannot claim otherwise."""
    with app.app_context():
        assign(get_db(), case_id, centre.colleague.person.id, centre.north, centre.supervisor.person.id)
    mutation = save_note(centre.worker.person.id, case_id, device_id="device-never-saw-the-case0")
    mutation["device_time"] = "2000-01-01T00:00:00Z"  # neither the envelope's device nor its time counts
    result = send(centre.worker, mutation)[0]
    assert result["status"] == "applied" and result["flag"] == "reassigned"  # this session's phone did receive it


def test_received_after_the_reassignment_does_not_count(app, centre, case_id):
    other = open_case(centre, tenant_name="Bernd Brandt", worker_id=centre.colleague.person.id)
    centre.worker.client.get(f"/cases/{other}")  # 404: not received
    assert send(centre.worker, save_note(centre.worker.person.id, other,
                                         device_id=centre.worker.device_id))[0]["reason"] == "forbidden"


@pytest.mark.parametrize("version", [0, 2, 99])
def test_only_the_current_and_previous_schema_versions_are_accepted(app, centre, case_id, version):
    mutation = save_note(centre.worker.person.id, case_id)
    mutation["schema_version"] = version
    assert send(centre.worker, mutation)[0]["reason"] == "schema_version"


@pytest.mark.parametrize("changes, field", [
    ({"situation": ""}, "situation"), ({"visited_at": "gestern"}, "visited_at"), ({"kind": "party"}, "kind"),
    ({"visited_at": "2999-01-01T10:00"}, "visited_at"), ({"situation": "x" * 10_001}, "situation"),
    ({"agreed_steps": "none"}, "agreed_steps"), ({"status": "approved"}, "status"),
])
def test_invalid_payloads_are_rejected_with_the_field(app, centre, case_id, changes, field):
    [result] = send(centre.worker, save_note(centre.worker.person.id, case_id, **changes))
    assert result["status"] == "rejected" and result["reason"] == "invalid" and result["field"] == field


def test_rejections_are_not_remembered_so_a_corrected_resend_works(app, centre, case_id):
    bad = save_note(centre.worker.person.id, case_id, situation="")
    assert send(centre.worker, bad)[0]["status"] == "rejected"
    good = {**bad, "payload": {**bad["payload"], "situation": "Nachgetragen."}}
    assert send(centre.worker, good)[0]["status"] == "applied"


def test_applied_notes_are_audited_without_their_text(app, centre, case_id):
    send(centre.worker, save_note(centre.worker.person.id, case_id, situation="Vertraulicher Inhalt"))
    with app.app_context():
        rows = [dict(r) for r in get_db().query("SELECT * FROM audit_log WHERE action LIKE 'visit_note.%'")]
    assert rows and rows[0]["action"] == "visit_note.save.applied"
    assert "Vertraulicher" not in str(rows)


def test_fault_switch_exists_only_in_the_test_factory(app, tmp_path):
    assert "outreach_faults" in app.extensions
    from outreach.cli import create_demo_database

    path = str(tmp_path / "demo.sqlite3")
    create_demo_database(path, evidence_key="e" * 40)
    demo = create_app(demo=True, settings={"DATABASE": path, "EVIDENCE_KEY": "e" * 40})
    assert "outreach_faults" not in demo.extensions
    assert make_test_config  # the test factory is the only way in


def test_fault_503_takes_no_effect_and_drop_after_commit_does(app, centre, case_id):
    faults = app.extensions["outreach_faults"]
    faults.unavailable = 1
    mutation = save_note(centre.worker.person.id, case_id)
    response = centre.worker.post("/sync", {"device_id": centre.worker.device_id, "mutations": [mutation]})
    assert response.status_code == 503 and revisions(app) == []
    faults.drop_after_commit = 1
    cut = centre.worker.post("/sync", {"device_id": centre.worker.device_id, "mutations": [mutation]})
    assert len(cut.get_data()) < int(cut.headers["Content-Length"])  # the answer was cut short
    assert len(revisions(app)) == 1  # but the effect happened
    assert send(centre.worker, mutation)[0]["status"] == "duplicate"
    assert faults.fired == ["unavailable", "drop_after_commit"]


def test_the_exception_survives_a_caseload_refresh_so_nothing_written_before_is_stuck(app, centre, case_id):
    with app.app_context():
        assign(get_db(), case_id, centre.colleague.person.id, centre.north, centre.supervisor.person.id)
    centre.worker.client.get("/sync/caseload")  # the phone learns the case is gone (its page is dropped) ...
    mutation = save_note(centre.worker.person.id, case_id, device_id=centre.worker.device_id)
    result = send(centre.worker, mutation)[0]  # ... but what it wrote before still arrives, flagged
    assert result["status"] == "applied" and result["flag"] == "reassigned"


def test_the_envelopes_device_id_cannot_borrow_another_devices_receipt(app, centre, case_id):
    with app.app_context():
        assign(get_db(), case_id, centre.colleague.person.id, centre.north, centre.supervisor.person.id)
        get_db().execute("UPDATE case_on_device SET device_id = device_id")  # receipt of the worker's phone only
    other_session = save_note(centre.worker.person.id, case_id, device_id=centre.worker.device_id)
    # Sent from another session on another device that never received the case:
    from tests.support.people import Browser, make_invitation
    from tests.support.soft_authenticator import SoftAuthenticator

    laptop = Browser(app, SoftAuthenticator(), device_id="device-laptop-0000000001")
    laptop.register(make_invitation(app, centre.worker.person.id, purpose="another_device"))
    assert send(laptop, other_session)[0]["reason"] == "forbidden"
