"""Server time of the hot pages on a centre in its tenth year (issue 18):

    .venv/bin/python -m tests.benchmarks.big_centre big_centre.sqlite3
    .venv/bin/python -m tests.benchmarks.pages_bench big_centre.sqlite3 [--runs 20]

A worker with 100 open cases, the supervisor of a team holding 1,000 and an admin, each signed in
with a passkey (software authenticator) through the Flask test client; every page is requested
`--runs` times and the median and 90th percentile of the server time are printed with the size
of the answer and the number of SQL statements it ran. The target of the issue is ≤ 100 ms median.
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from outreach import db as database  # noqa: E402
from outreach.db import get_db  # noqa: E402
from tests.benchmarks.big_centre import app_for  # noqa: E402
from tests.support.people import Browser, make_invitation  # noqa: E402
from tests.support.soft_authenticator import SoftAuthenticator  # noqa: E402


STATEMENTS: list[str] = []


def signed_in(app, email: str) -> Browser:
    with app.app_context():
        person_id = get_db().execute("SELECT id FROM person WHERE email = ?", [email]).fetchone()[0]
    browser = Browser(app, SoftAuthenticator(), device_id=f"bench-device-{person_id[:8]}-0001")
    response = browser.register(make_invitation(app, person_id, purpose="recovery"))
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    browser.person_id = person_id
    return browser


def timed(browser: Browser, method: str, url: str, runs: int, data: dict | None = None) -> dict:
    times, size, status, statements = [], 0, 0, 0
    for _ in range(runs):
        STATEMENTS.clear()
        started = time.perf_counter()
        if method == "GET":
            response = browser.client.get(url)
        else:
            response = browser.client.post(url, data={"csrf_token": browser.token, **(data or {})})
        times.append((time.perf_counter() - started) * 1000)
        size, status, statements = len(response.data), response.status_code, len(STATEMENTS)
    first = times[0]  # lists remember their cases' views by version: the first request computes them all
    times.sort()
    return {"status": status, "first_ms": round(first, 1), "median_ms": round(statistics.median(times), 1),
            "p90_ms": round(times[int(len(times) * 0.9) - 1], 1), "bytes": size, "statements": statements}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("path", type=Path)
    parser.add_argument("--runs", type=int, default=20)
    arguments = parser.parse_args()
    print(json.dumps(measure(arguments.path, arguments.runs), indent=1))


def measure(path: Path, runs: int) -> dict:
    """Only while measuring, the app's connections report their statements."""
    try:
        with database.trace_requests(STATEMENTS.append):
            return _measure(path, runs)
    finally:
        STATEMENTS.clear()


def _measure(path: Path, runs: int) -> dict:
    app = app_for(path)
    worker, supervisor, admin = (signed_in(app, email) for email in
                                 ("w0-0@big.example", "sup0@big.example", "admin@big.example"))
    with app.app_context():
        db = get_db()
        case_id = db.execute("""SELECT c.id FROM household_case c JOIN case_assignment a ON a.case_id = c.id
                                WHERE a.worker_id = ? LIMIT 1""", [worker.person_id]).fetchone()[0]
        note_id = db.execute("SELECT id FROM visit_note WHERE case_id = ? LIMIT 1", [case_id]).fetchone()[0]
        waiting = db.execute("SELECT id FROM referral WHERE status = 'received' LIMIT 1").fetchone()[0]
        submitted = db.execute("""SELECT n.id FROM visit_note n JOIN household_case c ON c.id = n.case_id
                                  WHERE n.status = 'submitted' AND c.team_id = (SELECT team_id FROM person WHERE id = ?)
                                  LIMIT 1""", [supervisor.person_id]).fetchone()[0]
        cases_of_worker = db.execute("SELECT count(*) FROM case_assignment WHERE worker_id = ?",
                                     [worker.person_id]).fetchone()[0]
        ten = [r[0] for r in db.execute("SELECT id FROM household_case WHERE assigned_worker_id = ? AND status = 'open' "
                                        "LIMIT 10", [worker.person_id])]
    worker.page(), supervisor.page(), admin.page()
    pages = [
        ("worker", worker, "GET", "/cases"), ("worker", worker, "GET", f"/cases/{case_id}"),
        ("worker", worker, "GET", "/deadlines"), ("worker", worker, "GET", f"/visits/{note_id}"),
        ("worker", worker, "GET", "/sync/caseload"), ("worker", worker, "POST", "/cases/search"),
        ("worker", worker, "GET", "/sync/caseload/parts?" + "&".join(f"part={key}" for key in ten)),
        ("supervisor", supervisor, "GET", "/cases"), ("supervisor", supervisor, "GET", "/deadlines"),
        ("supervisor", supervisor, "GET", f"/cases/{case_id}"), ("supervisor", supervisor, "GET", "/intake"),
        ("supervisor", supervisor, "GET", f"/intake/{waiting}"), ("supervisor", supervisor, "GET", "/approvals"),
        ("supervisor", supervisor, "GET", f"/approvals/{submitted}"), ("supervisor", supervisor, "POST", "/cases/search"),
        ("supervisor", supervisor, "GET", "/deadlines?level=overdue"), ("supervisor", supervisor, "GET", "/intake?page=10"),
        ("supervisor", supervisor, "GET", "/sync/caseload"),
        ("admin", admin, "GET", "/admin/audit"), ("admin", admin, "GET", "/admin/audit?action=visit_note."),
        ("admin", admin, "GET", "/admin/audit?before=1000"), ("admin", admin, "GET", "/admin/audit?after=1000"),
    ]
    results = {}
    for who, browser, method, url in pages:
        key = f"{who} {method} {re.sub(r'part=[A-Za-z0-9_-]{16}(&|$)', '', re.sub(r'/[A-Za-z0-9_-]{16}(?=/|$)', '/<id>', url))}"
        results[key] = timed(browser, method, url, runs, {"q": "Nowak"} if method == "POST" else None)
    return {"runs": runs, "worker_cases": cases_of_worker, "pages": results}


if __name__ == "__main__":
    main()
