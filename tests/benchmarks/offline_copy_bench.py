"""A new worker's phone on slow 4G until the caseload is ready offline (issue 18):

    .venv/bin/python -m tests.benchmarks.big_centre big_centre.sqlite3
    .venv/bin/python -m tests.benchmarks.offline_copy_bench big_centre.sqlite3 [--runs 3]

The worker `w0-0@big.example` of the generated centre (100 open cases, each with ten notes,
a budget and a consent) opens a sign-in link on a fresh phone (Debian Chromium, 360 × 740) over
Chromium's slow-4G throttling of the page and the service worker (150 ms, 1.6 Mbit/s down,
750 kbit/s up; tests/e2e/slow_line.py) against `waitress` on a copy of the database. Printed per
run and as medians: seconds from opening the link until the status line says the copy is
complete, the bytes and requests of the copy on the wire (Chromium's encodedDataLength), bytes
stored per case, an unchanged refresh, and opening case pages offline.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from playwright.sync_api import expect, sync_playwright  # noqa: E402
from waitress.server import create_server  # noqa: E402

from outreach.db import get_db  # noqa: E402
from tests.benchmarks.big_centre import app_for  # noqa: E402
from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS, VIRTUAL_AUTHENTICATOR  # noqa: E402
from tests.e2e.slow_line import SlowLine  # noqa: E402
from tests.e2e.test_offline_copy_browser import REFRESH, STORED  # noqa: E402
from tests.support.people import make_invitation  # noqa: E402

WORKER = "w0-0@big.example"


def one_run(source: Path, playwright) -> dict:
    folder = Path(tempfile.mkdtemp())
    path = folder / "centre.sqlite3"
    shutil.copy(source, path)
    app = app_for(path)
    server = create_server(app, host="127.0.0.1", port=0, threads=8)
    url = f"http://localhost:{server.effective_port}"
    app.config["PUBLIC_ORIGIN"] = url
    threading.Thread(target=server.run, daemon=True).start()
    with app.app_context():
        db = get_db()
        person_id = db.execute("SELECT id FROM person WHERE email = ?", [WORKER]).fetchone()[0]
        case_ids = [r[0] for r in db.execute("SELECT id FROM household_case WHERE assigned_worker_id = ? "
                                             "AND status = 'open'", [person_id])]
    link = url + "/invite/" + make_invitation(app, person_id, purpose="recovery")
    browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    try:
        context = browser.new_context(viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True,
                                      locale="de-DE")
        page = context.new_page()
        cdp = context.new_cdp_session(page)
        cdp.send("WebAuthn.enable")
        cdp.send("WebAuthn.addVirtualAuthenticator", {"options": VIRTUAL_AUTHENTICATOR})
        line = SlowLine(browser, page, url)
        started = time.perf_counter()
        page.goto(link)
        page.get_by_role("button", name="Passkey einrichten").tap()
        while not line.attach_workers():  # throttle the service worker from its first moment
            time.sleep(0.01)
        expect(page.locator("[data-sync-status]")).to_contain_text("Seiten offline verfügbar", timeout=600_000)
        ready_seconds = time.perf_counter() - started
        copy = line.sent("/sync/caseload", "worker")
        everything = line.sent("")
        stored = page.evaluate(STORED)
        line.reset()
        refresh_started = time.perf_counter()
        again = page.evaluate(REFRESH, [person_id, True])
        refresh_seconds = time.perf_counter() - refresh_started
        refresh_bytes = line.total("/sync", "worker")
        context.set_offline(True)
        openings = []
        for case_id in case_ids[:20]:
            opened = time.perf_counter()
            page.goto(f"{url}/cases/{case_id}", wait_until="load")
            openings.append((time.perf_counter() - opened) * 1000)
        assert page.locator("h1").count() == 1 and "Keine Verbindung" not in page.inner_text("h1")
    finally:
        browser.close()
        server.close()
        shutil.rmtree(folder, ignore_errors=True)
    cases = len(case_ids)
    return {"cases": cases, "ready_seconds": round(ready_seconds, 2),
            "copy_requests": len(copy), "copy_bytes": sum(t.bytes for t in copy),
            "copy_bytes_per_case": round(sum(t.bytes for t in copy) / cases),
            "all_requests": len(everything), "all_bytes": sum(t.bytes for t in everything),
            "stored_bytes_per_case": round(stored["bytes"] / cases), "parts_held": len(stored["held"]),
            "refresh_state": again["state"], "refresh_seconds": round(refresh_seconds, 2),
            "refresh_bytes": refresh_bytes, "open_offline_ms_median": round(statistics.median(openings), 1)}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("path", type=Path)
    parser.add_argument("--runs", type=int, default=3)
    arguments = parser.parse_args()
    runs = []
    with sync_playwright() as playwright:
        for _ in range(arguments.runs):
            runs.append(one_run(arguments.path, playwright))
            print(json.dumps(runs[-1]), flush=True)
    medians = {key: statistics.median(run[key] for run in runs) for key in runs[0] if isinstance(runs[0][key], (int, float))}
    print("median", json.dumps(medians))


if __name__ == "__main__":
    main()
