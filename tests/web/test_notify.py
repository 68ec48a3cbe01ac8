"""Notification settings, push subscriptions and the admins' queue (issue 22): every role reaches
its own settings, bad input gets a clear message and loses nothing, a subscription belongs to its
device and goes at sign-out and revocation, a half configuration is refused at start."""

from __future__ import annotations

import pytest

from outreach.config import notification_problems
from outreach.db import get_db
from outreach.notify.channels import make_vapid_key
from tests.web.test_cases import form

PEOPLE = ("worker", "supervisor", "admin", "partner", "city_partner")
SUBSCRIPTION = {"endpoint": "https://fcm.googleapis.com/fcm/send/abcdef", "keys": {
    "p256dh": "BNcRdreALRFXTkOOUHK1EtK2wtaz5Ry4YfYCA_0QTpQtUbVlUls0VJXg7A8u-Ts1XbjhazAkj7I99e8QcYP7DkM",
    "auth": "tBHItJI5svbpez7KI4CCXg"}}


@pytest.fixture
def push_on(app, tmp_path):
    key = tmp_path / "vapid.pem"
    make_vapid_key(str(key))
    app.config.update(VAPID_PRIVATE_KEY_FILE=str(key), VAPID_SUBJECT="mailto:it@caritas-beispiel.de")
    return key


def rows(app, sql, params=()):
    with app.app_context():
        return get_db().execute(sql, params).fetchall()


@pytest.mark.parametrize("person", PEOPLE)
def test_everyone_signed_in_has_settings_with_the_kinds_of_their_role(app, centre, person):
    html = getattr(centre, person).page("/account/notifications")
    assert "Benachrichtigungen" in html and 'name="email_on"' in html
    assert ('name="kind_approval_waiting"' in html) == (person == "supervisor")
    assert ('name="kind_deadline_last_week"' in html) == (person in ("worker", "supervisor"))
    assert ('name="kind_takeover_request"' in html) == (person in ("partner", "city_partner"))
    assert app.test_client().get("/account/notifications").status_code == 302


def test_settings_are_saved_and_a_mistake_keeps_what_was_typed(app, centre):
    worker = centre.worker
    bad = worker.client.post("/account/notifications", data=form(
        worker, email_on="1", email_address="wera(at)example.org", email_mode="digest", digest_hour="7",
        quiet_from="22", quiet_to="", kind_note_returned="loud"))
    html = bad.get_data(as_text=True)
    assert bad.status_code == 400
    assert "keine E-Mail-Adresse" in html and "Beginn und ein Ende" in html and "wera(at)example.org" in html
    assert rows(app, "SELECT count(*) FROM notify_setting")[0][0] == 0
    good = worker.client.post("/account/notifications", data=form(
        worker, email_on="1", email_address="wera@example.org", email_mode="instant", digest_hour="18",
        quiet_from="22", quiet_to="6", kind_note_returned="off"))
    assert good.status_code == 303
    [row] = rows(app, "SELECT email_on, email_address, email_mode, digest_hour, quiet_from, quiet_to, kinds "
                      "FROM notify_setting")
    assert tuple(row) == (1, "wera@example.org", "instant", 18, 22, 6, '{"note_returned": "off"}')
    html = worker.page("/account/notifications")
    assert "Ihre Einstellungen zu Benachrichtigungen sind gespeichert." in html
    assert 'value="wera@example.org"' in html and '<option value="off" selected' in html
    assert rows(app, "SELECT count(*) FROM audit_log WHERE action = 'notify.settings_saved' "
                     "AND details LIKE '%example.org%'")[0][0] == 0  # the address is not audited


@pytest.mark.parametrize("field,value", [("digest_hour", "24"), ("digest_hour", "²"), ("email_mode", "loud"),
                                         ("quiet_from", "x")])
def test_odd_values_are_refused_with_a_message(centre, field, value):
    data = {"email_on": "", "email_address": "", "email_mode": "digest", "digest_hour": "7", "quiet_from": "",
            "quiet_to": "", field: value}
    response = centre.worker.client.post("/account/notifications", data=form(centre.worker, **data))
    assert response.status_code == 400 and "Bitte wählen Sie" in response.get_data(as_text=True)


def test_a_device_subscribes_to_push_and_loses_it_at_sign_out(app, centre, push_on):
    worker = centre.worker
    assert worker.post("/account/push-subscriptions", {"subscription": {"endpoint": "http://insecure.example/x",
                                                                        "keys": SUBSCRIPTION["keys"]}}).status_code == 400
    assert worker.post("/account/push-subscriptions", {"subscription": "nonsense"}).status_code == 400
    for elsewhere in ("https://intranet.caritas-beispiel.de/admin", "https://fcm.googleapis.com.evil.example/x",
                      "https://127.0.0.1/x"):  # the server would post there: only the browsers' push services
        assert worker.post("/account/push-subscriptions", {"subscription": dict(SUBSCRIPTION, endpoint=elsewhere)}
                           ).status_code == 400
    assert worker.post("/account/push-subscriptions", {"subscription": SUBSCRIPTION}).status_code == 200
    assert rows(app, "SELECT person_id, device_id FROM push_subscription") == [(worker.person.id, worker.device_id)]
    html = worker.page("/account/notifications")
    assert "dieses Gerät" in html and 'data-key="B' in html
    worker.client.post("/signout", data=form(worker))
    assert rows(app, "SELECT count(*) FROM push_subscription")[0][0] == 0


def test_push_is_refused_when_the_server_has_no_key(centre):
    response = centre.worker.post("/account/push-subscriptions", {"subscription": SUBSCRIPTION})
    assert response.status_code == 409 and "nicht eingerichtet" in response.json["message"]


def test_a_revoked_device_loses_its_subscription_and_one_can_switch_off_another(app, centre, push_on):
    centre.worker.post("/account/push-subscriptions", {"subscription": SUBSCRIPTION})
    other = dict(SUBSCRIPTION, endpoint="https://updates.push.services.mozilla.com/wpush/v2/second")
    centre.colleague.post("/account/push-subscriptions", {"subscription": other})
    [subscription] = rows(app, "SELECT id FROM push_subscription WHERE person_id = ?", [centre.colleague.person.id])
    # Someone else's subscription id does nothing.
    centre.worker.client.post("/account/push-subscriptions/remove", data=form(centre.worker,
                                                                              subscription_id=subscription[0]))
    assert rows(app, "SELECT count(*) FROM push_subscription")[0][0] == 2
    assert centre.admin.client.post(f"/admin/devices/{centre.worker.device_id}/revoke",
                                    data=form(centre.admin)).status_code in (200, 303)
    assert rows(app, "SELECT person_id FROM push_subscription") == [(centre.colleague.person.id,)]
    assert centre.colleague.post("/account/push-subscriptions/remove", {"endpoint": other["endpoint"]}).json == {
        "ok": True, "removed": 1}


@pytest.mark.parametrize("person", ("worker", "supervisor", "partner"))
def test_only_admins_see_the_queue(app, centre, person):
    assert getattr(centre, person).client.get("/admin/notifications").status_code == 403
    html = centre.admin.page("/admin/notifications?status=failed&page=9999")
    assert "Benachrichtigungen" in html and "nicht eingerichtet" in html
    assert centre.admin.client.get("/admin/notifications?status=%00&page=-1").status_code == 200
    assert app.test_client().get("/admin/notifications").status_code == 302


@pytest.mark.parametrize("settings,fragment", [
    ({"MAIL_SMTP_HOST": "mail.example.org"}, "half configured"),
    ({"MAIL_FROM": "outreach@example.org"}, "half configured"),
    ({"MAIL_SMTP_HOST": "mail.example.org", "MAIL_FROM": "o@example.org", "MAIL_SMTP_USER": "o"}, "account"),
    ({"MAIL_SMTP_HOST": "mail.example.org", "MAIL_FROM": "o@example.org", "MAIL_SMTP_SECURITY": "none"},
     "only for a mail server on this computer"),
    ({"MAIL_SMTP_HOST": "mail.example.org", "MAIL_FROM": "o@example.org", "MAIL_SMTP_SECURITY": "ssl3"}, "starttls"),
    ({"VAPID_PRIVATE_KEY_FILE": "/nonexistent/key.pem"}, "Push is half configured"),
    ({"VAPID_PRIVATE_KEY_FILE": "/nonexistent/key.pem", "VAPID_SUBJECT": "mailto:a@b.de"}, "cannot be read"),
    ({"VAPID_SUBJECT": "it@example.org", "VAPID_PRIVATE_KEY_FILE": __file__}, "mailto:"),
    ({"NOTIFY_SENDER": "pigeon"}, "thread or cron"),
])
def test_a_half_configuration_is_refused(settings, fragment):
    base = {"MAIL_SMTP_SECURITY": "starttls", "MAIL_SMTP_PORT": 587, "NOTIFY_SENDER": "thread"}
    assert any(fragment in problem for problem in notification_problems({**base, **settings}))


def test_a_whole_configuration_passes(tmp_path):
    password = tmp_path / "smtp-password"
    password.write_text("geheim\n")
    assert notification_problems({"MAIL_SMTP_HOST": "mail.example.org", "MAIL_FROM": "outreach@example.org",
                                  "MAIL_SMTP_SECURITY": "tls", "MAIL_SMTP_PORT": 465, "MAIL_SMTP_USER": "outreach",
                                  "MAIL_SMTP_PASSWORD_FILE": str(password), "NOTIFY_SENDER": "cron"}) == []


def test_serve_refuses_a_half_configuration(tmp_path, monkeypatch):
    from click.testing import CliRunner

    from outreach.cli import main

    for name, value in {"SECRET_KEY": "s" * 40, "PUBLIC_ORIGIN": "https://outreach.example.org",
                        "EVIDENCE_KEY": "e" * 40, "MAIL_SMTP_HOST": "mail.example.org"}.items():
        monkeypatch.setenv(f"OUTREACH_{name}", value)
    result = CliRunner().invoke(main, ["serve", "--db", str(tmp_path / "x.sqlite3")])
    assert result.exit_code == 2 and "E-mail is half configured" in result.output


def test_notify_runs_one_round_from_cron_and_vapid_key_makes_a_key_once(tmp_path, monkeypatch):
    from click.testing import CliRunner

    from outreach.cli import main

    runner = CliRunner()
    database = str(tmp_path / "outreach.sqlite3")
    assert runner.invoke(main, ["init", "--db", database]).exit_code == 0
    key = tmp_path / "vapid.pem"
    made = runner.invoke(main, ["vapid-key", str(key)])
    assert made.exit_code == 0 and key.stat().st_mode & 0o777 == 0o600
    assert runner.invoke(main, ["vapid-key", str(key)]).exit_code == 2  # never over a key in use
    for name, value in {"SECRET_KEY": "s" * 40, "PUBLIC_ORIGIN": "https://outreach.example.org",
                        "EVIDENCE_KEY": "e" * 40, "MAIL_SINK": str(tmp_path / "mail"), "NOTIFY_SENDER": "cron",
                        "VAPID_PRIVATE_KEY_FILE": str(key), "VAPID_SUBJECT": "mailto:it@example.org"}.items():
        monkeypatch.setenv(f"OUTREACH_{name}", value)
    result = runner.invoke(main, ["notify", "--db", database])
    assert result.exit_code == 0, result.output
    assert "Notifications: 0 queued, 0 sent, 0 to try again." in result.output
