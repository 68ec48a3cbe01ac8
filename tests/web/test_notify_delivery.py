"""Mail and push leave the server the way people meet them (issue 22): a real SMTP server in the
test process (aiosmtpd) receives each thing once, with no name, street or case number of the
demo in it; a mail server that does not answer slows no request and gets the mail when it is back;
the digest comes at its hour, nothing in the quiet hours; a local endpoint standing in for the push
service receives a payload that decrypts with the subscription's keys to the content-free text,
and a 410 removes the subscription."""

from __future__ import annotations

import base64
import json
import os
import socket
import threading
from datetime import datetime, timedelta
from email import message_from_bytes, policy
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import http_ece
import pytest
from aiosmtpd.controller import Controller
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from outreach import clock
from outreach.db import get_db
from outreach.notify import channels, store
from outreach.notify.channels import make_vapid_key
from outreach.notify.sender import run_once
from tests.support.notes import save_note, send
from tests.web.test_cases import open_case

BERLIN = clock.BERLIN


class Inbox:
    def __init__(self):
        self.mails = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 — aiosmtpd's hook name
        self.mails.append(message_from_bytes(envelope.content, policy=policy.default))
        return "250 OK"


@pytest.fixture
def smtp():
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    inbox.port = controller.port
    yield inbox
    controller.stop()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def mail_to(app, port: int) -> None:
    app.config.update(MAIL_SMTP_HOST="127.0.0.1", MAIL_SMTP_PORT=port, MAIL_SMTP_SECURITY="none",
                      MAIL_FROM="outreach@caritas-beispiel.de")


def listen(app, person_id: str, **settings) -> None:
    values = {"email_on": True, "email_address": f"{person_id}@example.org", "email_mode": "instant",
              "digest_hour": 7, "quiet_from": None, "quiet_to": None, "kinds": {}, "language": "de"}
    values.update(settings)
    with app.app_context():
        store.save_settings(get_db(), person_id, **values)


def submit_note(centre, case_id: str) -> None:
    note = save_note(centre.worker.person.id, case_id, status="submitted", situation="Zur Freigabe.")
    assert send(centre.worker, note)[0]["status"] == "applied"


def body(mail) -> str:
    return mail.get_body(preferencelist=("plain",)).get_content()


def test_the_demo_mails_each_thing_once_and_never_a_name_a_street_or_a_case_number(tmp_path, smtp):
    from outreach import create_app
    from outreach.cli import create_demo_database

    path = str(tmp_path / "demo.sqlite3")
    key = create_demo_database(path)
    app = create_app(demo=True, settings={"DATABASE": path, "PUBLIC_ORIGIN": "http://localhost:5000",
                                          "SECRET_KEY": "s" * 40, "EVIDENCE_KEY": key})
    mail_to(app, smtp.port)
    with app.app_context():
        db = get_db()
        people = [row[0] for row in db.execute("SELECT id FROM person WHERE status = 'active'")]
        secrets_ = {row[0] for row in db.execute(
            "SELECT name FROM household_member UNION SELECT street FROM household_case "
            "UNION SELECT number FROM household_case UNION SELECT display_name FROM person") if row[0]}
        # (the demo's anonymised case file has no name or street left to leak)
    for person in people:
        listen(app, person)
    first = run_once(app)
    assert first["sent"] == len(smtp.mails) >= 5  # the demo has something waiting for most people
    words = {word for text in secrets_ for word in text.split() if len(word) >= 4 and not word.isdigit()}
    for mail in smtp.mails:
        text = mail["Subject"] + "\n" + body(mail)
        assert "http://localhost:5000/for-you" in text
        found = [s for s in secrets_ | words if s in text]
        assert found == [], found
    assert run_once(app) == {"queued": 0, "sent": 0, "failed": 0}  # each thing once
    assert len(smtp.mails) == first["sent"]


def test_a_mail_server_that_does_not_answer_slows_no_request_and_gets_the_mail_later(app, centre, smtp,
                                                                                     monkeypatch):
    monkeypatch.setattr(channels, "TIMEOUT_SECONDS", 3)
    silent = socket.socket()
    silent.bind(("127.0.0.1", 0))
    silent.listen(5)  # accepts the connection, never greets
    mail_to(app, silent.getsockname()[1])
    listen(app, centre.supervisor.person.id)
    submit_note(centre, open_case(centre))
    round_ = threading.Thread(target=run_once, args=(app,))
    round_.start()
    try:
        response = centre.supervisor.client.get("/for-you")
        assert response.status_code == 200 and round_.is_alive()  # the request did not wait for the mail server
    finally:
        round_.join(10)
        silent.close()
    with app.app_context():
        [message] = get_db().execute("SELECT status, attempts, last_error, next_try_at FROM notify_message").fetchall()
    assert message[0] == "waiting" and message[1] == 1 and message[2]
    mail_to(app, smtp.port)  # the mail server is back
    assert run_once(app)["sent"] == 0  # not before its pause
    assert run_once(app, clock.now() + timedelta(minutes=2))["sent"] == 1
    [mail] = smtp.mails
    assert mail["Subject"] == "1 neuer Eintrag wartet in Outreach auf Sie"
    assert run_once(app, clock.now() + timedelta(minutes=10))["sent"] == 0


def test_the_digest_comes_at_its_hour_with_the_clock_moved(app, centre, smtp):
    mail_to(app, smtp.port)
    listen(app, centre.supervisor.person.id, email_mode="digest", digest_hour=7)
    today = clock.berlin_today()
    at = lambda day, hour, minute=0: datetime(day.year, day.month, day.day, hour, minute, tzinfo=BERLIN)  # noqa: E731
    run_once(app, at(today, 6))  # the first round starts the clock of the digest
    submit_note(centre, open_case(centre))
    submit_note(centre, open_case(centre))
    assert run_once(app, at(today, 6, 30))["sent"] == 0
    assert run_once(app, at(today, 7, 5))["sent"] == 1
    assert smtp.mails[0]["Subject"] == "2 neue Einträge warten in Outreach auf Sie"
    assert "tägliche Zusammenfassung" in body(smtp.mails[0])
    assert run_once(app, at(today, 8))["sent"] == 0
    assert run_once(app, at(today + timedelta(days=1), 7, 1))["sent"] == 0  # nothing new since
    assert len(smtp.mails) == 1


def test_nothing_in_the_quiet_hours_and_what_came_up_goes_when_they_end(app, centre, smtp):
    mail_to(app, smtp.port)
    listen(app, centre.supervisor.person.id, quiet_from=22, quiet_to=7)
    today = clock.berlin_today()
    submit_note(centre, open_case(centre))
    late = datetime(today.year, today.month, today.day, 23, 10, tzinfo=BERLIN)
    assert run_once(app, late)["sent"] == 0
    assert run_once(app, late + timedelta(hours=7, minutes=40))["sent"] == 0  # 06:50
    assert run_once(app, late + timedelta(hours=7, minutes=50))["sent"] == 1  # 07:00
    assert len(smtp.mails) == 1


def test_what_a_person_switched_off_is_never_sent(app, centre, smtp):
    mail_to(app, smtp.port)
    listen(app, centre.supervisor.person.id, kinds={"approval_waiting": "off"})
    submit_note(centre, open_case(centre))
    assert run_once(app)["sent"] == 0 and smtp.mails == []


class PushService(BaseHTTPRequestHandler):
    received: list = []
    answer = 201

    def do_POST(self):  # noqa: N802 — http.server's hook name
        length = int(self.headers["Content-Length"])
        PushService.received.append(({k.lower(): v for k, v in self.headers.items()}, self.rfile.read(length)))
        self.send_response(PushService.answer)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def push_service():
    PushService.received, PushService.answer = [], 201
    server = ThreadingHTTPServer(("127.0.0.1", 0), PushService)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server
    server.shutdown()


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def test_a_push_decrypts_with_the_subscription_keys_to_the_content_free_text_and_410_removes_it(
        app, centre, push_service, tmp_path):
    key = tmp_path / "vapid.pem"
    make_vapid_key(str(key))
    app.config.update(VAPID_PRIVATE_KEY_FILE=str(key), VAPID_SUBJECT="mailto:it@caritas-beispiel.de")
    browser_key, auth = ec.generate_private_key(ec.SECP256R1()), os.urandom(16)
    endpoint = f"http://127.0.0.1:{push_service.server_port}/push/abc"
    with app.app_context():
        store.save_settings(get_db(), centre.supervisor.person.id, email_on=False, email_address="", email_mode="instant",
                            digest_hour=7, quiet_from=None, quiet_to=None, kinds={}, language="en")
        store.subscribe(get_db(), centre.supervisor.person.id, centre.supervisor.device_id, endpoint,
                        b64(browser_key.public_key().public_bytes(Encoding.X962, PublicFormat.UncompressedPoint)),
                        b64(auth))
    case_id = open_case(centre)
    submit_note(centre, case_id)
    assert run_once(app)["sent"] == 1
    [(headers, payload)] = PushService.received
    assert headers["content-encoding"] == "aes128gcm" and headers["authorization"].startswith("vapid t=")
    message = json.loads(http_ece.decrypt(payload, private_key=browser_key, auth_secret=auth, version="aes128gcm"))
    assert message == {"title": "Outreach", "body": "1 new item waits for you in Outreach", "url": "/for-you",
                       "tag": "for-you"}
    PushService.answer = 410
    submit_note(centre, case_id)
    run_once(app)
    with app.app_context():
        assert get_db().execute("SELECT count(*) FROM push_subscription").fetchone()[0] == 0
        assert get_db().execute("SELECT status FROM notify_message ORDER BY id DESC LIMIT 1").fetchone()[0] == "dropped"


def test_the_demo_writes_its_mails_into_a_local_folder(tmp_path):
    from email import message_from_bytes as parse

    from outreach import create_app
    from outreach.cli import create_demo_database

    path = str(tmp_path / "demo.sqlite3")
    key = create_demo_database(path)
    sink = tmp_path / "demo-mail"
    app = create_app(demo=True, settings={"DATABASE": path, "PUBLIC_ORIGIN": "http://localhost:5000",
                                          "SECRET_KEY": "s" * 40, "EVIDENCE_KEY": key, "MAIL_SINK": str(sink)})
    done = run_once(app)  # the demo's people have e-mail on; the partners hear of their requests at once
    files = sorted(sink.glob("*.eml"))
    assert done["sent"] == len(files) >= 3
    recipients = {parse(f.read_bytes(), policy=policy.default)["To"] for f in files}
    assert {"sabine.krueger@senftenberg-demo.de", "uwe.schmidt@jobcenter-osl-demo.de",
            "petra.lange@diakonie-demo.de"} <= recipients
    with app.app_context():
        assert get_db().execute("SELECT count(*) FROM notify_message WHERE status = 'sent'").fetchone()[0] == len(files)


def certificate(tmp_path):
    """A self-signed certificate for localhost, standing in for the mail server's (and the CA file)."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")])
    now = clock.now()
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(now - timedelta(days=1))
            .not_valid_after(now + timedelta(days=2))
            .add_extension(x509.SubjectAlternativeName([x509.DNSName("localhost")]), critical=False)
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .sign(key, hashes.SHA256()))
    cert_file, key_file = tmp_path / "mail.crt", tmp_path / "mail.key"
    cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    return str(cert_file), str(key_file)


@pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")  # the implicit-TLS server's
@pytest.mark.parametrize("security", ["starttls", "tls"])
def test_mail_goes_over_tls_with_the_account_and_not_to_a_server_it_cannot_verify(app, centre, tmp_path, security):
    import ssl

    from aiosmtpd.smtp import AuthResult

    cert_file, key_file = certificate(tmp_path)
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert_file, key_file)
    logins = []

    def authenticator(server, session, envelope, mechanism, auth_data):
        logins.append((auth_data.login, auth_data.password))
        return AuthResult(success=auth_data.login == b"outreach" and auth_data.password == b"geheim")

    inbox = Inbox()
    options = ({"tls_context": context, "require_starttls": True} if security == "starttls"
               else {"ssl_context": context, "auth_require_tls": False})  # aiosmtpd does not see implicit TLS
    controller = Controller(inbox, hostname="localhost", port=free_port(), authenticator=authenticator,
                            auth_required=True, **options)
    controller.start()
    try:
        app.config.update(MAIL_SMTP_HOST="localhost", MAIL_SMTP_PORT=controller.port, MAIL_SMTP_SECURITY=security,
                          MAIL_FROM="outreach@caritas-beispiel.de", MAIL_SMTP_USER="outreach",
                          MAIL_SMTP_PASSWORD="geheim")
        listen(app, centre.supervisor.person.id)
        submit_note(centre, open_case(centre))
        assert run_once(app)["failed"] == 1  # the certificate is not one the server trusts
        assert inbox.mails == []
        app.config["MAIL_SMTP_CA_FILE"] = cert_file
        assert run_once(app, clock.now() + timedelta(minutes=2))["sent"] == 1
        assert len(inbox.mails) == 1 and logins == [(b"outreach", b"geheim")]
    finally:
        controller.stop()


def test_a_thing_still_waiting_months_later_is_not_told_again(app, centre, smtp):
    mail_to(app, smtp.port)
    listen(app, centre.supervisor.person.id, kinds={"first_contact_lapsed": "off"})  # the case lapses meanwhile
    submit_note(centre, open_case(centre))
    assert run_once(app)["sent"] == 1
    assert run_once(app, clock.now() + timedelta(days=100))["sent"] == 0  # the note still waits: known
    assert len(smtp.mails) == 1
