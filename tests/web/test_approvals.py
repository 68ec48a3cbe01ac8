"""Four eyes: submit, return with a comment, resubmit, approve with a real passkey signature,
locked afterwards; every refusal; verification finds tampering."""

from __future__ import annotations

import json
import re
import sqlite3

import pytest
from click.testing import CliRunner

from outreach.db import get_db
from tests.support.notes import save_note, send
from tests.web.test_cases import open_case

ORIGIN = "http://localhost"


@pytest.fixture
def submitted(app, centre):
    """A note the worker wrote and submitted for approval."""
    case_id = open_case(centre)
    mutation = save_note(centre.worker.person.id, case_id, status="submitted", situation="Zur Freigabe.")
    assert send(centre.worker, mutation)[0]["status"] == "applied"
    return {"case": case_id, "note": mutation["entity_id"], "revision": mutation["id"], "mutation": mutation}


def shown_revision(browser, note_id):
    """The revision id on the supervisor's review page (what the approve button signs)."""
    found = re.search(r'data-revision="([^"]+)"', browser.client.get(f"/approvals/{note_id}").get_data(as_text=True))
    return found.group(1) if found else None


def options(browser, note_id):
    browser.page()
    return browser.post(f"/approvals/{note_id}/options", {"revision": shown_revision(browser, note_id)})


def approve(browser, note_id, **soft):
    response = options(browser, note_id)
    if response.status_code != 200:
        return response
    credential = browser.soft.get(response.json["publicKey"], origin=ORIGIN, **soft)
    return browser.post(f"/approvals/{note_id}/verify", {"credential": credential})


def note_status(app, note_id):
    with app.app_context():
        return get_db().execute("SELECT status FROM visit_note WHERE id = ?", [note_id]).fetchone()[0]


def test_submitted_notes_are_queued_for_the_teams_supervisor(app, centre, submitted):
    html = centre.supervisor.client.get("/approvals").get_data(as_text=True)
    assert submitted["note"] in html and "wartet seit" in html
    assert 'class="count-badge">1<' in centre.supervisor.client.get("/").get_data(as_text=True)
    assert submitted["note"] not in centre.other_supervisor.client.get("/approvals").get_data(as_text=True)


def test_approval_with_the_supervisors_passkey_locks_the_note(app, centre, submitted):
    response = approve(centre.supervisor, submitted["note"])
    assert response.status_code == 200, response.json
    assert note_status(app, submitted["note"]) == "approved"
    with app.app_context():
        record = dict(next(get_db().query("SELECT * FROM approval")))
    assert record["revision_id"] == submitted["revision"] and len(record["content_hash"]) == 64
    assert record["public_key"] and record["signature"] and record["mac"]
    edit = save_note(centre.worker.person.id, submitted["case"], note_id=submitted["note"], base=submitted["revision"])
    assert send(centre.worker, edit)[0]["status"] == "conflict"  # kept, never applied to the approved note
    with app.app_context():
        assert get_db().execute("SELECT status, current_revision_id FROM visit_note WHERE id = ?",
                                [submitted["note"]]).fetchone() == ("approved", submitted["revision"])
    html = centre.worker.client.get(f"/visits/{submitted['note']}").get_data(as_text=True)
    assert "Freigegeben von Andrea Aufsicht" in html and "Nachtrag schreiben" in html


def test_the_challenge_binds_the_content_hash(app, centre, submitted):
    import base64
    import hashlib

    from outreach.domain.approval import content_hash

    response = options(centre.supervisor, submitted["note"])
    with app.app_context():
        nonce = get_db().execute("SELECT nonce FROM approval_challenge").fetchone()[0]
    expected = content_hash(submitted["case"], centre.worker.person.id, submitted["revision"],
                            {**submitted["mutation"]["payload"], "addendum_of": ""})
    assert response.json["content_hash"] == expected
    challenge = base64.urlsafe_b64encode(hashlib.sha256(nonce + bytes.fromhex(expected)).digest()).rstrip(b"=").decode()
    assert response.json["publicKey"]["challenge"] == challenge
    allowed = [c["id"] for c in response.json["publicKey"]["allowCredentials"]]
    assert len(allowed) == 1 and response.json["publicKey"]["userVerification"] == "required"


def test_return_with_a_comment_then_resubmit_then_approve(app, centre, submitted):
    sup = centre.supervisor
    assert sup.client.post(f"/approvals/{submitted['note']}/return", data={"csrf_token": sup.token}).status_code == 400
    response = sup.client.post(f"/approvals/{submitted['note']}/return",
                               data={"csrf_token": sup.token, "comment": "Bitte die Absprachen ergänzen."})
    assert response.status_code == 303 and note_status(app, submitted["note"]) == "returned"
    html = centre.worker.client.get(f"/visits/{submitted['note']}").get_data(as_text=True)
    assert "Bitte die Absprachen ergänzen." in html
    caseload = centre.worker.client.get("/cases").get_data(as_text=True)
    assert "Zurückgegebene Besuchsnotizen" in caseload and "Bitte die Absprachen ergänzen." in caseload
    fixed = save_note(centre.worker.person.id, submitted["case"], note_id=submitted["note"], base=submitted["revision"],
                      status="submitted", situation="Zur Freigabe, mit Absprachen.")
    assert send(centre.worker, fixed)[0]["status"] == "applied"
    review = sup.client.get(f"/approvals/{submitted['note']}").get_data(as_text=True)
    assert "Zur Freigabe." in review and "Zur Freigabe, mit Absprachen." in review  # side by side
    assert approve(sup, submitted["note"]).status_code == 200
    with app.app_context():
        assert get_db().execute("SELECT revision_id FROM approval").fetchone()[0] == fixed["id"]


def test_an_edit_reaching_a_submitted_note_is_kept_as_a_conflict_not_applied(app, centre, submitted):
    edit = save_note(centre.worker.person.id, submitted["case"], note_id=submitted["note"], base=submitted["revision"],
                     situation="Nachträglich offline geändert")
    assert send(centre.worker, edit)[0]["status"] == "conflict"
    with app.app_context():
        row = get_db().execute("SELECT status, in_conflict, current_revision_id FROM visit_note WHERE id = ?",
                               [submitted["note"]]).fetchone()
    assert row == ("submitted", 1, submitted["revision"])
    # The supervisor cannot approve it now, but can return it; the author then resolves.
    assert approve(centre.supervisor, submitted["note"]).status_code == 409
    sup = centre.supervisor
    sup.page()
    assert sup.client.post(f"/approvals/{submitted['note']}/return",
                           data={"csrf_token": sup.token, "comment": "Bitte zusammenführen"}).status_code == 303
    resolve = save_note(centre.worker.person.id, submitted["case"], note_id=submitted["note"],
                        base=submitted["revision"], resolves=[edit["id"]], situation="Zusammengeführt")
    assert send(centre.worker, resolve)[0]["status"] == "applied"


def test_a_worker_cannot_approve(app, centre, submitted):
    assert options(centre.worker, submitted["note"]).status_code == 403
    assert centre.colleague.client.get("/approvals").status_code == 403


def test_nobody_approves_their_own_note(app, centre):
    case_id = open_case(centre, worker_id=centre.worker.person.id)
    # The supervisor writes a note on a case of the team, then tries to approve it.
    mutation = save_note(centre.supervisor.person.id, case_id, status="submitted")
    centre.supervisor.page()
    assert send(centre.supervisor, mutation)[0]["status"] == "applied"
    assert approve(centre.supervisor, mutation["entity_id"]).status_code == 403


def test_another_teams_supervisor_cannot_see_or_approve(app, centre, submitted):
    assert approve(centre.other_supervisor, submitted["note"]).status_code == 404


def test_a_stale_revision_is_not_approved(app, centre, submitted):
    sup = centre.supervisor
    signing = options(sup, submitted["note"]).json["publicKey"]
    # Meanwhile the note is returned and resubmitted with other content.
    sup.client.post(f"/approvals/{submitted['note']}/return", data={"csrf_token": sup.token, "comment": "Ergänzen"})
    newer = save_note(centre.worker.person.id, submitted["case"], note_id=submitted["note"], base=submitted["revision"],
                      status="submitted", situation="Neu")
    send(centre.worker, newer)
    credential = sup.soft.get(signing, origin=ORIGIN)
    response = sup.post(f"/approvals/{submitted['note']}/verify", {"credential": credential})
    assert response.status_code == 409 and note_status(app, submitted["note"]) == "submitted"


def test_a_replayed_approval_assertion_is_refused(app, centre, submitted):
    sup = centre.supervisor
    signing = options(sup, submitted["note"]).json["publicKey"]
    credential = sup.soft.get(signing, origin=ORIGIN)
    assert sup.post(f"/approvals/{submitted['note']}/verify", {"credential": credential}).status_code == 200
    replay = sup.post(f"/approvals/{submitted['note']}/verify", {"credential": credential})
    assert replay.status_code == 400
    with app.app_context():
        assert get_db().execute("SELECT count(*) FROM approval").fetchone()[0] == 1


def test_an_assertion_from_another_persons_passkey_is_refused(app, centre, submitted):
    sup = centre.supervisor
    signing = options(sup, submitted["note"]).json["publicKey"]
    signing["allowCredentials"] = []
    foreign = centre.other_supervisor.soft.get(signing, origin=ORIGIN)  # valid signature, wrong person
    response = sup.post(f"/approvals/{submitted['note']}/verify", {"credential": foreign})
    assert response.status_code == 400 and note_status(app, submitted["note"]) == "submitted"


def test_user_verification_is_required_for_approval(app, centre, submitted):
    assert approve(centre.supervisor, submitted["note"], user_verified=False).status_code == 400


def test_an_addendum_corrects_an_approved_note_with_its_own_approval(app, centre, submitted):
    approve(centre.supervisor, submitted["note"])
    assert centre.worker.client.get(f"/visits/{submitted['note']}/addendum").status_code == 200
    addendum = save_note(centre.worker.person.id, submitted["case"], status="submitted", addendum_of=submitted["note"],
                         situation="Nachtrag: Datum korrigiert.")
    assert send(centre.worker, addendum)[0]["status"] == "applied"
    assert approve(centre.supervisor, addendum["entity_id"]).status_code == 200
    stray = save_note(centre.worker.person.id, submitted["case"], addendum_of="not-an-approved-note")
    assert send(centre.worker, stray)[0]["reason"] == "invalid"


def test_an_addendum_settles_a_conflict_that_reached_the_approved_note(app, centre, submitted):
    approve(centre.supervisor, submitted["note"])
    late = save_note(centre.worker.person.id, submitted["case"], note_id=submitted["note"], base=submitted["revision"])
    assert send(centre.worker, late)[0]["status"] == "conflict"
    addendum = save_note(centre.worker.person.id, submitted["case"], addendum_of=submitted["note"], situation="Nachtrag")
    assert send(centre.worker, addendum)[0]["status"] == "applied"
    with app.app_context():
        assert get_db().execute("SELECT in_conflict FROM visit_note WHERE id = ?", [submitted["note"]]).fetchone()[0] == 0


def verify_cli(app):
    from outreach.cli import main

    env = {"OUTREACH_SECRET_KEY": app.config["SECRET_KEY"] + "x" * 40, "OUTREACH_EVIDENCE_KEY": app.config["EVIDENCE_KEY"],
           "OUTREACH_PUBLIC_ORIGIN": "http://localhost", "OUTREACH_DATABASE": app.config["DATABASE_PATH"]}
    return CliRunner().invoke(main, ["verify-approvals"], env=env)


def test_verification_reports_intact_approvals(app, centre, submitted):
    approve(centre.supervisor, submitted["note"])
    result = verify_cli(app)
    assert result.exit_code == 0 and "intact: 1 verified" in result.output, result.output
    html = centre.admin.client.get("/admin/approvals").get_data(as_text=True)
    assert 'data-intact="true"' in html


def test_changing_the_approved_text_is_found(app, centre, submitted):
    approve(centre.supervisor, submitted["note"])
    conn = sqlite3.connect(app.config["DATABASE_PATH"])
    conn.execute("UPDATE note_revision SET payload = json_set(payload, '$.situation', 'Verändert') WHERE id = ?",
                 [submitted["revision"]])
    conn.commit()
    result = verify_cli(app)
    assert result.exit_code == 1 and "content" in result.output and submitted["note"] in result.output
    assert 'data-broken-approval="1"' in centre.admin.client.get("/admin/approvals").get_data(as_text=True)


def test_swapping_public_key_and_signature_is_found(app, centre, submitted):
    approve(centre.supervisor, submitted["note"])
    from tests.support.soft_authenticator import SoftAuthenticator, b64url_encode

    forger = SoftAuthenticator()
    forged_key = forger.create({"rp": {"id": "localhost", "name": "x"}, "user": {"id": b64url_encode(b"u" * 16),
                                "name": "f", "displayName": "f"}, "challenge": b64url_encode(b"c" * 32),
                                "pubKeyCredParams": [{"type": "public-key", "alg": -7}]}, origin=ORIGIN)
    credential_id = forger.credentials[0].credential_id
    conn = sqlite3.connect(app.config["DATABASE_PATH"])
    row = conn.execute("SELECT authenticator_data, client_data_json FROM approval").fetchone()
    import base64
    import hashlib

    def unb64(text):
        return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))

    signature = forger.sign_raw(credential_id, unb64(row[0]) + hashlib.sha256(unb64(row[1])).digest())
    conn.execute("UPDATE approval SET public_key = ?, signature = ?",
                 [b64url_encode(forger.public_key_cose(credential_id)), b64url_encode(signature)])
    conn.commit()
    result = verify_cli(app)
    assert result.exit_code == 1 and "seal" in result.output
    assert forged_key  # the forged pair verifies on its own; only the seal catches the swap


def test_the_approval_flow_is_audited(app, centre, submitted):
    approve(centre.supervisor, submitted["note"])
    with app.app_context():
        actions = [r[0] for r in get_db().execute("SELECT action FROM audit_log")]
    assert {"visit_note.review", "visit_note.approved", "approvals.read"} - set(actions) == {"approvals.read"}
    assert json  # evidence is JSON-free in the log: no note text


def test_approval_signs_only_the_revision_on_the_supervisors_screen(app, centre, submitted):
    sup = centre.supervisor
    on_screen = shown_revision(sup, submitted["note"])
    # Meanwhile the note is returned and resubmitted with new text the supervisor has not seen.
    sup.page()
    sup.client.post(f"/approvals/{submitted['note']}/return", data={"csrf_token": sup.token, "comment": "Bitte ergänzen"})
    newer = save_note(centre.worker.person.id, submitted["case"], note_id=submitted["note"], base=submitted["revision"],
                      status="submitted", situation="Ungesehen")
    send(centre.worker, newer)
    sup.page()
    response = sup.post(f"/approvals/{submitted['note']}/options", {"revision": on_screen})
    assert response.status_code == 409


def test_a_submitted_note_in_conflict_can_be_returned(app, centre, submitted):
    sibling = save_note(centre.worker.person.id, submitted["case"], note_id=submitted["note"], base=None,
                        situation="Parallel")
    with app.app_context():
        get_db().execute("UPDATE visit_note SET in_conflict = 1 WHERE id = ?", [submitted["note"]])
    html = centre.supervisor.client.get(f"/approvals/{submitted['note']}").get_data(as_text=True)
    assert "Konflikt auflösen" in html or "muss den Konflikt" in html
    assert 'data-passkey="approve"' not in html and "/return" in html
    assert sibling


def test_an_approved_status_without_an_approval_is_reported(app, centre, submitted):
    with app.app_context():
        get_db().execute("UPDATE visit_note SET status = 'approved' WHERE id = ?", [submitted["note"]])
    result = verify_cli(app)
    assert result.exit_code == 1 and "approved_without_approval_of_current_revision" in result.output
