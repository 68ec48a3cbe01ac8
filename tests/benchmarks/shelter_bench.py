"""The city's shelter pages and its federal return after ten years of placements (issue 20):

    .venv/bin/python -m tests.benchmarks.big_centre big_centre.sqlite3
    .venv/bin/python -m tests.benchmarks.shelter_bench big_centre.sqlite3 [--runs 10]

Works on a copy (`<path>.shelter.sqlite3`, made once) of the big centre (10,000 cases, 100,000
notes), to which ten years of the city's work are added through the project's own store: 6,000
shelter requests spread over ten years (seven in ten given a place, two refused, the last 60
waiting), each place with its people's features (one to five) and most of them left after up to
400 days. Then it times, each `--runs` times, as a person of the city (passkey sign-in, Flask test
client): its shelter requests, its placements, the return for the latest reference date (page and
CSV) and, as the admin, the statistics for the last year; and prints medians with the statement
counts.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import sys
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from outreach import db as database  # noqa: E402
from outreach.auth.people import create_person  # noqa: E402
from outreach.clock import berlin_today  # noqa: E402
from outreach.db import get_db, write  # noqa: E402
from outreach.domain.accommodation import latest_reference_date  # noqa: E402
from outreach.shelter import store  # noqa: E402
from tests.benchmarks.big_centre import app_for  # noqa: E402
from tests.benchmarks.pages_bench import STATEMENTS, signed_in, timed  # noqa: E402

REQUESTS = 6_000
CITY_EMAIL = "stadt@big.example"


def add_ten_years(path: Path) -> dict:
    started = time.perf_counter()
    rng = random.Random(20)
    app = app_for(path)
    today = berlin_today()
    with app.app_context():
        db = get_db()
        city = db.execute("SELECT id FROM organisation WHERE kind = 'city'").fetchone()[0]
        if not db.execute("SELECT 1 FROM person WHERE email = ?", [CITY_EMAIL]).fetchone():
            create_person(db, CITY_EMAIL, "Stadt Groß, Ordnungsamt", {"partner"}, organisation_id=city,
                          status="active")
        by = db.execute("SELECT id FROM person WHERE email = ?", [CITY_EMAIL]).fetchone()[0]
        cases = [row[0] for row in db.execute("SELECT id FROM household_case ORDER BY id")]
        members = {case: [] for case in cases}
        for case_id, member_id in db.execute("SELECT case_id, id FROM household_member"):
            members[case_id].append(member_id)
        with write(db):
            for n in range(REQUESTS):
                case_id = rng.choice(cases)
                sent_on = today - timedelta(days=int((REQUESTS - n) * 3650 / REQUESTS))
                request_id = store.create(db, case_id=case_id, organisation_id=city, household_size=rng.randint(1, 5),
                                          member_ids=members[case_id], needs="", needed_on=sent_on, by=by)
                db.execute("UPDATE shelter_request SET sent_on = ?, sent_at = ? WHERE id = ?",
                           [sent_on.isoformat(), f"{sent_on.isoformat()}T08:00:00.000000Z", request_id])
                if n >= REQUESTS - 60:
                    continue  # the last ones wait for an answer
                found = store.get(db, request_id)
                if rng.random() < 0.22:
                    store.refuse(db, found, reason="Unterkunft bei Angehörigen möglich.", by=by)
                    continue
                begins = sent_on + timedelta(days=rng.randint(0, 10))
                placement_id = store.place(
                    db, found, place=f"Unterkunft {n % 12}", begins_on=begins, accommodation_kind="short_term",
                    provider=rng.choice(["municipality", "welfare", "commercial"]), association="caritas",
                    municipality_key="12066304", household_type="single", household_size=found["household_size"],
                    by=by)
                store.record_people(db, placement_id, [
                    (rng.choice(["male", "female"]), f"{rng.randint(1950, 2024)}-{rng.randint(1, 12):02d}", "deutsch")
                    for _ in range(found["household_size"])])
                left = begins + timedelta(days=rng.randint(2, 400))
                if left < today and rng.random() < 0.95:
                    store.end(db, placement_id, left)
        counts = {table: db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
                  for table in ("shelter_request", "placement", "placement_person")}
        reference = latest_reference_date(today).isoformat()
        counts["housed_on_reference_date"] = db.execute(
            "SELECT count(*) FROM placement WHERE begins_on <= ? AND (ends_on IS NULL OR ends_on > ?)",
            [reference, reference]).fetchone()[0]
    return {"seconds": round(time.perf_counter() - started, 1), "rows": counts}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("database", type=Path, help="the big centre (tests/benchmarks/big_centre.py)")
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()
    copy = args.database.with_suffix(".shelter.sqlite3")
    prepared = None
    if not copy.exists():
        shutil.copy(args.database, copy)
        prepared = add_ten_years(copy)
    with database.trace_requests(STATEMENTS.append):
        results = _measure(copy, args.runs)
    print(json.dumps({"prepared": prepared, "runs": args.runs, "pages": results}, ensure_ascii=False))


def _measure(copy: Path, runs: int) -> dict:
    app = app_for(copy)
    year = latest_reference_date(berlin_today()).year
    city = signed_in(app, CITY_EMAIL)
    admin = signed_in(app, "admin@big.example")
    city.page("/city/shelter-requests")
    admin.page("/admin/people")
    today = berlin_today()
    return {
        "shelter_requests": timed(city, "GET", "/city/shelter-requests", runs),
        "shelter_requests_page_40": timed(city, "GET", "/city/shelter-requests?page=40", runs),
        "placements": timed(city, "GET", "/city/placements", runs),
        "return_page": timed(city, "GET", f"/city/placements/return?year={year}", runs),
        "return_csv": timed(city, "GET", f"/city/placements/return.csv?year={year}", runs),
        "statistics_year": timed(admin, "GET", f"/statistics?from={(today - timedelta(days=364)).isoformat()}"
                                               f"&to={today.isoformat()}", runs),
    }


if __name__ == "__main__":
    main()
