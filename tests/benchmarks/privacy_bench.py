"""What the retention and a tenant's access cost in a centre's tenth year (issue 23):

    .venv/bin/python -m tests.benchmarks.big_centre big_centre.sqlite3
    .venv/bin/python -m tests.benchmarks.privacy_bench big_centre.sqlite3 [--cases 300]

Works on a copy (`<path>.privacy.sqlite3`) of the big centre (10,000 cases with 10 notes each):
closes about 40 % of them within a year (as the statistics benchmark does), moves the clock five
years on, and times the dry run (what is due), the anonymisation of `--cases` case files one by one
(each in its own transaction, as `outreach retention --apply` does) with the WAL truncated after,
the statistics before and after (equal, or the script fails), and the export of one household
(collect, JSON, PDF). Prints the numbers as JSON.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import sys
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from outreach import clock  # noqa: E402
from outreach.db import get_db  # noqa: E402
from outreach.privacy import export, store  # noqa: E402
from outreach.privacy.anonymise import anonymise, truncate_wal  # noqa: E402
from outreach.privacy.views import package  # noqa: E402
from outreach.reports import figures  # noqa: E402
from tests.benchmarks.big_centre import app_for  # noqa: E402
from tests.benchmarks.stats_bench import add_a_year_of_endings  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("database", type=Path, help="the big centre (tests/benchmarks/big_centre.py)")
    parser.add_argument("--cases", type=int, default=300, help="case files to anonymise")
    args = parser.parse_args()
    print(json.dumps(measure(args.database, args.cases), ensure_ascii=False))


def _ms(seconds: float) -> float:
    return round(seconds * 1000, 1)


def measure(path: Path, cases: int) -> dict:
    copy = path.with_suffix(".privacy.sqlite3")
    shutil.copy(path, copy)
    prepared = add_a_year_of_endings(copy)
    real_now = clock.now
    later = real_now() + timedelta(days=5 * 366)
    clock.now = lambda: later
    try:
        return {"closed": prepared["closed"], **_run(copy, cases, later.date())}
    finally:
        clock.now = real_now


def _run(copy: Path, cases: int, today: date) -> dict:
    app = app_for(copy)
    with app.test_request_context():
        db = get_db()
        started = time.perf_counter()
        due = store.due(db, today, case_years=3, referral_years=3)
        dry_run = time.perf_counter() - started
        span = (date(2000, 1, 1), date(2100, 12, 31))
        started = time.perf_counter()
        before = figures.compute(db, *span).values
        stats_time = time.perf_counter() - started
        times, rows = [], 0
        for case in due["cases"][:cases]:
            started = time.perf_counter()
            rows += sum(anonymise(db, case["id"], kind="retention").values())
            times.append(time.perf_counter() - started)
        started = time.perf_counter()
        truncated = truncate_wal(str(copy))
        wal = time.perf_counter() - started
        if figures.compute(db, *span).values != before:
            raise SystemExit("the statistics changed")
        open_case = db.execute("""SELECT c.id FROM household_case c WHERE c.anonymised_at IS NULL
                                  ORDER BY (SELECT count(*) FROM visit_note n WHERE n.case_id = c.id) DESC
                                  LIMIT 1""").fetchone()[0]
        started = time.perf_counter()
        found = export.collect(db, open_case, exported_at=clock.stamp(), exported_by=None)
        collect = time.perf_counter() - started
        started = time.perf_counter()
        json_bytes = export.to_json(found)
        _found, pdf = package(db, open_case, by_id=None, by_name="Benchmark")
        whole = time.perf_counter() - started
    return {
        "due": len(due["cases"]), "dry_run_ms": _ms(dry_run), "statistics_ms": _ms(stats_time),
        "anonymised": len(times), "rows": rows, "per_case_median_ms": _ms(statistics.median(times)) if times else None,
        "per_case_max_ms": _ms(max(times)) if times else None, "wal_truncate_ms": _ms(wal), "wal_truncated": truncated,
        "statistics_equal": True,
        "export": {"rows": sum(len(p["rows"]) for p in found.data["parts"]), "audit_lines": len(found.data["audit"]),
                   "collect_ms": _ms(collect), "json_and_pdf_ms": _ms(whole), "json_bytes": len(json_bytes),
                   "pdf_bytes": len(pdf)},
    }


if __name__ == "__main__":
    main()
