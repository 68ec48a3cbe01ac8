"""Evidence-key rotation (issue 23): `outreach rotate-evidence-key` starts a new key id for new
records while every old record still verifies with its own key; the verification commands say
which key the records use; a key ring that cannot be read stops the server."""

from __future__ import annotations

import json
import stat

import pytest
from click.testing import CliRunner

from outreach.cli import main
from outreach.config import production_problems

FIRST_KEY = "e" * 40


@pytest.fixture
def server(tmp_path, monkeypatch):
    for name, value in {"SECRET_KEY": "s" * 40, "PUBLIC_ORIGIN": "https://outreach.example.org",
                        "EVIDENCE_KEY": FIRST_KEY}.items():
        monkeypatch.setenv(f"OUTREACH_{name}", value)
    database = str(tmp_path / "outreach.sqlite3")
    runner = CliRunner()
    assert runner.invoke(main, ["init", "--db", database]).exit_code == 0
    return runner, database


def run(runner, *args):
    result = runner.invoke(main, list(args))
    assert result.exit_code == 0, result.output
    return result.output


def test_old_records_verify_with_their_key_and_new_ones_use_the_new(server, tmp_path, monkeypatch):
    runner, database = server
    run(runner, "invite", "erste@example.org", "--role", "admin", "--db", database)
    ring = tmp_path / "keys" / "evidence-keyring.json"
    ring.parent.mkdir()
    assert runner.invoke(main, ["rotate-evidence-key", "--db", database]).exit_code == 2  # where to?
    said = run(runner, "rotate-evidence-key", "--keyring", str(ring), "--db", database)
    assert "New evidence key k2" in said
    kept = json.loads(ring.read_text())
    assert kept["current"] == "k2" and kept["keys"]["k1"] == FIRST_KEY and len(kept["keys"]["k2"]) == 64
    assert stat.S_IMODE(ring.stat().st_mode) == 0o600

    monkeypatch.delenv("OUTREACH_EVIDENCE_KEY")
    monkeypatch.setenv("OUTREACH_EVIDENCE_KEYRING_FILE", str(ring))
    run(runner, "invite", "zweite@example.org", "--role", "admin", "--db", database)
    verified = run(runner, "verify-audit", "--db", database)
    assert "intact" in verified and "k1 " in verified and "k2 " in verified  # the rotation line is k1's
    assert "Keys: none." in run(runner, "verify-consents", "--db", database)

    run(runner, "rotate-evidence-key", "--db", database)  # the ring from the setting: k3 next
    assert json.loads(ring.read_text())["current"] == "k3"
    assert "intact" in run(runner, "verify-audit", "--db", database)

    kept = json.loads(ring.read_text())
    del kept["keys"]["k1"]  # a ring that lost a retired key: the old records no longer verify
    ring.write_text(json.dumps(kept))
    broken = runner.invoke(main, ["verify-audit", "--db", database])
    assert broken.exit_code == 1 and "BROKEN" in broken.output


def test_a_key_ring_that_cannot_be_used_stops_the_server(tmp_path):
    base = {"SECRET_KEY": "s" * 40, "PUBLIC_ORIGIN": "https://outreach.example.org"}
    ring = tmp_path / "ring.json"
    for content, fragment in (("nonsense", "cannot be read"), (json.dumps({"current": "k9", "keys": {"k1": "x" * 40}}),
                                                               "cannot be read"),
                              (json.dumps({"current": "k1", "keys": {"k1": "short"}}), "shorter than 32")):
        ring.write_text(content)
        assert any(fragment in p for p in production_problems({**base, "EVIDENCE_KEYRING_FILE": str(ring)}))
    ring.write_text(json.dumps({"current": "k2", "keys": {"k1": "x" * 40, "k2": "y" * 40}}))
    assert production_problems({**base, "EVIDENCE_KEYRING_FILE": str(ring)}) == []


def test_a_file_that_is_not_a_key_ring_is_never_overwritten(server, tmp_path):
    runner, database = server
    other = tmp_path / "something.json"
    other.write_text("do not touch")
    result = runner.invoke(main, ["rotate-evidence-key", "--keyring", str(other), "--db", database])
    assert result.exit_code == 2 and other.read_text() == "do not touch"
