"""Backups and their restore (issue 24), from the command line: the manifest records the audit
chain's head; a restore never writes over a file, refuses a copy whose head, hash or seals do not
hold (and leaves nothing behind), round-trips an age-encrypted backup only with the identity, and
restores from a Litestream replica."""

from __future__ import annotations

import json
import sqlite3
import time
from datetime import UTC, datetime
from pathlib import Path

import pyrage
import pytest
from click.testing import CliRunner

from outreach.cli import main
from outreach.operations import replication
from tests.support.notes import save_note, send
from tests.web.test_cases import open_case


@pytest.fixture
def env(app, monkeypatch):
    for name, value in {"SECRET_KEY": "s" * 40, "PUBLIC_ORIGIN": "http://localhost",
                        "EVIDENCE_KEY": app.config["EVIDENCE_KEY"]}.items():
        monkeypatch.setenv(f"OUTREACH_{name}", value)
    return app


@pytest.fixture
def worked(env, centre):
    """A case, notes sent from a phone: audit lines, revisions — something to lose."""
    case_id = open_case(centre)
    for n in range(3):
        send(centre.worker, save_note(centre.worker.person.id, case_id, situation=f"Besuch {n}"))
    return env


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def head_of(path) -> tuple:
    return sqlite3.connect(path).execute("SELECT seq, mac FROM audit_log ORDER BY seq DESC LIMIT 1").fetchone()


def test_a_backup_restores_into_a_new_file_with_every_check(worked, tmp_path):
    source = worked.config["DATABASE_PATH"]
    made = run("backup", "--db", source, tmp_path / "b.sqlite3")
    assert made.exit_code == 0, made.output
    manifest = json.loads((tmp_path / "b.sqlite3.manifest.json").read_text())
    assert manifest["format"] == "outreach-backup/1" and manifest["rows"]["note_revision"] == 3
    assert tuple(manifest["audit_head"].values()) == head_of(source)
    restored = run("restore", tmp_path / "b.sqlite3", "--db", tmp_path / "r.sqlite3")
    assert restored.exit_code == 0, restored.output
    assert "integrity ok" in restored.output and "verified" in restored.output
    assert head_of(tmp_path / "r.sqlite3") == head_of(source)
    again = run("restore", tmp_path / "b.sqlite3", "--db", tmp_path / "r.sqlite3")  # never over a file
    assert again.exit_code == 1 and "exists already" in again.output


def test_a_restore_refuses_a_changed_head_or_copy_and_leaves_nothing(worked, tmp_path):
    run("backup", "--db", worked.config["DATABASE_PATH"], tmp_path / "b.sqlite3")
    manifest_path = tmp_path / "b.sqlite3.manifest.json"
    manifest = json.loads(manifest_path.read_text())
    manifest_path.write_text(json.dumps({**manifest, "audit_head": {"seq": 1, "mac": "0" * 64}}))
    refused = run("restore", tmp_path / "b.sqlite3", "--db", tmp_path / "r.sqlite3")
    assert refused.exit_code == 1 and "head" in refused.output
    assert list(tmp_path.glob("r.sqlite3*")) == []
    manifest_path.write_text(json.dumps(manifest))
    copy = bytearray((tmp_path / "b.sqlite3").read_bytes())
    copy[-100] ^= 0xFF
    (tmp_path / "b.sqlite3").write_bytes(bytes(copy))
    refused = run("restore", tmp_path / "b.sqlite3", "--db", tmp_path / "r.sqlite3")
    assert refused.exit_code == 1 and "SHA-256" in refused.output and list(tmp_path.glob("r.sqlite3*")) == []


def test_a_restore_refuses_seals_that_do_not_verify_with_the_key(worked, tmp_path, monkeypatch):
    run("backup", "--db", worked.config["DATABASE_PATH"], tmp_path / "b.sqlite3")
    monkeypatch.setenv("OUTREACH_EVIDENCE_KEY", "another-key-" + "x" * 40)
    refused = run("restore", tmp_path / "b.sqlite3", "--db", tmp_path / "r.sqlite3")
    assert refused.exit_code == 1 and "audit line 1 broken" in refused.output
    assert list(tmp_path.glob("r.sqlite3*")) == []


def test_an_encrypted_backup_opens_only_with_its_identity(worked, tmp_path):
    identity, stranger = pyrage.x25519.Identity.generate(), pyrage.x25519.Identity.generate()
    (tmp_path / "centre.key").write_text(f"# created: test\n{identity}\n")
    (tmp_path / "stranger.key").write_text(f"{stranger}\n")
    made = run("backup", "--db", worked.config["DATABASE_PATH"], "--encrypt-to", identity.to_public(),
               tmp_path / "b.age")
    assert made.exit_code == 0, made.output
    data = (tmp_path / "b.age").read_bytes()
    assert data.startswith(b"age-encryption.org/v1") and b"SQLite format 3" not in data and b"Besuch" not in data
    assert "Besuch" not in (tmp_path / "b.age.manifest.json").read_text()
    assert run("restore", tmp_path / "b.age", "--db", tmp_path / "r.sqlite3").exit_code == 1
    wrong = run("restore", tmp_path / "b.age", "--identity", tmp_path / "stranger.key", "--db", tmp_path / "r.sqlite3")
    assert wrong.exit_code == 1 and "does not open" in wrong.output
    right = run("restore", tmp_path / "b.age", "--identity", tmp_path / "centre.key", "--db", tmp_path / "r.sqlite3")
    assert right.exit_code == 0, right.output
    assert head_of(tmp_path / "r.sqlite3") == head_of(worked.config["DATABASE_PATH"])
    assert run("backup", "--db", worked.config["DATABASE_PATH"], "--encrypt-to", "age1nonsense",
               tmp_path / "c.age").exit_code == 1


def test_a_replica_restores_through_litestream(worked, centre, tmp_path):
    config = {**worked.config, "REPLICA_URL": f"file://{tmp_path / 'replica'}", "REPLICA_SYNC_INTERVAL_SECONDS": 1}
    worked.config.update(REPLICA_URL=config["REPLICA_URL"])
    client = worked.test_client()
    not_yet = client.get("/readyz")  # replication is configured but nothing runs: not ready, and said why
    assert not_yet.status_code == 503 and not_yet.json["checks"]["replication_current"] == {
        "ok": False, "detail": "replica not readable"}
    assert "outreach_replication_lag_seconds -1.0" in client.get("/metrics").get_data(as_text=True)
    process = replication.start(config, quiet=True)
    try:
        case_id = open_case(centre, street="Ring 4")
        send(centre.worker, save_note(centre.worker.person.id, case_id, situation="Nach dem Start"))
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and replication.lag_seconds(config) != 0.0:
            time.sleep(0.3)
        time.sleep(2.5)  # a sync after the last change
        assert replication.lag_seconds(config) == 0.0
        assert client.get("/readyz").status_code == 200
        assert "outreach_replication_lag_seconds 0.0" in client.get("/metrics").get_data(as_text=True)
        moment = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")  # four notes by now
        time.sleep(2)
        send(centre.worker, save_note(centre.worker.person.id, case_id, situation="Später"))
        time.sleep(2.5)
        assert replication.lag_seconds(config) == 0.0
    finally:
        replication.stop(process)
    restored = run("restore", "--from-replica", config["REPLICA_URL"], "--db", tmp_path / "r.sqlite3")
    assert restored.exit_code == 0, restored.output
    rows = sqlite3.connect(tmp_path / "r.sqlite3").execute("SELECT count(*) FROM note_revision").fetchone()[0]
    assert rows == 5 and head_of(tmp_path / "r.sqlite3") == head_of(worked.config["DATABASE_PATH"])
    earlier = run("restore", "--from-replica", config["REPLICA_URL"], "--timestamp", moment, "--db", tmp_path / "t.sqlite3")
    assert earlier.exit_code == 0, earlier.output
    assert sqlite3.connect(tmp_path / "t.sqlite3").execute("SELECT count(*) FROM note_revision").fetchone()[0] == 4
    assert Path(str(worked.config["DATABASE_PATH"]) + ".litestream.yml").stat().st_mode & 0o077 == 0
