"""The audit log: append-only, HMAC-chained with the evidence key, verification names breaks."""

from __future__ import annotations

import sqlite3

import pytest

from outreach import audit, evidence
from outreach.db import get_db


@pytest.fixture
def logged(app):
    with app.test_request_context(headers={"User-Agent": "Testbrowser"}, environ_base={"REMOTE_ADDR": "127.0.0.1"}):
        for n in range(5):
            audit.log("test.event", subject=("thing", str(n)), details={"n": n})
    return app


def verify(app):
    with app.app_context():
        return audit.verify(get_db(), evidence.keys_by_id())


def test_events_record_who_what_when_ip_and_user_agent(logged):
    with logged.app_context():
        row = next(get_db().query("SELECT * FROM audit_log ORDER BY seq LIMIT 1"))
    assert row["action"] == "test.event" and row["subject_id"] == "0"
    assert row["ip"] == "127.0.0.1" and row["user_agent"] == "Testbrowser" and row["at"].endswith("Z")
    assert row["key_id"] == "k1" and len(row["mac"]) == 64


def test_an_intact_log_verifies(logged):
    assert verify(logged) == []


def test_updates_and_deletes_are_refused_by_the_database(logged):
    with logged.app_context():
        db = get_db()
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            db.execute("UPDATE audit_log SET action = 'x' WHERE seq = 1")
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            db.execute("DELETE FROM audit_log WHERE seq = 2")


def drop_triggers(app):
    with app.app_context():
        get_db().execute("DROP TRIGGER audit_log_append_only_update")
        get_db().execute("DROP TRIGGER audit_log_append_only_delete")


def test_an_edited_row_is_named(logged):
    drop_triggers(logged)
    with logged.app_context():
        get_db().execute("UPDATE audit_log SET details = '{\"n\": 99}' WHERE seq = 3")
    assert verify(logged) == [3]


def test_a_deleted_row_is_named(logged):
    drop_triggers(logged)
    with logged.app_context():
        get_db().execute("DELETE FROM audit_log WHERE seq = 2")
    assert 2 in verify(logged)


def test_a_row_forged_without_the_key_is_named(logged):
    drop_triggers(logged)
    with logged.app_context():
        db = get_db()
        row = next(db.query("SELECT * FROM audit_log WHERE seq = 5"))
        db.execute("DELETE FROM audit_log WHERE seq = 5")
        row.update(actor_id="someone-else", mac=evidence.mac(b"a guessed key", b"whatever"))
        db["audit_log"].insert(row)
    assert verify(logged) == [5]


def test_verification_with_another_key_fails_everywhere(logged):
    with logged.app_context():
        assert audit.verify(get_db(), {"k1": b"not the key" * 4}) == [1, 2, 3, 4, 5]


def test_rotated_keys_still_verify_older_rows(logged):
    logged.config["EVIDENCE_OLD_KEYS"] = {"k1": logged.config["EVIDENCE_KEY"]}
    logged.config.update(EVIDENCE_KEY="a brand new evidence key, 40 chars long", EVIDENCE_KEY_ID="k2")
    with logged.test_request_context():
        audit.log("test.after_rotation")
    assert verify(logged) == []
    with logged.app_context():
        assert get_db().execute("SELECT key_id FROM audit_log ORDER BY seq DESC").fetchone()[0] == "k2"


def test_the_oldest_lines_are_removed_and_the_chain_still_verifies(logged, monkeypatch):
    """Retention of the audit log (issue 23): lines older than the bound go, an anchor sealed with
    the evidence key says where the chain starts, and new lines continue it."""
    with logged.app_context():
        db = get_db()
        third = db.execute("SELECT at FROM audit_log WHERE seq = 3").fetchone()[0]
        assert audit.prune(db, third) == 2  # seq 1 and 2 are older
        assert [r[0] for r in db.execute("SELECT seq FROM audit_log ORDER BY seq")] == [3, 4, 5]
        assert audit.prune(db, third) == 0
    assert verify(logged) == []
    with logged.test_request_context():
        audit.log("test.after")
    assert verify(logged) == []
    with logged.app_context():  # every line gone: the next one still continues the chain
        db = get_db()
        assert audit.prune(db, "9999-12-31T00:00:00.000000Z") == 4
        audit.append(db, "test.alone", actor_id="system")
        assert db.execute("SELECT seq FROM audit_log").fetchall() == [(7,)]
    assert verify(logged) == []


def test_a_forged_anchor_or_a_removed_line_after_it_is_named(logged):
    with logged.app_context():
        db = get_db()
        audit.prune(db, db.execute("SELECT at FROM audit_log WHERE seq = 3").fetchone()[0])
        anchor = db.execute("SELECT value FROM meta WHERE key = 'audit_anchor'").fetchone()[0]
        db.execute("UPDATE meta SET value = ? WHERE key = 'audit_anchor'", [anchor.replace('"seq": 3', '"seq": 4')])
    assert 0 in verify(logged)  # moving the anchor to hide a removed line breaks its seal
    with logged.app_context():
        get_db().execute("UPDATE meta SET value = ? WHERE key = 'audit_anchor'", [anchor])
    drop_triggers(logged)
    with logged.app_context():
        get_db().execute("DELETE FROM audit_log WHERE seq = 3")
    assert 3 in verify(logged)


def test_deleting_lines_outside_the_retention_is_still_refused(logged):
    with logged.app_context(), pytest.raises(sqlite3.IntegrityError, match="append-only"):
        get_db().execute("DELETE FROM audit_log WHERE seq = 1")
