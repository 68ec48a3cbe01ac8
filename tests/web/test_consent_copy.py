"""The tenant's copy (page and PDF, with the exact text, the signature and the hashes), how it
was handed over, withdrawal details, and re-verification with tamper detection."""

from __future__ import annotations

import hashlib
import html as html_lib
import re
import sqlite3
import subprocess

import pytest
from click.testing import CliRunner

from outreach.clock import berlin_today
from outreach.db import get_db
from tests.support.consent import members, published_version, sign, withdraw
from tests.support.notes import send
from tests.support.people import csrf
from tests.web.test_cases import open_case


@pytest.fixture
def signed(app, centre):
    case_id = open_case(centre)
    centre.worker.page(f"/cases/{case_id}")
    version = published_version(app, centre.admin, [centre.housing, centre.city])
    mutation = sign(centre.worker.person.id, case_id, members(app, case_id)[0]["id"], version,
                    recipients=[centre.housing], purposes=["status_feedback"], categories=["status", "health"],
                    interpreter="Dolmetscherin Yıldız")
    [result] = send(centre.worker, mutation)
    return {"case": case_id, "consent": mutation["entity_id"], "record_hash": result["record_hash"], "version": version}


def copy_text(html: str) -> str:
    return html_lib.unescape(re.search(r'<pre class="consent-copy-text">(.*?)</pre>', html, re.S).group(1))


def test_the_copy_holds_the_exact_text_signed_its_hash_the_signature_and_the_hashes(app, centre, signed):
    html = centre.worker.client.get(f"/consents/{signed['consent']}/copy").get_data(as_text=True)
    text = copy_text(html)
    assert "Wohnungsgesellschaft Test, Mieterservice" in text and "Stadt Test" not in text
    assert "Ausdrücklich auch für Gesundheitsdaten" in text and "Übersetzt von: Dolmetscherin Yıldız" in text
    with app.app_context():
        row = get_db().execute("SELECT text_hash, version_hash FROM consent_record").fetchone()
    # Anyone can recompute the text hash from the printed text: an anchor outside the system.
    assert hashlib.sha256(text.encode()).hexdigest() == row[0]
    assert row[0] in html and row[1] in html and signed["record_hash"] in html
    assert 'src="data:image/png;base64,' in html and "Achtung" not in html


def test_the_pdf_copy_is_rendered_from_the_same_page(app, centre, signed, tmp_path):
    response = centre.worker.client.get(f"/consents/{signed['consent']}/copy.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert response.headers["Content-Disposition"].startswith("attachment")
    path = tmp_path / "copy.pdf"
    path.write_bytes(response.data)
    text = subprocess.run(["pdftotext", str(path), "-"], check=True, capture_output=True, text=True).stdout
    assert "Einwilligung und Schweigepflichtentbindung" in text and "jederzeit widerrufen" in text
    flat = re.sub(r"\s+", "", text)
    assert signed["record_hash"] in flat
    images = subprocess.run(["pdfimages", "-list", str(path)], check=True, capture_output=True, text=True).stdout
    assert len(images.strip().splitlines()) >= 3  # header lines plus the signature picture


def test_the_handover_of_the_copy_is_recorded(app, centre, signed):
    token = csrf(centre.worker.client, f"/consents/{signed['consent']}")
    response = centre.worker.client.post(f"/consents/{signed['consent']}/handover",
                                         data={"csrf_token": token, "method": "printed"})
    assert response.status_code == 303
    html = centre.worker.client.get(f"/consents/{signed['consent']}").get_data(as_text=True)
    assert 'data-handover="printed"' in html and "Ausgedruckt und übergeben" in html
    assert centre.worker.client.post(f"/consents/{signed['consent']}/handover",
                                     data={"csrf_token": token, "method": "carrier-pigeon"}).status_code == 400
    assert centre.colleague.client.post(f"/consents/{signed['consent']}/handover",
                                        data={"csrf_token": csrf(centre.colleague.client), "method": "printed"}).status_code == 404
    assert centre.worker.client.post(f"/consents/{signed['consent']}/handover", data={"method": "printed"}).status_code == 403


def test_a_withdrawal_is_recorded_once_with_date_channel_and_receiver(app, centre, signed):
    mutation = withdraw(centre.worker.person.id, signed["case"], signed["consent"], berlin_today().isoformat(), "letter")
    assert send(centre.worker, mutation)[0]["status"] == "applied"
    again = withdraw(centre.worker.person.id, signed["case"], signed["consent"], berlin_today().isoformat())
    assert send(centre.worker, again)[0].get("already") is True
    html = centre.worker.client.get(f"/consents/{signed['consent']}").get_data(as_text=True)
    assert "Per Brief" in html and "entgegengenommen von Wera Werner" in html
    assert "Kein Partner hat unter dieser Einwilligung Daten erhalten." in html
    with app.app_context():
        assert get_db().execute("SELECT count(*) FROM consent_withdrawal").fetchone()[0] == 1


@pytest.mark.parametrize("changes, field", [({"withdrawn_on": "2999-01-01"}, "withdrawn_on"),
                                            ({"withdrawn_on": "gestern"}, "withdrawn_on"),
                                            ({"channel": "telepathy"}, "channel"),
                                            ({"consent_id": "unknown-consent"}, "consent_id")])
def test_bad_withdrawals_are_refused_with_the_field(app, centre, signed, changes, field):
    mutation = withdraw(centre.worker.person.id, signed["case"], signed["consent"], berlin_today().isoformat())
    mutation["payload"].update(changes)
    [result] = send(centre.worker, mutation)
    assert result["status"] == "rejected" and result["field"] == field


def test_a_withdrawal_needs_write_access_to_the_case(app, centre, signed):
    mutation = withdraw(centre.colleague.person.id, signed["case"], signed["consent"], berlin_today().isoformat())
    assert send(centre.colleague, mutation)[0]["reason"] == "forbidden"


def verify_cli(app):
    from outreach.cli import main

    env = {"OUTREACH_SECRET_KEY": app.config["SECRET_KEY"] + "x" * 40, "OUTREACH_EVIDENCE_KEY": app.config["EVIDENCE_KEY"],
           "OUTREACH_PUBLIC_ORIGIN": "http://localhost", "OUTREACH_DATABASE": app.config["DATABASE_PATH"]}
    return CliRunner().invoke(main, ["verify-consents"], env=env)


def test_verification_reports_intact_consents(app, centre, signed):
    send(centre.worker, withdraw(centre.worker.person.id, signed["case"], signed["consent"], berlin_today().isoformat()))
    result = verify_cli(app)
    assert result.exit_code == 0 and "Consents intact: 1 verified." in result.output, result.output
    html = centre.admin.client.get("/admin/consents").get_data(as_text=True)
    assert 'id="consents-result" data-intact="true"' in html and "Unversehrt: 1 Einwilligungen geprüft." in html


def tamper(app, sql, params=()):
    """What someone with the database file could do: drop the guard and change the row."""
    conn = sqlite3.connect(app.config["DATABASE_PATH"])
    conn.execute("DROP TRIGGER IF EXISTS consent_record_append_only")
    conn.execute("DROP TRIGGER IF EXISTS consent_withdrawal_append_only")
    conn.execute("DROP TRIGGER IF EXISTS consent_version_published_update")
    conn.execute(sql, params)
    conn.commit()


@pytest.mark.parametrize("sql, problem", [
    ("UPDATE consent_record SET scope = json_set(scope, '$.categories', json('[\"status\",\"health\",\"income\"]'))", "seal"),
    ("UPDATE consent_record SET valid_until = '2099-12-31'", "seal"),
    ("UPDATE consent_record SET signature_png = X'89504E47'", "signature"),
    ("UPDATE consent_record SET strokes = X'5B5D'", "strokes"),
    ("UPDATE consent_version SET content = json_set(content, '$.intro', 'Anders')", "template"),
])
def test_tampering_is_reported_by_the_command_and_the_admin_page(app, centre, signed, sql, problem):
    tamper(app, sql)
    result = verify_cli(app)
    assert result.exit_code == 1 and problem in result.output and signed["consent"] in result.output, result.output
    html = centre.admin.client.get("/admin/consents").get_data(as_text=True)
    assert f'data-broken-consent="{signed["consent"]}"' in html and problem in html


def test_a_changed_withdrawal_is_reported(app, centre, signed):
    send(centre.worker, withdraw(centre.worker.person.id, signed["case"], signed["consent"], berlin_today().isoformat()))
    tamper(app, "UPDATE consent_withdrawal SET partners_to_inform = '[]', withdrawn_on = '2020-01-01'")
    result = verify_cli(app)
    assert result.exit_code == 1 and "withdrawal_seal" in result.output


def test_signing_and_withdrawal_are_in_the_audit_log(app, centre, signed):
    send(centre.worker, withdraw(centre.worker.person.id, signed["case"], signed["consent"], berlin_today().isoformat()))
    with app.app_context():
        actions = [r[0] for r in get_db().execute("SELECT action FROM audit_log WHERE subject_id = ?", [signed["consent"]])]
    assert "consent.withdraw.applied" in actions and "consent.sign.applied" in actions
