"""Operational data is kept no longer than its period (issue 23): ended sessions with their IP
address and browser, challenges, the browser name, held cases and push subscription of devices of
people who left, ended notification messages — pruned by `outreach prune` (and daily by `serve`),
with one audit line of counts; what is still needed stays."""

from __future__ import annotations

import json
from outreach import clock, retention
from outreach.auth.people import disable
from outreach.config import notification_problems
from outreach.db import get_db
from outreach.notify import store as notify_store
from tests.web.test_cases import open_case

OLD, RECENT = clock.later(days=-400), clock.later(days=-10)


def test_what_is_past_its_period_goes_and_the_rest_stays(app, centre):
    worker, colleague = centre.worker, centre.colleague
    case_id = open_case(centre)
    with app.app_context():
        db = get_db()
        sessions = db.execute("SELECT id_hash, person_id FROM web_session WHERE kind = 'passkey'").fetchall()
        old_session, recent_session = sessions[0][0], sessions[1][0]
        db.execute("UPDATE web_session SET ended_at = ?, ended_reason = 'signed_out' WHERE id_hash = ?",
                   [OLD, old_session])
        db.execute("UPDATE web_session SET ended_at = ?, ended_reason = 'signed_out' WHERE id_hash = ?",
                   [RECENT, recent_session])
        disable(db, colleague.person.id)  # left the centre
        db.execute("UPDATE device SET last_contact_at = ? WHERE id IN (?, ?)",
                   [OLD, colleague.device_id, worker.device_id])
        db.execute("INSERT INTO case_on_device (case_id, device_id, person_id, received_at) VALUES (?, ?, ?, ?)",
                   [case_id, colleague.device_id, colleague.person.id, OLD])
        notify_store.subscribe(db, colleague.person.id, colleague.device_id, "https://fcm.googleapis.com/x", "k" * 20,
                               "a" * 20)
        for status, ended in (("sent", OLD), ("failed", RECENT)):
            notify_store.enqueue(db, worker.person.id, channel="email", item_count=1, digest=False, language="de",
                                 created_at=OLD, due_at=OLD)
            db.execute("UPDATE notify_message SET status = ?, ended_at = ? WHERE id = (SELECT max(id) FROM "
                       "notify_message)", [status, ended])
        db.execute("INSERT INTO notify_message (person_id, channel, item_count, digest, language, created_at, due_at, "
                   "next_try_at) VALUES (?, 'email', 1, 0, 'de', ?, ?, ?)", [worker.person.id, OLD, OLD, OLD])
        db.conn.commit()
        counts = retention.prune(db, app.config)
        assert counts["auth.sessions"] >= 1 and counts["auth.devices_cleared"] == 1
        assert counts["notify.messages"] == 1
        left = {row[0] for row in db.execute("SELECT id_hash FROM web_session")}
        assert old_session not in left and recent_session in left
        colleague_device = db.execute("SELECT user_agent, person_id FROM device WHERE id = ?",
                                      [colleague.device_id]).fetchone()
        assert colleague_device == ("", colleague.person.id)  # the row stays (records name its id)
        assert db.execute("SELECT user_agent FROM device WHERE id = ?", [worker.device_id]).fetchone()[0] != ""
        assert db.execute("SELECT count(*) FROM push_subscription").fetchone()[0] == 0
        assert db.execute("SELECT count(*) FROM case_on_device WHERE device_id = ?",
                          [colleague.device_id]).fetchone()[0] == 0
        assert [row[0] for row in db.execute("SELECT status FROM notify_message ORDER BY id")] == ["failed", "waiting"]
        [line] = db.execute("SELECT actor_id, details FROM audit_log WHERE action = 'retention.pruned'").fetchall()
        assert line[0] == "system" and json.loads(line[1]) == counts
        assert retention.prune(db, app.config)["auth.devices_cleared"] == 0  # once


def test_the_periods_are_settings(app, centre):
    with app.app_context():
        db = get_db()
        db.execute("UPDATE web_session SET ended_at = ? WHERE kind = 'passkey'", [RECENT])
        db.conn.commit()
        assert retention.prune(db, {**app.config, "RETENTION_SESSIONS_DAYS": 5})["auth.sessions"] >= 1
    assert notification_problems({"RETENTION_DEVICES_DAYS": 0}) and notification_problems(
        {"RETENTION_SESSIONS_DAYS": "lang"})
    assert not notification_problems({"RETENTION_NOTIFICATIONS_DAYS": 30})


def test_prune_from_the_command_line(tmp_path, monkeypatch):
    from click.testing import CliRunner

    from outreach.cli import main

    runner, database = CliRunner(), str(tmp_path / "outreach.sqlite3")
    assert runner.invoke(main, ["init", "--db", database]).exit_code == 0
    for name, value in {"SECRET_KEY": "s" * 40, "PUBLIC_ORIGIN": "https://outreach.example.org",
                        "EVIDENCE_KEY": "e" * 40}.items():
        monkeypatch.setenv(f"OUTREACH_{name}", value)
    result = runner.invoke(main, ["prune", "--db", database])
    assert result.exit_code == 0, result.output
    assert "auth.sessions 0" in result.output and "notify.messages 0" in result.output

