"""The restore drill (issue 24): what a crash loses with Litestream replicating.

    .venv/bin/python -m tests.benchmarks.restore_drill [--runs 10] [--senders 20] [--seconds 4]

Each run: a real server (`outreach serve --replicate`, Litestream replicating to a directory every
second) takes visit notes from 20 phones at once (passkey sign-in over HTTP, each sending notes
one after another through /sync). After a few seconds the server and its Litestream are killed
together with SIGKILL — a machine that lost power. The replica is restored into a new file with
`outreach restore --from-replica` (which verifies the audit chain). Counted: the notes the server
acknowledged, those in the restored file (each exactly once?), those acknowledged longer than the
sync interval before the kill that are missing (must be none), and the loss window — how long
before the kill the newest acknowledged-but-lost note was acknowledged. Prints JSON per run and a
summary.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.benchmarks.http_device import Device  # noqa: E402
from tests.benchmarks.sync_bench import SETTINGS, free_port, prepare  # noqa: E402
from tests.support.notes import save_note  # noqa: E402

INTERVAL = 1  # seconds: OUTREACH_REPLICA_SYNC_INTERVAL_SECONDS


def _environment(path: str, port: int, replica: str) -> dict:
    return {**os.environ, **{f"OUTREACH_{k}": v for k, v in SETTINGS.items()},
            "OUTREACH_PUBLIC_ORIGIN": f"http://localhost:{port}", "OUTREACH_DATABASE": path,
            "OUTREACH_REPLICA_URL": f"file://{replica}", "OUTREACH_REPLICA_SYNC_INTERVAL_SECONDS": str(INTERVAL)}


def _serve(path: str, port: int, replica: str) -> subprocess.Popen:
    log = open(path + ".server.log", "w")  # noqa: SIM115 — closed with the process
    process = subprocess.Popen([sys.executable, "-m", "outreach.cli", "serve", "--port", str(port), "--replicate"],
                               env=_environment(path, port, replica), stdout=log, stderr=log,
                               start_new_session=True)  # its own process group: the kill takes Litestream too
    for _ in range(150):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return process
        except OSError:
            if process.poll() is not None:
                break
            time.sleep(0.1)
    raise RuntimeError(Path(path + ".server.log").read_text())


def drill(folder: str, senders: int = 20, seconds: float = 4.0) -> dict:
    path, replica, port = os.path.join(folder, "live.sqlite3"), os.path.join(folder, "replica"), free_port()
    people = prepare(path, f"http://localhost:{port}", senders)
    server = _serve(path, port, replica)
    acknowledged: dict[str, float] = {}
    lock, stop = threading.Lock(), threading.Event()
    try:
        phones = []
        for n, (person, case_id, token) in enumerate(people):
            phone = Device(f"http://localhost:{port}", f"drill-device-{n:016d}", keep_alive=False)
            phone.register(token)
            phones.append((phone, person, case_id))

        def send(phone, person, case_id):
            n = 0
            while not stop.is_set():
                n += 1
                mutation = save_note(person.id, case_id, situation=f"Notiz {n}", device_id=phone.device_id)
                try:
                    status, data, _seconds = phone.sync([mutation])
                except Exception:  # noqa: BLE001 — the server is gone: this note was never acknowledged
                    return
                if status == 200 and data["results"][0]["status"] == "applied":
                    with lock:
                        acknowledged[mutation["id"]] = time.monotonic()

        threads = [threading.Thread(target=send, args=phone, daemon=True) for phone in phones]
        for thread in threads:
            thread.start()
        time.sleep(seconds)
        killed_at = time.monotonic()
        os.killpg(server.pid, signal.SIGKILL)
        stop.set()
        for thread in threads:
            thread.join(timeout=30)
    finally:
        if server.poll() is None:
            os.killpg(server.pid, signal.SIGKILL)
        server.wait()
    with lock:
        acked = {m: killed_at - t for m, t in acknowledged.items() if t <= killed_at}
    restored = os.path.join(folder, "restored.sqlite3")
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "outreach.cli", "restore", "--from-replica", f"file://{replica}",
                           "--db", restored], env=_environment(restored, port, replica), capture_output=True, text=True,
                          timeout=300)
    restore_seconds = time.perf_counter() - started
    if done.returncode != 0:
        raise AssertionError(f"restore failed: {done.stdout} {done.stderr}")
    db = sqlite3.connect(restored)
    try:
        present = dict(db.execute("SELECT mutation_id, count(*) FROM note_revision GROUP BY mutation_id").fetchall())
        applied = dict(db.execute("SELECT mutation_id, count(*) FROM sync_mutation GROUP BY mutation_id").fetchall())
    finally:
        db.close()
    lost = [age for m, age in acked.items() if m not in present]
    return {
        "acknowledged": len(acked),
        "in_replica": sum(1 for m in acked if m in present),
        "doubled": sorted(m for m, count in {**present, **applied}.items() if count > 1),
        "missing_older_than_interval": sorted(m for m, age in acked.items() if age > INTERVAL and m not in present),
        "lost": len(lost),
        "loss_window_seconds": round(max(lost), 3) if lost else 0.0,
        "restore_seconds": round(restore_seconds, 2),
        "restore_output": done.stdout.strip().splitlines()[:2],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--senders", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=4.0)
    args = parser.parse_args()
    windows = []
    for run in range(args.runs):
        with tempfile.TemporaryDirectory() as folder:
            result = drill(folder, args.senders, args.seconds)
        windows.append(result["loss_window_seconds"])
        print(json.dumps({"run": run + 1, **{k: v for k, v in result.items() if k != "restore_output"}}), flush=True)
    print(json.dumps({"runs": args.runs, "interval_seconds": INTERVAL, "loss_window_max": max(windows),
                      "loss_window_median": statistics.median(windows)}))


if __name__ == "__main__":
    main()
