"""The offline set and the end of a device: caseload copies, send-only sign-in, wipe."""

from __future__ import annotations

import pytest

from outreach.auth import devices
from outreach.auth.people import disable
from outreach.db import get_db
from tests.support.notes import save_note
from tests.support.offline import offline_pages
from tests.web.test_cases import open_case


@pytest.fixture
def cases(centre):
    mine = open_case(centre)
    theirs = open_case(centre, tenant_name="Bernd Brandt", worker_id=centre.colleague.person.id)
    return mine, theirs


def test_caseload_copy_lists_only_own_open_cases_and_is_audited(app, centre, cases):
    mine, theirs = cases
    response = centre.worker.client.get("/sync/caseload")
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"
    assert set(response.json["parts"]) == {"lists", mine}
    urls = offline_pages(centre.worker)
    assert f"/cases/{mine}" in urls and f"/cases/{mine}/visits/new" in urls and f"/cases/{mine}/budget" in urls
    assert not any(theirs in url for url in urls)
    assert response.json["lifetime_seconds"] == app.config["OFFLINE_LIFETIME_SECONDS"]
    with app.app_context():
        db = get_db()
        event = dict(next(db.query("SELECT * FROM audit_log WHERE action = 'caseload.copied' ORDER BY seq DESC")))
        received = db.execute("SELECT case_id FROM case_on_device WHERE device_id = ?",
                              [centre.worker.device_id]).fetchall()
    assert '"cases": 1' in event["details"] and centre.worker.device_id in event["details"]
    assert [r[0] for r in received] == [mine]


def test_caseload_copy_is_json_401_when_signed_out(app):
    response = app.test_client().get("/sync/caseload")
    assert response.status_code == 401 and response.json["error"] == "signed_out"


def test_a_closed_case_leaves_the_offline_set(app, centre, cases):
    mine, _ = cases
    centre.worker.client.post(f"/cases/{mine}/close", data={"csrf_token": centre.worker.token, "outcome": "flat_kept"})
    assert mine not in centre.worker.client.get("/sync/caseload").json["parts"]
    assert not any(mine in url for url in offline_pages(centre.worker))


def sync(browser, *mutations):
    return browser.post("/sync", {"device_id": browser.device_id, "unsent": len(mutations),
                                  "mutations": list(mutations)})


def test_revoked_device_sends_once_then_is_wiped_and_stays_refused(app, centre, cases):
    mine, _ = cases
    worker = centre.worker
    with app.app_context():
        devices.revoke(get_db(), worker.device_id, by=centre.admin.person.id)
    worker.page()
    assert sync(worker).json["error"] == "device_revoked"
    # The worker signs in on it again: only to send.
    assert worker.sign_in().json["redirect"] == "/sync/send"
    worker.page("/sync/send")
    note = save_note(worker.person.id, mine, device_id=worker.device_id)
    answer = sync(worker, note)
    assert answer.status_code == 200 and answer.json["wipe"] is True
    assert answer.json["results"][0]["status"] == "applied"
    with app.app_context():
        db = get_db()
        assert db.execute("SELECT count(*) FROM note_revision").fetchone()[0] == 1
        assert devices.get(db, worker.device_id)["wiped_at"]
    worker.page()
    assert sync(worker, note).json["error"] == "device_revoked"  # the session ended with the wipe
    worker.page()
    assert worker.sign_in().status_code == 400  # and the phone stays refused: its device-bound passkey went too
    with app.app_context():
        reason = get_db().execute("SELECT details FROM audit_log WHERE action = 'sign_in.failed' "
                                  "ORDER BY seq DESC").fetchone()[0]
    assert "revoked_credential" in reason


def test_send_only_session_reaches_nothing_but_sync(app, centre, cases):
    mine, _ = cases
    with app.app_context():
        devices.revoke(get_db(), centre.worker.device_id, by=centre.admin.person.id)
    centre.worker.page()
    assert centre.worker.sign_in().json["redirect"] == "/sync/send"
    for url in ("/cases", f"/cases/{mine}", "/account/passkeys", "/sync/caseload"):
        assert centre.worker.client.get(url).status_code in (302, 401), url


def test_disabled_persons_device_is_wiped_only_after_the_admin_confirmed(app, centre, cases):
    worker = centre.worker
    with app.app_context():
        devices.report(get_db(), worker.device_id, 4)
        disable(get_db(), worker.person.id)
    worker.page()
    first = sync(worker)
    assert first.status_code == 401 and first.json["error"] == "person_disabled" and first.json["wipe"] is False
    admin = centre.admin
    admin.page("/admin/devices")
    html = admin.client.get("/admin/devices").get_data(as_text=True)
    assert "4 noch nicht gesendete Einträge" in html
    response = admin.client.post(f"/admin/devices/{worker.device_id}/confirm-wipe", data={"csrf_token": admin.token})
    assert response.status_code == 303
    second = sync(worker)
    assert second.json["error"] == "person_disabled" and second.json["wipe"] is True
    with app.app_context():
        actions = [r[0] for r in get_db().execute("SELECT action FROM audit_log")]
        assert devices.get(get_db(), worker.device_id)["wiped_at"]
    assert "device.wipe_confirmed" in actions and "device.wiped" in actions


def test_confirming_a_wipe_needs_a_disabled_person(app, centre):
    admin = centre.admin
    admin.page("/admin/devices")
    response = admin.client.post(f"/admin/devices/{centre.worker.device_id}/confirm-wipe",
                                 data={"csrf_token": admin.token})
    assert response.status_code == 409


def test_discarding_an_unsent_item_is_audited_first(app, centre):
    worker = centre.worker
    response = worker.post("/sync/discard", {"mutation_id": "mutation-1234", "kind": "visit_note.save",
                                             "reason": "invalid"})
    assert response.status_code == 200
    with app.app_context():
        row = dict(next(get_db().query("SELECT * FROM audit_log WHERE action = 'outbox.discarded'")))
    assert row["subject_id"] == "mutation-1234" and row["actor_id"] == worker.person.id
    assert worker.post("/sync/discard", {"kind": "x"}).status_code == 400
    anonymous = app.test_client()
    assert anonymous.post("/sync/discard", json={"mutation_id": "x"}).status_code == 403  # no CSRF token


def test_device_state_tells_a_phone_with_nobody_signed_in_to_drop_its_pages(app, centre):
    client = app.test_client()
    device_id = centre.worker.device_id
    assert client.get(f"/sync/device?device_id={device_id}").json == {"state": "ok"}
    with app.app_context():
        devices.revoke(get_db(), device_id, by=centre.admin.person.id)
    assert client.get(f"/sync/device?device_id={device_id}").json == {"state": "device_revoked"}
    with app.app_context():
        disable(get_db(), centre.colleague.person.id)
    assert client.get(f"/sync/device?device_id={centre.colleague.device_id}").json == {"state": "person_disabled"}
    assert client.get("/sync/device?device_id=../x").json == {"state": "unknown"}


def test_send_only_wipe_waits_until_everything_was_delivered(app, centre, cases):
    mine, _ = cases
    worker = centre.worker
    with app.app_context():
        devices.revoke(get_db(), worker.device_id, by=centre.admin.person.id)
    worker.page()
    worker.sign_in()
    worker.page("/sync/send")
    bad = save_note(worker.person.id, mine, situation="")  # will be refused: must be corrected or discarded
    answer = worker.post("/sync", {"device_id": worker.device_id, "unsent": 1, "mutations": [bad]})
    assert answer.json["wipe"] is False
    good = save_note(worker.person.id, mine)
    answer = worker.post("/sync", {"device_id": worker.device_id, "unsent": 2, "mutations": [good]})
    assert answer.json["wipe"] is False  # one more waits on the phone
    with app.app_context():
        assert not devices.get(get_db(), worker.device_id)["wiped_at"]


def test_the_sync_csrf_token_has_no_time_limit(app, centre, monkeypatch):
    import time as clock_module

    assert app.config["WTF_CSRF_TIME_LIMIT"] is None
    worker = centre.worker
    worker.page()
    real = clock_module.time
    monkeypatch.setattr(clock_module, "time", lambda: real() + 5 * 24 * 3600)  # items waited five days
    response = worker.post("/sync/discard", {"mutation_id": "mutation-0000"})
    assert response.status_code == 200, response.json


def test_partners_and_admins_carry_no_caseload(app, centre, cases):
    for browser in (centre.partner, centre.admin):
        answer = browser.client.get("/sync/caseload").json
        assert answer["parts"] == {} and answer["scope"] == "none"


def test_a_supervisors_phone_keeps_the_team_lists_but_not_the_teams_case_files(app, centre, cases):
    mine, theirs = cases
    answer = centre.supervisor.client.get("/sync/caseload").json
    assert answer["scope"] == "own_cases_and_team_lists"
    assert list(answer["parts"]) == ["lists"]  # no case of the team's workers, no note pages
    assert list(offline_pages(centre.supervisor)) == ["/cases", "/deadlines", "/for-you", "/services"]
    assert centre.worker.client.get("/sync/caseload").json["scope"] == "own_cases"


def test_a_wipe_covers_only_the_loss_the_admin_confirmed(app, centre, cases):
    from outreach.auth.people import enable

    worker = centre.worker
    with app.app_context():
        devices.report(get_db(), worker.device_id, 2)
        disable(get_db(), worker.person.id)
    admin = centre.admin
    admin.page("/admin/devices")
    admin.client.post(f"/admin/devices/{worker.device_id}/confirm-wipe", data={"csrf_token": admin.token})
    worker.page()
    more = worker.post("/sync", {"device_id": worker.device_id, "unsent": 5, "mutations": []})
    assert more.json["error"] == "person_disabled" and more.json["wipe"] is False  # 5 > the 2 confirmed
    with app.app_context():
        enable(get_db(), worker.person.id)
        assert devices.get(get_db(), worker.device_id)["wipe_confirmed_at"] is None
