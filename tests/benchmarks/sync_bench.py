"""Sync benchmarks (issue 5). Run: .venv/bin/python -m tests.benchmarks.sync_bench

1. 1,000 queued visit notes flushed end to end over loopback HTTP (batches of 500, as the client).
2. Apply cost per mutation in batches of 100 (Flask test client, so no HTTP), as a ratio to a raw
   sqlite-utils insert_all of exactly the rows those notes wrote (note, revision, idempotency record,
   audit entry) into the real migrated schema, in the same run (both figures printed).
3. 50 concurrent simulated devices × 20 mutations against a real `outreach serve` process:
   errors, p50/p99 latency, and exactly the expected rows; each phone keeps its connection open as
   a browser does, and again with a new connection per request (as a proxy without upstream
   keep-alive passes them on); 200 devices × 20 the second way.
Prints numbers; record them in docs/benchmarks.md with this command.
"""

from __future__ import annotations

import json
import os
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from outreach import create_app, migrations  # noqa: E402
from outreach import db as database
from outreach.auth import invitations  # noqa: E402
from outreach.auth.people import create_person, create_team  # noqa: E402
from outreach.cases import store  # noqa: E402
from outreach.clock import berlin_today  # noqa: E402
from tests.benchmarks.http_device import Device  # noqa: E402
from tests.support.notes import save_note  # noqa: E402

SETTINGS = {"SECRET_KEY": secrets.token_hex(32), "EVIDENCE_KEY": secrets.token_hex(32),
            "RATE_LIMIT_REGISTRATION": "10000 per hour", "RATE_LIMIT_SIGN_IN": "10000 per minute"}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def prepare(path: str, origin: str, workers: int):
    """People, cases and invitations written straight into the database the server uses."""
    conn = database.connect(path)
    migrations.migrate(conn)
    conn.close()
    app = create_app(settings={**SETTINGS, "DATABASE": path, "PUBLIC_ORIGIN": origin})
    people = []
    with app.app_context():
        db = database.get_db()
        team = create_team(db, "Bench")
        supervisor = create_person(db, "sup@bench.example", "Sup", {"supervisor"}, team_id=team, status="active")
        for n in range(workers):
            person = create_person(db, f"w{n}@bench.example", f"Worker {n}", {"worker"}, team_id=team)
            case = store.create_case(db, stage="arrears", source="self", street=f"Weg {n}", postcode="01968",
                                     city="Senftenberg", report_received_on=berlin_today(), worker_id=person.id,
                                     team_id=team, by=supervisor.id, today=berlin_today())
            token = invitations.create(db, person.id, "invite", timedelta(hours=1), None)
            people.append((person, case["id"], token))
    return people


def start_server(path: str, port: int) -> subprocess.Popen:
    env = {**os.environ, **{f"OUTREACH_{k}": v for k, v in SETTINGS.items()},
           "OUTREACH_PUBLIC_ORIGIN": f"http://localhost:{port}", "OUTREACH_DATABASE": path}
    # The server's log goes to a file: a pipe nobody reads fills up, and the server then stops in
    # the middle of writing a log line (with 200 devices waitress warns at its connection limit).
    log = open(path + ".server.log", "w")  # noqa: SIM115 — closed with the process
    process = subprocess.Popen([sys.executable, "-m", "outreach.cli", "serve", "--port", str(port)],
                               env=env, stdout=subprocess.DEVNULL, stderr=log)
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return process
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(Path(path + ".server.log").read_text())


def rows(path: str) -> int:
    conn = database.connect(path)
    try:
        return conn.execute("SELECT count(*) FROM note_revision").fetchone()[0]
    finally:
        conn.close()


def flush_thousand(tmp: str) -> dict:
    path, port = os.path.join(tmp, "flush.sqlite3"), free_port()
    [(person, case_id, token)] = prepare(path, f"http://localhost:{port}", 1)
    server = start_server(path, port)
    try:
        device = Device(f"http://localhost:{port}", "bench-device-000000000001")
        device.register(token)
        outbox = [save_note(person.id, case_id, situation=f"Notiz {n}", device_id=device.device_id) for n in range(1000)]
        started = time.perf_counter()
        for offset in range(0, len(outbox), 500):
            status, data, _ = device.sync(outbox[offset:offset + 500])
            assert status == 200 and all(r["status"] == "applied" for r in data["results"]), data
        elapsed = time.perf_counter() - started
    finally:
        server.terminate()
        server.wait()
    return {"notes": 1000, "seconds": round(elapsed, 2), "per_note_ms": round(elapsed * 1000 / 1000, 3), "rows": rows(path)}


def apply_ratio(tmp: str) -> dict:
    """Apply path (validation, access, idempotency record, audit) vs a raw insert_all, 100 at a time."""
    from tests.support.people import Browser, make_invitation
    from tests.support.soft_authenticator import SoftAuthenticator

    path = os.path.join(tmp, "ratio.sqlite3")
    app = create_app({"TESTING": True, "DATABASE": path, "SECRET_KEY": "s" * 40, "EVIDENCE_KEY": "e" * 40,
                      "PUBLIC_ORIGIN": "http://localhost"})
    with app.app_context():
        db = database.get_db()
        team = create_team(db, "Ratio")
        person = create_person(db, "r@bench.example", "R", {"worker"}, team_id=team)
        case = store.create_case(db, stage="arrears", source="self", street="Weg", postcode="01968", city="S",
                                 report_received_on=berlin_today(), worker_id=person.id, team_id=team, by=None,
                                 today=berlin_today())
    browser = Browser(app, SoftAuthenticator())
    browser.register(make_invitation(app, person.id))
    batches = [[save_note(person.id, case["id"], situation=f"N{b}-{n}") for n in range(100)] for b in range(10)]
    started = time.perf_counter()
    for batch in batches:
        response = browser.post("/sync", {"device_id": browser.device_id, "mutations": batch})
        assert response.status_code == 200
    applied = (time.perf_counter() - started) / 1000
    # The raw side takes tens of milliseconds in all: the median of five fresh copies steadies it.
    runs = [raw_insert_same_rows(path, os.path.join(tmp, f"raw{n}.sqlite3"), batches=10) for n in range(5)]
    counts = runs[0][1]
    inserted = statistics.median(seconds for seconds, _counts in runs) / 1000
    return {"apply_ms_per_mutation": round(applied * 1000, 3), "raw_ms_per_mutation": round(inserted * 1000, 4),
            "raw_rows": counts, "ratio": round(applied / inserted, 1)}


NOTE_TABLES = ("visit_note", "note_revision", "sync_mutation", "audit_log")


def raw_insert_same_rows(applied_path: str, raw_path: str, batches: int) -> tuple[float, dict]:
    """The fair raw side: exactly the rows the applied notes wrote (note, revision, idempotency
    record, audit entry), read back from the applied database and inserted with sqlite-utils'
    insert_all into a freshly migrated copy of the same schema (indexes, triggers, foreign keys),
    in the same number of transactions as the HTTP side sent batches."""
    source = database.connect(applied_path)
    raw = database.connect(raw_path)
    migrations.migrate(raw)
    for table in ("team", "organisation", "person", "person_role", "household_case", "household_member",
                  "credential", "device"):  # what the note rows refer to
        raw[table].insert_all(source[table].rows, alter=False)
    rows = {"visit_note": list(source["visit_note"].rows), "note_revision": list(source["note_revision"].rows),
            "sync_mutation": list(source["sync_mutation"].rows),
            "audit_log": list(source["audit_log"].rows_where("action = 'visit_note.save.applied'", order_by="seq"))}
    counts = {table: len(found) for table, found in rows.items()}
    started = time.perf_counter()
    for index in range(batches):
        with database.write(raw):
            for table in NOTE_TABLES:
                part = len(rows[table]) // batches
                raw[table].insert_all(rows[table][index * part:(index + 1) * part], alter=False)
    return time.perf_counter() - started, counts


def concurrent_devices(tmp: str, devices: int = 50, per_device: int = 20, keep_alive: bool = True) -> dict:
    path, port = os.path.join(tempfile.mkdtemp(dir=tmp), "concurrent.sqlite3"), free_port()  # one per run
    people = prepare(path, f"http://localhost:{port}", devices)
    server = start_server(path, port)
    latencies, errors = [], []
    try:
        phones = []
        for n, (person, case_id, token) in enumerate(people):
            phone = Device(f"http://localhost:{port}", f"bench-device-{n:016d}", keep_alive=keep_alive)
            phone.register(token)
            phones.append((phone, person, case_id))

        def work(phone, person, case_id):
            for n in range(per_device):
                mutation = save_note(person.id, case_id, situation=f"Gleichzeitig {n}", device_id=phone.device_id)
                try:
                    status, data, seconds = phone.sync([mutation])
                except Exception as error:  # noqa: BLE001 — a refused or broken connection is an error too
                    errors.append(repr(error)[:200])
                    continue
                latencies.append(seconds)
                if status != 200 or data["results"][0]["status"] != "applied":
                    errors.append((status, data))

        threads = [threading.Thread(target=work, args=phone) for phone in phones]
        started = time.perf_counter()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.perf_counter() - started
    finally:
        server.terminate()
        server.wait()
    latencies.sort()
    return {"devices": devices, "mutations": devices * per_device, "keep_alive": keep_alive, "errors": len(errors),
            "first_errors": sorted({str(e) for e in errors})[:3],
            "p50_ms": round(statistics.median(latencies) * 1000, 1),
            "p99_ms": round(latencies[int(len(latencies) * 0.99) - 1] * 1000, 1),
            "seconds": round(elapsed, 2), "rows": rows(path), "expected_rows": devices * per_device}


RUNS = (("flush_1000", flush_thousand), ("apply_vs_insert_all", apply_ratio),
        ("concurrent_50x20", concurrent_devices),
        ("concurrent_50x20_new_connections", lambda tmp: concurrent_devices(tmp, keep_alive=False)),
        ("concurrent_200x20_new_connections", lambda tmp: concurrent_devices(tmp, devices=200, keep_alive=False)))


if __name__ == "__main__":
    with tempfile.TemporaryDirectory() as tmp:
        for name, bench in RUNS:
            print(name, json.dumps(bench(tmp)), flush=True)
