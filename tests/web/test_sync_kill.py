"""kill -9 in the middle of sending: against a real `outreach serve` process, batches of notes are
sent while the server is killed without warning, again and again; the phone keeps whatever was not
answered and sends it again after each restart. Acknowledged means stored, exactly once; in the end
every note is stored exactly once (one write transaction per batch, a savepoint per mutation)."""

from __future__ import annotations

import http.client
import os
import random
import signal
import threading
import urllib.error

from outreach import db as database
from tests.benchmarks.http_device import Device
from tests.benchmarks.sync_bench import free_port, prepare, start_server
from tests.support.notes import save_note


def stored(path: str) -> dict[str, int]:
    conn = database.connect(path)
    try:
        return dict(conn.execute("SELECT id, count(*) FROM note_revision GROUP BY id").fetchall())
    finally:
        conn.close()


def test_acknowledged_means_stored_exactly_once_through_repeated_kill_9(tmp_path):
    path, port = str(tmp_path / "kill.sqlite3"), free_port()
    (person, case_id, token), = prepare(path, f"http://localhost:{port}", 1)
    server = start_server(path, port)
    phone = Device(f"http://localhost:{port}", "kill-device-000000000001")
    phone.register(token)
    outbox = [save_note(person.id, case_id, situation=f"Notiz {n}", device_id=phone.device_id) for n in range(600)]
    acknowledged: set[str] = set()
    interrupted = 0
    chance = random.Random(7)
    try:
        for _round in range(4):
            killer = threading.Timer(chance.uniform(0.02, 0.2), lambda: os.kill(server.pid, signal.SIGKILL))
            killer.start()
            while outbox:
                batch = outbox[:10]
                try:
                    status, data, _ = phone.sync(batch)
                except (urllib.error.URLError, ConnectionError, OSError, http.client.HTTPException):
                    interrupted += 1
                    break  # no answer, or one cut off mid-body: everything in the batch stays in the outbox
                assert status == 200, data
                for result in data["results"]:
                    assert result["status"] in ("applied", "duplicate"), result
                    acknowledged.add(result["id"])
                outbox = [m for m in outbox if m["id"] not in acknowledged]
            killer.join()
            server.wait()
            counts = stored(path)
            assert all(counts.get(m) == 1 for m in acknowledged)  # answered ⇒ there, once
            server = start_server(path, port)
        while outbox:  # the connection is back for good
            status, data, _ = phone.sync(outbox[:50])
            assert status == 200, data
            acknowledged |= {r["id"] for r in data["results"] if r["status"] in ("applied", "duplicate")}
            outbox = [m for m in outbox if m["id"] not in acknowledged]
    finally:
        server.kill()
        server.wait()
    counts = stored(path)
    assert interrupted >= 3  # the kills really cut sends short
    assert len(acknowledged) == 600 and len(counts) == 600 and set(counts.values()) == {1}
