"""The funders' statistics for one year over a centre in its tenth year (issue 19):

    .venv/bin/python -m tests.benchmarks.big_centre big_centre.sqlite3
    .venv/bin/python -m tests.benchmarks.stats_bench big_centre.sqlite3 [--runs 5]

Works on a copy (`<path>.stats.sqlite3`, made once): 10,000 cases and 100,000 visit notes from
the big centre, to which a year of endings is added through the project's own store — about 6,000
closings in the last 365 days with causes, tools and households, their follow-ups (those due
recorded, one in ten new arrears reopening the case), minutes on every contact attempt and on a
third of the notes. Then it times, each `--runs` times, `outreach stats` for the last year as a
separate process (JSON, CSV, XLSX; the target is ≤ 2 s) and the statistics page for an admin
through the Flask test client (target ≤ 1 s), and prints the medians.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from outreach.cases import closing  # noqa: E402
from outreach.clock import berlin_today  # noqa: E402
from outreach.db import get_db, write  # noqa: E402
from outreach.domain import outcomes  # noqa: E402
from tests.benchmarks.big_centre import app_for  # noqa: E402
from tests.benchmarks.pages_bench import signed_in  # noqa: E402

ENV = {"OUTREACH_SECRET_KEY": "s" * 40, "OUTREACH_PUBLIC_ORIGIN": "https://outreach.example.org",
       "OUTREACH_EVIDENCE_KEY": "e" * 40}


def add_a_year_of_endings(path: Path) -> dict:
    started = time.perf_counter()
    rng = random.Random(19)
    app = app_for(path)
    today = berlin_today()
    with app.app_context():
        db = get_db()
        with write(db):
            db.execute("UPDATE contact_attempt SET minutes = 5 + abs(random() % 60), travel_minutes = abs(random() % 40)")
        cases = [row[0] for row in db.execute("SELECT id FROM household_case WHERE status = 'open' ORDER BY id")]
        closed = 0
        with write(db):
            for case_id in cases:
                if rng.random() > 0.6:
                    continue
                outcome = rng.choices(list(outcomes.FOLLOWED_UP) + ["precarious", "help_refused", "moved_away_no_contact",
                                                                    "emergency_accommodation"],
                                      weights=[55, 15, 8, 8, 10, 4])[0]
                on = today - timedelta(days=rng.randint(1, 365))
                closing.close(db, case_id, outcome=outcome, on=on, by=None,
                              causes=rng.sample(outcomes.CAUSES[:-2], 2), tools=rng.sample(outcomes.TOOLS[:-2], 2),
                              onward=[rng.choice(outcomes.ONWARD_SERVICES[:-3])],
                              details={name: rng.choice(values) for name, values in outcomes.DEMOGRAPHICS.items()})
                closed += 1
                for follow_up in closing.follow_ups(db, case_id):
                    due = follow_up["due_on"]
                    if due < today.isoformat() and follow_up["status"] == "due":
                        result = rng.choices(outcomes.FOLLOW_UP_RESULTS, weights=[80, 10, 4, 6])[0]
                        closing.record_follow_up(db, follow_up["id"], result=result, note="", checked_on=today, by=None)
        counts = {table: db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
                  for table in ("household_case", "visit_note", "case_closure", "follow_up", "contact_attempt")}
    return {"seconds": round(time.perf_counter() - started, 1), "closed": closed, "rows": counts}


def time_cli(path: Path, runs: int, extension: str) -> dict:
    today = berlin_today()
    command = [str(ROOT / ".venv" / "bin" / "outreach"), "stats", "--db", str(path), "--from",
               (today - timedelta(days=364)).isoformat(), "--to", today.isoformat(), "--format", extension,
               "--output", str(path) + f".out.{extension}"]
    # As on a server: Python keeps its compiled modules (this machine's shell sets
    # PYTHONDONTWRITEBYTECODE, which would recompile ~140 modules at every start).
    env = {key: value for key, value in {**os.environ, **ENV}.items() if key != "PYTHONDONTWRITEBYTECODE"}
    subprocess.run(command, check=True, env=env, capture_output=True)  # writes the compiled modules once
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(command, check=True, env=env, capture_output=True)
        times.append(time.perf_counter() - started)
    return {"median_s": round(statistics.median(times), 2), "max_s": round(max(times), 2),
            "bytes": os.path.getsize(str(path) + f".out.{extension}")}


def time_page(path: Path, runs: int) -> dict:
    app = app_for(path)
    admin = signed_in(app, "admin@big.example")
    today = berlin_today()
    url = f"/statistics?from={(today - timedelta(days=364)).isoformat()}&to={today.isoformat()}"
    times, size = [], 0
    for _ in range(runs):
        started = time.perf_counter()
        response = admin.client.get(url)
        times.append(time.perf_counter() - started)
        assert response.status_code == 200, response.status_code
        size = len(response.data)
    return {"median_s": round(statistics.median(times), 3), "max_s": round(max(times), 3), "bytes": size}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", type=Path)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    copy = Path(str(args.path) + ".stats.sqlite3")
    report = {}
    if not copy.exists():
        shutil.copyfile(args.path, copy)
        report["prepared"] = add_a_year_of_endings(copy)
    report["cli"] = {extension: time_cli(copy, args.runs, extension) for extension in ("json", "csv", "xlsx")}
    report["page"] = time_page(copy, args.runs)
    print(json.dumps(report))


if __name__ == "__main__":
    main()
