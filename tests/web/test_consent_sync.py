"""Signing through the outbox: `consent.sign` is applied once, sealed, checked like any request."""

from __future__ import annotations

import base64
import io
import json
import re

import pytest
from PIL import Image

from outreach.db import get_db
from tests.support.offline import offline_pages
from tests.support.consent import members, published_version, sign, signature_data_url
from tests.support.notes import send
from tests.web.test_cases import open_case


@pytest.fixture
def setup(app, centre):
    case_id = open_case(centre)
    centre.worker.page(f"/cases/{case_id}")
    version = published_version(app, centre.admin, [centre.housing, centre.city])
    tenant = members(app, case_id)[0]
    return {"case": case_id, "version": version, "tenant": tenant["id"]}


def consent_rows(app):
    with app.app_context():
        return list(get_db().query("SELECT * FROM consent_record"))


def signed(centre, setup, **kw):
    return sign(centre.worker.person.id, setup["case"], setup["tenant"], setup["version"],
                recipients=[centre.housing], **kw)


def test_a_signed_consent_is_applied_sealed_and_shown_on_the_case(app, centre, setup):
    mutation = signed(centre, setup, categories=["status", "health"])
    [result] = send(centre.worker, mutation)
    assert result["status"] == "applied" and result["consent"] == mutation["entity_id"]
    [row] = consent_rows(app)
    assert row["witness_id"] == centre.worker.person.id and row["signer_name"] == "Anna Müller"
    assert row["device_time"] == "2026-01-01T09:00:00Z" and row["device_id"] == centre.worker.device_id
    assert json.loads(row["scope"]) == {"recipients": [centre.housing], "purposes": ["status_feedback"],
                                        "categories": ["status", "health"]}
    assert row["strokes"] and row["signature_png"].startswith(b"\x89PNG") and len(row["mac"]) == 64
    html = centre.worker.client.get(f"/cases/{setup['case']}").get_data(as_text=True)
    assert f'data-consent-id="{row["id"]}" data-state="active"' in html
    page = centre.worker.client.get(f"/consents/{row['id']}").get_data(as_text=True)
    assert "Einwilligung von Anna Müller" in page and "Wohnungsgesellschaft Test" in page


def test_the_signature_is_re_encoded_and_keeps_nothing_appended(app, centre, setup):
    raw = base64.b64decode(signature_data_url().split(",", 1)[1]) + b"<script>alert(1)</script>"
    mutation = signed(centre, setup, signature="data:image/png;base64," + base64.b64encode(raw).decode())
    assert send(centre.worker, mutation)[0]["status"] == "applied"
    stored = consent_rows(app)[0]["signature_png"]
    assert b"<script>" not in stored and Image.open(io.BytesIO(stored)).format == "PNG"


def test_a_repeat_is_a_duplicate_and_a_reused_consent_id_is_refused(app, centre, setup):
    mutation = signed(centre, setup)
    send(centre.worker, mutation)
    assert send(centre.worker, mutation)[0]["status"] == "duplicate"
    other = signed(centre, setup, consent_id=mutation["entity_id"])  # new mutation, same client entity id
    assert send(centre.worker, other)[0]["reason"] == "id_conflict"
    assert len(consent_rows(app)) == 1


@pytest.mark.parametrize("changes, field", [
    ({"strokes": []}, "signature"),
    ({"signature": "data:image/gif;base64,R0lGODlhAQABAAAAACw="}, "signature"),
    ({"signature": "data:image/png;base64," + base64.b64encode(b"not a png").decode()}, "signature"),
    ({"scope": {"recipients": [], "purposes": ["status_feedback"], "categories": ["status"]}}, "recipients"),
    ({"scope": {"recipients": ["someone-else"], "purposes": ["status_feedback"], "categories": ["status"]}}, "recipients"),
    ({"scope": {"recipients": ["x"], "purposes": ["marketing"], "categories": ["status"]}}, "recipients"),
    ({"scope": {"recipients": [], "purposes": [], "categories": ["income"]}}, "recipients"),
    ({"withdrawal_notice_shown": False}, "withdrawal_notice_shown"),
    ({"version_hash": "0" * 64}, "template_version_id"),
    ({"text_hash": "0" * 64}, "text"),  # the phone showed another text than the one that would be kept
    ({"text_hash": None}, "text"),
    ({"member_id": "not-a-member"}, "member_id"),
])
def test_bad_consents_are_refused_with_the_field_and_nothing_is_stored(app, centre, setup, changes, field):
    mutation = signed(centre, setup)
    mutation["payload"].update(changes)
    [result] = send(centre.worker, mutation)
    assert result["status"] == "rejected" and result["reason"] == "invalid" and result["field"] == field, result
    assert consent_rows(app) == []


def test_a_draft_template_cannot_be_signed(app, centre, setup):
    from tests.support.consent import create_draft

    draft_id = create_draft(centre.admin, [centre.housing], name="Entwurf")
    with app.app_context():
        draft_hash = get_db().execute("SELECT content_hash FROM consent_version WHERE id = ?", [draft_id]).fetchone()[0]
    mutation = sign(centre.worker.person.id, setup["case"], setup["tenant"], {"id": draft_id, "hash": draft_hash},
                    recipients=[centre.housing])
    assert send(centre.worker, mutation)[0]["code"] == "not_published"


@pytest.mark.parametrize("who", ["colleague", "other_team_worker", "admin"])
def test_only_who_may_write_the_case_records_consent(app, centre, setup, who):
    browser = getattr(centre, who)
    browser.page()
    mutation = sign(browser.person.id, setup["case"], setup["tenant"], setup["version"], recipients=[centre.housing])
    [result] = send(browser, mutation)
    assert result["reason"] in ("forbidden", "unknown_kind") and result["status"] == "rejected"
    assert consent_rows(app) == []


def test_a_consent_written_by_someone_else_waits_for_its_author(app, centre, setup):
    mutation = sign(centre.colleague.person.id, setup["case"], setup["tenant"], setup["version"], recipients=[centre.housing])
    assert send(centre.worker, mutation)[0]["reason"] == "wrong_author"


def test_the_supervisor_of_the_team_may_record_consent(app, centre, setup):
    mutation = sign(centre.supervisor.person.id, setup["case"], setup["tenant"], setup["version"], recipients=[centre.housing])
    assert send(centre.supervisor, mutation)[0]["status"] == "applied"


@pytest.mark.parametrize("who, status", [("worker", 200), ("supervisor", 200), ("colleague", 404),
                                         ("other_team_worker", 404), ("admin", 404), ("partner", 404)])
def test_the_signing_page_and_a_consent_page_follow_case_access(app, centre, setup, who, status):
    mutation = signed(centre, setup)
    send(centre.worker, mutation)
    browser = getattr(centre, who)
    assert browser.client.get(f"/cases/{setup['case']}/consents/new").status_code == status
    assert browser.client.get(f"/consents/{mutation['entity_id']}").status_code == status
    assert browser.client.get(f"/consents/{mutation['entity_id']}/copy").status_code == status


def test_the_signing_page_offers_published_versions_in_large_type_with_health_apart(app, centre, setup):
    html = centre.worker.client.get(f"/cases/{setup['case']}/consents/new").get_data(as_text=True)
    assert f'data-version="{setup["version"]["id"]}"' in html and 'data-version-hash="' in html
    assert "consent-large" in html and 'class="consent-health"' in html
    assert "data-signature-pad" in html and "jederzeit widerrufen" in html
    assert re.search(r"/static/js/consent\.[0-9a-f]{10}\.js", html)


def test_the_signing_page_and_consents_join_the_offline_set(app, centre, setup):
    mutation = signed(centre, setup)
    send(centre.worker, mutation)
    urls = offline_pages(centre.worker)
    assert f"/cases/{setup['case']}/consents/new" in urls and f"/consents/{mutation['entity_id']}" in urls
    sw = centre.worker.client.get("/sw.js").get_data(as_text=True)
    assert re.search(r"/static/js/consent\.[0-9a-f]{10}\.js", sw)
    assert re.search(r"/static/vendor/signature_pad-5\.1\.4\.[0-9a-f]{10}\.js", sw)


def test_consent_records_are_append_only_in_the_database(app, centre, setup):
    import sqlite3

    send(centre.worker, signed(centre, setup))
    conn = sqlite3.connect(app.config["DATABASE_PATH"])
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        conn.execute("UPDATE consent_record SET valid_until = '2099-12-31'")


def test_a_consent_for_a_case_reassigned_after_the_phone_received_it_is_applied_and_flagged(app, centre, setup):
    import time

    from outreach.cases.store import assign

    time.sleep(0.01)  # the reassignment comes after the phone received the case
    with app.app_context():
        assign(get_db(), setup["case"], centre.colleague.person.id, centre.north, centre.supervisor.person.id)
    [result] = send(centre.worker, signed(centre, setup))
    assert result["status"] == "applied" and result["flag"] == "reassigned"
    with app.app_context():
        flagged = get_db().execute("SELECT details FROM audit_log WHERE action = 'consent.sign.applied'").fetchone()[0]
    assert '"flag": "reassigned"' in flagged
    # A worker whose phone never received the case is still refused.
    other = sign(centre.other_team_worker.person.id, setup["case"], setup["tenant"], setup["version"],
                 recipients=[centre.housing])
    assert send(centre.other_team_worker, other)[0]["reason"] == "forbidden"
