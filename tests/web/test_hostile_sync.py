"""One bad item never blocks the others: odd text, deep JSON, wrong types and a failing handler in
the middle of a /sync batch; every item answered, every refusal audited, never a 500."""

from __future__ import annotations

import json
import logging

import pytest

from outreach.db import get_db
from outreach.sync import kinds
from tests.support.notes import save_note
from tests.web.test_cases import open_case


@pytest.fixture
def case_id(centre):
    return open_case(centre)


def raw_sync(browser, text: str):
    return browser.client.post("/sync", data=text, content_type="application/json",
                               headers={"X-CSRFToken": browser.token})


def batch(browser, *mutations):
    return json.dumps({"device_id": browser.device_id, "unsent": 0, "mutations": list(mutations)})


def stored_situations(app, case_id):
    with app.app_context():
        return [r[0] for r in get_db().execute(
            "SELECT json_extract(r.payload, '$.situation') FROM note_revision r JOIN visit_note n ON n.id = r.note_id "
            "WHERE n.case_id = ? ORDER BY r.received_at", [case_id])]


def audit_actions(app, action):
    with app.app_context():
        return [json.loads(r[0]) for r in get_db().execute(
            "SELECT details FROM audit_log WHERE action = ? ORDER BY seq", [action])]


def test_a_lone_surrogate_in_the_middle_of_a_batch_is_replaced_and_every_item_applied(app, centre, case_id):
    worker = centre.worker
    first = save_note(worker.person.id, case_id, situation="Vorher.")
    odd = save_note(worker.person.id, case_id, situation="Halbes Emoji: \ud83d Ende")
    last = save_note(worker.person.id, case_id, situation="Nachher.")
    text = batch(worker, first, odd, last)  # json.dumps writes the lone surrogate as \ud83d
    assert "\\ud83d" in text
    response = raw_sync(worker, text)
    assert response.status_code == 200
    assert [r["status"] for r in response.json["results"]] == ["applied"] * 3
    assert stored_situations(app, case_id) == ["Vorher.", "Halbes Emoji: \ufffd Ende", "Nachher."]


def test_a_lone_surrogate_in_the_case_id_is_refused_alone(app, centre, case_id):
    worker = centre.worker
    good = save_note(worker.person.id, case_id)
    odd = save_note(worker.person.id, case_id[:-1] + "\udc00")
    response = raw_sync(worker, batch(worker, odd, good))
    assert response.status_code == 200
    assert [r["status"] for r in response.json["results"]] == ["rejected", "applied"]
    assert response.json["results"][0]["reason"] == "not_found"


def test_nul_and_other_control_characters_are_not_stored(app, centre, case_id):
    worker = centre.worker
    note = save_note(worker.person.id, case_id, situation="Zeile\x00eins\x07\nZeile zwei\tTab")
    assert raw_sync(worker, batch(worker, note)).json["results"][0]["status"] == "applied"
    assert stored_situations(app, case_id) == ["Zeileeins\nZeile zwei\tTab"]


def test_text_is_stored_in_nfc(app, centre, case_id):
    worker = centre.worker
    note = save_note(worker.person.id, case_id, situation="Mu\u0308ller")  # u + combining diaeresis
    raw_sync(worker, batch(worker, note))
    assert stored_situations(app, case_id) == ["M\u00fcller"]


@pytest.mark.parametrize("depth", [40, 5000])
def test_json_nested_deeply_is_refused_before_parsing(centre, depth):
    worker = centre.worker
    text = '{"device_id": "x", "mutations": [' + "[" * depth + "]" * depth + "]}"
    response = raw_sync(worker, text)
    assert response.status_code == 400 and response.json["error"] == "malformed"
    assert response.json["message"]


def test_deep_json_on_the_sign_in_endpoint_is_a_clean_400(client, csrf_token):
    text = "[" * 5000 + "]" * 5000
    response = client.post("/signin/verify", data=text, content_type="application/json",
                           headers={"X-CSRFToken": csrf_token})
    assert response.status_code == 400 and response.is_json


@pytest.mark.parametrize("device_id", [123, None, ["a"], {"x": 1}, True, "x" * 5000])
def test_a_device_id_that_is_not_a_string_is_refused_cleanly(centre, client, csrf_token, device_id):
    signed_in = raw_sync(centre.worker, json.dumps({"device_id": device_id, "mutations": []}))
    assert signed_in.status_code == 403 and signed_in.json["error"] == "device_mismatch"
    anonymous = client.post("/sync", json={"device_id": device_id, "mutations": []}, headers={"X-CSRFToken": csrf_token})
    assert anonymous.status_code == 401 and anonymous.json["error"] == "signed_out"


def test_a_handler_that_fails_is_rolled_back_alone_and_logged_once(app, centre, case_id, caplog):
    def explode(db, person, mutation, *, today):
        db.execute("INSERT INTO meta (key, value) VALUES ('half-done', 'x')")
        raise RuntimeError("boom")

    kinds.register("test.explode", explode)
    worker = centre.worker
    try:
        bad = {**save_note(worker.person.id, case_id), "kind": "test.explode"}
        before, after = save_note(worker.person.id, case_id, situation="A"), save_note(worker.person.id, case_id,
                                                                                        situation="B")
        with caplog.at_level(logging.ERROR):
            response = raw_sync(worker, batch(worker, before, bad, after))
    finally:
        kinds.KINDS.pop("test.explode", None)
    assert response.status_code == 200
    results = response.json["results"]
    assert [r["status"] for r in results] == ["applied", "rejected", "applied"]
    assert results[1]["reason"] == "server_error" and results[1]["id"] == bad["id"]
    assert stored_situations(app, case_id) == ["A", "B"]
    with app.app_context():
        assert get_db().execute("SELECT count(*) FROM meta WHERE key = 'half-done'").fetchone()[0] == 0
    tracebacks = [r for r in caplog.records if r.exc_info]
    assert len(tracebacks) == 1 and results[1]["request_id"] in tracebacks[0].getMessage()
    assert response.headers["X-Request-Id"] == results[1]["request_id"]


def test_a_mutation_refused_for_access_is_audited_like_a_refused_read(app, centre, case_id):
    stranger = centre.other_team_worker
    note = save_note(stranger.person.id, case_id)
    result = raw_sync(stranger, batch(stranger, note)).json["results"][0]
    assert result["status"] == "rejected" and result["reason"] in ("forbidden", "not_found")
    lines = audit_actions(app, "case.access_refused")
    assert lines and lines[-1]["via"] == "sync" and lines[-1]["need"] == "write"
    assert lines[-1]["mutation"] == note["id"] and "situation" not in json.dumps(lines[-1])


def test_every_other_refusal_is_audited_without_its_content(app, centre, case_id):
    worker = centre.worker
    malformed = {"id": "short", "kind": "visit_note.save"}
    invalid = save_note(worker.person.id, case_id, kind="no_such_kind", situation="Geheim")
    results = raw_sync(worker, batch(worker, malformed, invalid)).json["results"]
    assert [r["status"] for r in results] == ["rejected", "rejected"]
    lines = audit_actions(app, "sync.rejected")
    assert [line["reason"] for line in lines[-2:]] == ["malformed", "invalid"]
    assert "Geheim" not in json.dumps(lines)
