"""The `outreach` command as an operator meets it, including real server processes."""

from __future__ import annotations

import json
import os
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest
from click.testing import CliRunner

from outreach import DEMO_MARKER, create_app
from outreach import db as database
from outreach.cli import create_demo_database, main
from tests.conftest import make_test_config

COMMANDS = ["init", "serve", "demo", "backup", "invite", "verify-audit", "stats"]
GOOD_ENV = {
    "OUTREACH_SECRET_KEY": "s" * 40,
    "OUTREACH_PUBLIC_ORIGIN": "https://outreach.example.org",
    "OUTREACH_EVIDENCE_KEY": "e" * 40,
}


@pytest.fixture
def runner(monkeypatch):
    for name in list(os.environ):
        if name.startswith("OUTREACH_"):
            monkeypatch.delenv(name)
    return CliRunner()


@pytest.mark.parametrize("command", [[]] + [[c] for c in COMMANDS])
def test_every_command_has_help(runner, command):
    result = runner.invoke(main, command + ["--help"])
    assert result.exit_code == 0 and "Usage:" in result.output


def test_init_creates_then_reports_up_to_date(runner, tmp_path):
    path = tmp_path / "o.sqlite3"
    first = runner.invoke(main, ["init", "--db", str(path)])
    assert first.exit_code == 0 and "applied 0001_meta" in first.output
    second = runner.invoke(main, ["init", "--db", str(path)])
    assert "up to date" in second.output


def test_init_takes_the_path_from_the_environment(runner, tmp_path, monkeypatch):
    path = tmp_path / "env.sqlite3"
    monkeypatch.setenv("OUTREACH_DATABASE", str(path))
    assert runner.invoke(main, ["init"]).exit_code == 0
    assert path.exists()


def test_backup_writes_a_consistent_copy_and_never_overwrites(runner, tmp_path):
    path = tmp_path / "o.sqlite3"
    runner.invoke(main, ["init", "--db", str(path)])
    target = tmp_path / "backup.sqlite3"
    result = runner.invoke(main, ["backup", "--db", str(path), str(target)])
    assert result.exit_code == 0, result.output
    copy = sqlite3.connect(target)
    assert copy.execute("SELECT value FROM meta WHERE key='application'").fetchone() == ("outreach",)
    assert "Audit log head: 0 entries" in result.output
    again = runner.invoke(main, ["backup", "--db", str(path), str(target)])
    assert again.exit_code == 1 and "exists already" in again.output


def test_restored_backup_serves_the_app(runner, tmp_path):
    path = tmp_path / "o.sqlite3"
    runner.invoke(main, ["init", "--db", str(path)])
    target = tmp_path / "restored.sqlite3"
    runner.invoke(main, ["backup", "--db", str(path), str(target)])
    app = create_app(settings={**{k.removeprefix("OUTREACH_"): v for k, v in GOOD_ENV.items()}, "DATABASE": str(target)})
    assert app.test_client().get("/healthz").json["status"] == "ok"


def test_serve_refuses_development_settings_and_says_what_to_set(runner, tmp_path):
    result = runner.invoke(main, ["serve", "--db", str(tmp_path / "o.sqlite3")])
    assert result.exit_code == 2
    for needle in ("OUTREACH_SECRET_KEY", "OUTREACH_PUBLIC_ORIGIN", "OUTREACH_EVIDENCE_KEY"):
        assert needle in result.output


def test_serve_refuses_debug(runner, tmp_path, monkeypatch):
    for key, value in GOOD_ENV.items():
        monkeypatch.setenv(key, value)
    monkeypatch.setenv("OUTREACH_DEBUG", "true")
    runner.invoke(main, ["init", "--db", str(tmp_path / "o.sqlite3")])
    result = runner.invoke(main, ["serve", "--db", str(tmp_path / "o.sqlite3")])
    assert result.exit_code == 2 and "Debug" in result.output


def test_serve_refuses_a_demo_database(runner, tmp_path, monkeypatch):
    for key, value in GOOD_ENV.items():
        monkeypatch.setenv(key, value)
    path = str(tmp_path / "demo.sqlite3")
    create_demo_database(path)
    result = runner.invoke(main, ["serve", "--db", path])
    assert result.exit_code == 2 and "demo" in result.output


def test_demo_refuses_any_host_but_loopback(runner):
    for host in ("0.0.0.0", "192.0.2.10", "example.org", "::"):
        result = runner.invoke(main, ["demo", "--host", host])
        assert result.exit_code == 2 and "loopback" in result.output, host


def test_demo_database_is_marked_and_never_replaces_a_real_one(tmp_path):
    real = str(tmp_path / "real.sqlite3")
    conn = database.connect(real)
    conn.execute("CREATE TABLE precious (x)")
    conn.close()
    with pytest.raises(Exception, match="not a demo database"):
        create_demo_database(real)
    assert "precious" in database.connect(real).table_names()
    demo = str(tmp_path / "demo.sqlite3")
    create_demo_database(demo)
    create_demo_database(demo)  # a demo database is simply recreated
    assert database.get_meta(database.connect(demo), DEMO_MARKER)


def test_demo_app_needs_a_marked_database(tmp_path):
    from outreach import ConfigurationError, migrations

    path = str(tmp_path / "plain.sqlite3")
    migrations.migrate(database.connect(path))
    with pytest.raises(ConfigurationError, match="outreach demo"):
        create_app(demo=True, settings={"DATABASE": path})


def test_demo_shows_a_banner_on_every_page(tmp_path):
    path = str(tmp_path / "demo.sqlite3")
    create_demo_database(path)
    client = create_app(demo=True, settings={"DATABASE": path}).test_client()
    for url in ("/", "/offline", "/does-not-exist"):
        assert "alle Personen und Haushalte hier sind erfunden" in client.get(url).get_data(as_text=True), url


def test_banner_is_absent_outside_the_demo(client):
    assert "erfunden" not in client.get("/").get_data(as_text=True)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(url: str, process: subprocess.Popen, seconds: float = 20) -> bytes:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(process.stdout.read().decode())
        try:
            with urllib.request.urlopen(url, timeout=1) as response:
                return response.read()
        except OSError:
            time.sleep(0.2)
    raise AssertionError(f"{url} did not answer")


def run_command(args, env):
    return subprocess.Popen(
        [sys.executable, "-m", "outreach.cli", *args], env={**os.environ, **env},
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
    )


def test_serve_runs_a_production_server(tmp_path):
    path = str(tmp_path / "o.sqlite3")
    subprocess.run([sys.executable, "-m", "outreach.cli", "init", "--db", path], check=True, capture_output=True)
    port = free_port()
    process = run_command(["serve", "--db", path, "--port", str(port)], GOOD_ENV)
    try:
        body = wait_for(f"http://127.0.0.1:{port}/healthz", process)
        assert b'"status":"ok"' in body.replace(b" ", b"")
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/") as response:
            assert response.headers["Server"] == "outreach"  # waitress, not the development server
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_demo_serves_on_localhost_and_prints_how_to_open_it(tmp_path):
    port = free_port()
    process = run_command(["demo", "--db", str(tmp_path / "d.sqlite3"), "--port", str(port)], {})
    try:
        body = wait_for(f"http://127.0.0.1:{port}/", process).decode()
        assert "erfunden" in body
    finally:
        process.terminate()
        output = process.communicate(timeout=10)[0].decode()
    assert f"http://localhost:{port}" in output


def test_test_factory_skips_production_checks(tmp_path):
    app = create_app(make_test_config(tmp_path, SECRET_KEY="x"))
    assert app.extensions["outreach_mode"] == "test"


def test_invite_prints_a_one_time_link_for_the_first_admin(runner, tmp_path, monkeypatch):
    for key, value in GOOD_ENV.items():
        monkeypatch.setenv(key, value)
    path = str(tmp_path / "o.sqlite3")
    runner.invoke(main, ["init", "--db", path])
    result = runner.invoke(main, ["invite", "chefin@caritas.example", "--role", "admin", "--db", path])
    assert result.exit_code == 0, result.output
    link = result.output.strip().splitlines()[-1]
    assert link.startswith("https://outreach.example.org/invite/")
    app = create_app(settings={**{k.removeprefix("OUTREACH_"): v for k, v in GOOD_ENV.items()}, "DATABASE": path})
    client = app.test_client()
    assert client.get(link.removeprefix("https://outreach.example.org")).status_code == 200
    with app.app_context():
        from outreach.db import get_db

        roles = [r[0] for r in get_db().execute("SELECT role FROM person_role")]
    assert roles == ["admin"]


def test_invite_refuses_partner_role_and_production_problems(runner, tmp_path):
    result = runner.invoke(main, ["invite", "x@example.org", "--role", "partner"])
    assert result.exit_code == 2
    result = runner.invoke(main, ["invite", "x@example.org", "--role", "admin", "--db", str(tmp_path / "o.sqlite3")])
    assert result.exit_code == 2 and "OUTREACH_SECRET_KEY" in result.output


def test_verify_audit_reports_intact_and_broken(runner, tmp_path, monkeypatch):
    for key, value in GOOD_ENV.items():
        monkeypatch.setenv(key, value)
    path = str(tmp_path / "o.sqlite3")
    runner.invoke(main, ["init", "--db", path])
    runner.invoke(main, ["invite", "a@example.org", "--role", "admin", "--db", path])
    runner.invoke(main, ["invite", "b@example.org", "--role", "worker", "--db", path])
    ok = runner.invoke(main, ["verify-audit", "--db", path])
    assert ok.exit_code == 0 and "intact: 2 entries" in ok.output
    conn = sqlite3.connect(path)
    conn.execute("DROP TRIGGER audit_log_append_only_update")
    conn.execute("UPDATE audit_log SET actor_id = 'someone' WHERE seq = 1")
    conn.commit()
    broken = runner.invoke(main, ["verify-audit", "--db", path])
    assert broken.exit_code == 1 and "BROKEN at entries: 1" in broken.output


def test_serve_logs_one_json_line_per_request(tmp_path):
    path = str(tmp_path / "o.sqlite3")
    subprocess.run([sys.executable, "-m", "outreach.cli", "init", "--db", path], check=True, capture_output=True)
    port = free_port()
    process = run_command(["serve", "--db", path, "--port", str(port), "--log-format", "json"], GOOD_ENV)
    try:
        wait_for(f"http://127.0.0.1:{port}/healthz", process)
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/invite/a-secret-token-in-the-path") as response:
            assert response.status == 200
    except urllib.error.HTTPError:
        pass  # refused or not found: the line is still written
    finally:
        process.terminate()
        output = process.communicate(timeout=10)[0].decode()
    lines = [json.loads(line) for line in output.splitlines() if line.startswith("{")]
    requests = [line for line in lines if "route" in line]
    assert {line["route"] for line in requests} >= {"operations.health_check"}
    assert all(set(line) == {"time", "method", "route", "status", "duration_ms", "request_id"} for line in requests)
    assert "a-secret-token-in-the-path" not in output


def test_check_says_ready_or_not_with_its_exit_code(runner, tmp_path, monkeypatch):
    path = tmp_path / "o.sqlite3"
    runner.invoke(main, ["init", "--db", str(path)])
    for key, value in GOOD_ENV.items():
        monkeypatch.setenv(key, value)
    ready = runner.invoke(main, ["check", "--db", str(path)])
    assert ready.exit_code == 0 and "ok   database_writable" in ready.output
    sqlite3.connect(path).execute("DELETE FROM _sqlite_migrations WHERE name = "
                                  "(SELECT max(name) FROM _sqlite_migrations)").connection.commit()
    waiting = runner.invoke(main, ["check", "--db", str(path)])
    assert waiting.exit_code == 1 and "FAIL migrations_current: 1 pending" in waiting.output
    monkeypatch.delenv("OUTREACH_EVIDENCE_KEY")
    assert "FAIL evidence_key_loaded" in runner.invoke(main, ["check", "--db", str(path)]).output


def test_serve_replicate_starts_litestream_and_stops_it_with_the_server(tmp_path):
    path = str(tmp_path / "o.sqlite3")
    subprocess.run([sys.executable, "-m", "outreach.cli", "init", "--db", path], check=True, capture_output=True)
    port, replica = free_port(), tmp_path / "replica"
    process = run_command(["serve", "--db", path, "--port", str(port), "--replicate"],
                          {**GOOD_ENV, "OUTREACH_REPLICA_URL": f"file://{replica}"})

    def litestream_running() -> bool:
        found = subprocess.run(["pgrep", "-f", f"{path}.litestream.yml"], capture_output=True, text=True)
        return bool(found.stdout.strip())

    try:
        wait_for(f"http://127.0.0.1:{port}/healthz", process)
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and not list(replica.glob("ltx/*/*.ltx")):
            time.sleep(0.2)
        assert list(replica.glob("ltx/*/*.ltx")) and litestream_running()
    finally:
        process.terminate()
        output = process.communicate(timeout=20)[0].decode()
    time.sleep(0.5)
    assert not litestream_running(), output
    assert "Replication: Litestream to file://" in output
