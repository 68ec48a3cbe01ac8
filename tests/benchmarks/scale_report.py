"""Every figure of the scale issue (18) from one run, each beside its target:

    .venv/bin/python -m tests.benchmarks.scale_report big_centre.sqlite3 [--runs 20] [--copy-runs 3]

Builds the tenth-year centre first when the file does not exist (tests/benchmarks/big_centre.py,
about five minutes), then runs on it, one after another: the offline copy on slow 4G in Chromium
(offline_copy_bench, median of --copy-runs fresh phones), the hot pages' server time
(pages_bench, median of --runs), and the sync benchmarks (sync_bench: apply vs insert_all,
50 devices × 20 with kept and with new connections, 200 × 20). Prints one JSON line per
measurement and, last, a table of each figure against its target (docs/benchmarks.md).
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import sqlite3
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.benchmarks import big_centre, pages_bench, sync_bench  # noqa: E402

# Pages the issue names, for a worker with 100 cases and a supervisor whose team holds 1,000.
PAGE_TARGET_MS = 100
PAGES = ("GET /cases", "GET /cases/<id>", "GET /deadlines", "POST /cases/search", "GET /intake",
         "GET /approvals", "GET /admin/audit")


def header() -> dict:
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True).stdout
    return {"date": datetime.date.today().isoformat(), "commit": commit.strip(), "cores": os.cpu_count(),
            "python": sys.version.split()[0], "sqlite": sqlite3.sqlite_version}


def offline_copy(path: Path, runs: int) -> dict:
    from playwright.sync_api import sync_playwright

    from tests.benchmarks.offline_copy_bench import one_run

    measured = []
    with sync_playwright() as playwright:
        for _ in range(runs):
            measured.append(one_run(path, playwright))
            print("offline_copy_run", json.dumps(measured[-1]), flush=True)
    return {key: statistics.median(run[key] for run in measured)
            for key in measured[0] if isinstance(measured[0][key], (int, float))}


def checks(copy: dict, pages: dict, sync: dict) -> list[tuple[str, str, str, bool]]:
    rows = [
        ("caseload of 100 ready offline, slow 4G", "≤ 10 s", f"{copy['ready_seconds']} s", copy["ready_seconds"] <= 10),
        ("first copy on the wire per case", "≤ 10 kB", f"{copy['copy_bytes_per_case'] / 1000:.1f} kB",
         copy["copy_bytes_per_case"] <= 10_000),
        ("stored per case", "≤ 25 kB", f"{copy['stored_bytes_per_case'] / 1000:.1f} kB",
         copy["stored_bytes_per_case"] <= 25_000),
        ("refresh with nothing changed, 100 cases", "≤ 20 kB", f"{copy['refresh_bytes'] / 1000:.1f} kB",
         copy["refresh_bytes"] <= 20_000),
    ]
    ratio = sync["apply_vs_insert_all"]["ratio"]
    rows.append(("apply through /sync vs insert_all of the same rows", "≤ 10×", f"{ratio}×", ratio <= 10))
    for name, target in (("concurrent_50x20", 250), ("concurrent_50x20_new_connections", 250)):
        run = sync[name]
        exact = run["errors"] == 0 and run["rows"] == run["expected_rows"]
        rows.append((f"{name}: p99, errors, rows", f"≤ {target} ms, 0, exact",
                     f"{run['p99_ms']} ms, {run['errors']}, {run['rows']}/{run['expected_rows']}",
                     exact and run["p99_ms"] <= target))
    run = sync["concurrent_200x20_new_connections"]
    rows.append(("concurrent_200x20: errors, rows (p99 recorded)", "0, exact",
                 f"{run['errors']}, {run['rows']}/{run['expected_rows']} (p99 {run['p99_ms']} ms)",
                 run["errors"] == 0 and run["rows"] == run["expected_rows"]))
    for key, page in sorted(pages["pages"].items()):
        _who, method_url = key.split(" ", 1)
        if method_url.split("?")[0] in PAGES:
            rows.append((key, f"≤ {PAGE_TARGET_MS} ms median", f"{page['median_ms']} ms",
                         page["median_ms"] <= PAGE_TARGET_MS and page["status"] == 200))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("path", type=Path)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--copy-runs", type=int, default=3)
    arguments = parser.parse_args()
    print("run", json.dumps(header()), flush=True)
    if not arguments.path.exists():
        print("built", json.dumps(big_centre.build(arguments.path)), flush=True)
    copy = offline_copy(arguments.path, arguments.copy_runs)
    print("offline_copy_median", json.dumps(copy), flush=True)
    pages = pages_bench.measure(arguments.path, arguments.runs)
    for key, page in pages["pages"].items():
        print("page", json.dumps({"page": key, **page}), flush=True)
    sync = {}
    with tempfile.TemporaryDirectory() as tmp:
        for name, bench in sync_bench.RUNS:
            sync[name] = bench(tmp)
            print(name, json.dumps(sync[name]), flush=True)
    print("\n| figure | target | measured | met |\n|---|---|---|---|")
    for figure, target, measured, met in checks(copy, pages, sync):
        print(f"| {figure} | {target} | {measured} | {'yes' if met else '**no**'} |")


if __name__ == "__main__":
    main()
