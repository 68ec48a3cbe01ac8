"""What "for you" and the notifications cost in a centre's tenth year (issue 22):

    .venv/bin/python -m tests.benchmarks.big_centre big_centre.sqlite3
    .venv/bin/python -m tests.benchmarks.notify_bench big_centre.sqlite3 [--runs 10]

Works on a copy (`<path>.notify.sqlite3`) of the big centre (10,000 cases, 100 per worker, 1,000
per team, 500 referrals waiting at intake, notes waiting for approval). Times, as a worker and as
a supervisor (passkey sign-in, Flask test client), the "for you" page and a page whose navigation
shows the count (the caseload); then switches e-mail on for every active person (written to a
folder, MAIL_SINK) and times the sender's rounds: the first (every thing is new: each recorded
once, one mail per person), and the next ones, with nothing new — what the sender's thread costs
every minute. Prints medians with the statement counts.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from outreach import db as database  # noqa: E402
from outreach.db import get_db  # noqa: E402
from outreach.notify import store  # noqa: E402
from outreach.notify.sender import run_once  # noqa: E402
from tests.benchmarks.big_centre import app_for  # noqa: E402
from tests.benchmarks.pages_bench import STATEMENTS, signed_in, timed  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("database", type=Path, help="the big centre (tests/benchmarks/big_centre.py)")
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()
    print(json.dumps(measure(args.database, args.runs), ensure_ascii=False))


def measure(path: Path, runs: int) -> dict:
    copy = path.with_suffix(".notify.sqlite3")
    shutil.copy(path, copy)
    try:
        with database.trace_requests(STATEMENTS.append):
            pages = _pages(copy, runs)
    finally:
        STATEMENTS.clear()
    return {"runs": runs, "pages": pages, "sender": _rounds(copy, runs)}


def _pages(copy: Path, runs: int) -> dict:
    app = app_for(copy)
    worker, supervisor = signed_in(app, "w0-0@big.example"), signed_in(app, "sup0@big.example")
    return {
        "worker_for_you": timed(worker, "GET", "/for-you", runs),
        "worker_caseload_with_count": timed(worker, "GET", "/cases", runs),
        "supervisor_for_you": timed(supervisor, "GET", "/for-you", runs),
        "supervisor_caseload_with_count": timed(supervisor, "GET", "/cases", runs),
    }


def _rounds(copy: Path, runs: int) -> dict:
    sink = tempfile.mkdtemp(prefix="notify-bench-")
    app = app_for(copy)
    app.config["MAIL_SINK"] = sink
    with app.app_context():
        db = get_db()
        people = [row[0] for row in db.execute("SELECT id, email FROM person WHERE status = 'active'")]
        for person_id, email in db.execute("SELECT id, email FROM person WHERE status = 'active'").fetchall():
            store.save_settings(db, person_id, email_on=True, email_address=email, email_mode="instant",
                                digest_hour=7, quiet_from=None, quiet_to=None, kinds={}, language="de")
    started = time.perf_counter()
    first = run_once(app)
    first_ms = (time.perf_counter() - started) * 1000
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        quiet = run_once(app)
        times.append((time.perf_counter() - started) * 1000)
        assert quiet["queued"] == 0, quiet
    with app.app_context():
        events = get_db().execute("SELECT count(*) FROM notify_event").fetchone()[0]
    shutil.rmtree(sink, ignore_errors=True)
    return {"people_listening": len(people), "first_round": {**first, "ms": round(first_ms), "events": events},
            "quiet_round_median_ms": round(statistics.median(times)), "quiet_round_max_ms": round(max(times))}


if __name__ == "__main__":
    main()
