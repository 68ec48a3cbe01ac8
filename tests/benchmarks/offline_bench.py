"""Offline caseload benchmark (issue 6). Run: .venv/bin/python -m tests.benchmarks.offline_bench

Bytes the service worker stores for a caseload of 50 cases (Cache Storage, as the browser reports
it), and the time to open a case page offline (from that cache) vs online, in the same run, in
Debian's headless Chromium on a phone-sized screen. Prints JSON; see docs/benchmarks.md.
"""

from __future__ import annotations

import json
import pathlib
import statistics
import sys
import tempfile
import threading
import time

ROOT = pathlib.Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from playwright.sync_api import sync_playwright  # noqa: E402
from waitress.server import create_server  # noqa: E402

from outreach import create_app  # noqa: E402
from outreach.auth.people import create_team  # noqa: E402
from outreach.cases import store  # noqa: E402
from outreach.clock import berlin_today  # noqa: E402
from outreach.db import get_db  # noqa: E402
from tests.conftest import make_test_config  # noqa: E402
from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS, VIRTUAL_AUTHENTICATOR  # noqa: E402
from tests.support.people import make_invitation, make_person  # noqa: E402

CASES = 50
OPENINGS = 20


def main() -> dict:
    tmp = pathlib.Path(tempfile.mkdtemp())
    app = create_app(make_test_config(tmp))
    server = create_server(app, host="127.0.0.1", port=0, threads=8)
    url = f"http://localhost:{server.effective_port}"
    app.config["PUBLIC_ORIGIN"] = url
    threading.Thread(target=server.run, daemon=True).start()
    with app.app_context():
        team = create_team(get_db(), "Bench")
    supervisor = make_person(app, email="s@b.example", name="S", roles=("supervisor",), team_id=team)
    worker = make_person(app, email="w@b.example", name="W", roles=("worker",), team_id=team)
    case_ids = []
    with app.app_context():
        for n in range(CASES):
            case = store.create_case(get_db(), stage="eviction_suit", source="court_notice", street=f"Weg {n}",
                                     postcode="01968", city="Senftenberg", report_received_on=berlin_today(),
                                     worker_id=worker.id, team_id=team, by=supervisor.id, today=berlin_today(),
                                     members=[{"name": f"Mieterin {n}", "birth_year": 1970, "relation": "",
                                               "lease_party": True}], situation="Lage " * 40)
            case_ids.append(case["id"])
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True,
                                      locale="de-DE")
        page = context.new_page()
        cdp = context.new_cdp_session(page)
        cdp.send("WebAuthn.enable")
        cdp.send("WebAuthn.addVirtualAuthenticator", {"options": VIRTUAL_AUTHENTICATOR})
        page.goto(url + "/invite/" + make_invitation(app, worker.id))
        page.get_by_role("button", name="Passkey einrichten").tap()
        page.wait_for_url(url + "/account/passkeys")
        page.evaluate("async () => { await navigator.serviceWorker.ready; }")
        page.goto(url + "/cases")
        page.wait_for_function("() => navigator.serviceWorker.controller !== null")
        answer = page.evaluate("""async () => new Promise(r => { const c = new MessageChannel();
            c.port1.onmessage = e => r(e.data);
            navigator.serviceWorker.controller.postMessage({type: 'REFRESH', force: true}, [c.port2]); })""")
        stored = page.evaluate("""async () => {
            let bytes = 0, entries = 0;
            for (const name of (await caches.keys()).filter(n => n.startsWith('outreach-data-'))) {
              const cache = await caches.open(name);
              for (const request of await cache.keys()) {
                bytes += (await (await cache.match(request)).arrayBuffer()).byteLength; entries += 1;
              }
            }
            const shell = (await caches.keys()).find(n => n.startsWith('outreach-shell-'));
            let shellBytes = 0;
            for (const request of await (await caches.open(shell)).keys()) {
              shellBytes += (await (await (await caches.open(shell)).match(request)).arrayBuffer()).byteLength;
            }
            const estimate = await navigator.storage.estimate();
            return {bytes, entries, shellBytes, usage: estimate.usage}; }""")

        def open_times():
            times = []
            for n in range(OPENINGS):
                started = time.perf_counter()
                page.goto(f"{url}/cases/{case_ids[n % CASES]}", wait_until="load")
                times.append((time.perf_counter() - started) * 1000)
            return times

        online = open_times()
        context.set_offline(True)
        offline = open_times()
        assert "Mieterin" in page.inner_text("h1"), "the offline page was not the case page"
        browser.close()
    server.close()
    return {"cases": CASES, "refresh": answer, "data_cache_bytes": stored["bytes"], "data_entries": stored["entries"],
            "bytes_per_case": round(stored["bytes"] / CASES), "shell_cache_bytes": stored["shellBytes"],
            "storage_usage_estimate": stored["usage"],
            "open_online_ms_median": round(statistics.median(online), 1),
            "open_offline_ms_median": round(statistics.median(offline), 1), "openings": OPENINGS}


if __name__ == "__main__":
    print(json.dumps(main()))
