"""A short smoke run of the sync benchmark, so the script keeps working (numbers: docs/benchmarks.md)."""

from __future__ import annotations

from tests.benchmarks.sync_bench import concurrent_devices


def test_concurrent_devices_smoke(tmp_path):
    """Loose thresholds on a busy CI machine; the figures themselves: docs/benchmarks.md."""
    for keep_alive in (True, False):
        result = concurrent_devices(str(tmp_path), devices=5, per_device=4, keep_alive=keep_alive)
        assert result["errors"] == 0 and result["rows"] == result["expected_rows"] == 20
        assert result["p99_ms"] < 2_000, result


def test_applying_through_sync_stays_within_a_loose_multiple_of_raw_inserts(tmp_path):
    from tests.benchmarks.sync_bench import apply_ratio

    result = apply_ratio(str(tmp_path))
    assert result["raw_rows"] == {"visit_note": 1000, "note_revision": 1000, "sync_mutation": 1000, "audit_log": 1000}
    assert result["ratio"] < 25, result  # 7–9× on the standard machine


def test_the_budget_benchmark_plan_is_valid_and_evaluates():
    from tests.benchmarks.budget_bench import python_evaluate

    assert python_evaluate()["python_evaluate_ms_median"] > 0


def test_the_tenth_year_generator_and_page_benchmark_work_on_a_small_centre(tmp_path):
    """The scale scripts of issue 18 on 120 cases (each worker gets some); every page answers."""
    from tests.benchmarks.big_centre import build
    from tests.benchmarks.pages_bench import measure

    built = build(tmp_path / "centre.sqlite3", cases=120, notes_per_case=2, waiting_referrals=5)
    assert built["rejected"] == 0 and built["rows"]["consent_record"] == 120 and built["rows"]["referral"] == 5
    measured = measure(tmp_path / "centre.sqlite3", runs=2)
    assert {page["status"] for page in measured["pages"].values()} == {200}
    assert all(page["statements"] > 0 for page in measured["pages"].values())
    assert all(page["median_ms"] < 500 for page in measured["pages"].values()), measured  # loose: 100 ms on 10,000


def test_the_scale_report_flags_every_missed_target():
    from tests.benchmarks.scale_report import checks

    copy = {"ready_seconds": 5.6, "copy_bytes_per_case": 2500, "stored_bytes_per_case": 18100, "refresh_bytes": 2200}
    run = {"errors": 0, "rows": 1000, "expected_rows": 1000, "p99_ms": 180.0}
    sync = {"apply_vs_insert_all": {"ratio": 7.6}, "concurrent_50x20": run, "concurrent_50x20_new_connections": run,
            "concurrent_200x20_new_connections": {**run, "rows": 4000, "expected_rows": 4000, "p99_ms": 4000.0}}
    pages = {"pages": {"worker GET /cases": {"median_ms": 20.0, "status": 200},
                       "supervisor GET /intake": {"median_ms": 19.0, "status": 200},
                       "worker GET /sync/caseload": {"median_ms": 300.0, "status": 200}}}  # not a target page
    rows = checks(copy, pages, sync)
    assert all(met for *_rest, met in rows) and len(rows) == 10
    slow = {**pages, "pages": {**pages["pages"], "supervisor GET /intake": {"median_ms": 101.0, "status": 200}}}
    late = {**sync, "concurrent_50x20": {**run, "p99_ms": 251.0}}
    lost = {**sync, "concurrent_200x20_new_connections": {**run, "rows": 3999, "expected_rows": 4000}}
    for arguments in ((copy, slow, sync), (copy, pages, late), (copy, pages, lost),
                      ({**copy, "stored_bytes_per_case": 25_001}, pages, sync)):
        assert [figure for figure, _t, _m, met in checks(*arguments) if not met] != []


def test_the_statistics_benchmark_works_on_a_small_centre(tmp_path):
    """Issue 19's script on 120 cases: endings are added, `outreach stats` and the page answer."""
    from tests.benchmarks.big_centre import build
    from tests.benchmarks.stats_bench import add_a_year_of_endings, time_cli, time_page

    path = tmp_path / "centre.sqlite3"
    build(path, cases=120, notes_per_case=2, waiting_referrals=0)
    prepared = add_a_year_of_endings(path)
    assert prepared["closed"] > 40 and prepared["rows"]["case_closure"] == prepared["closed"]
    assert time_cli(path, 1, "json")["bytes"] > 1000
    assert time_page(path, 1)["bytes"] > 10_000


def test_the_notification_benchmark_works_on_a_small_centre(tmp_path):
    """"For you" pages answer and the sender's rounds run: the first tells, the next ones are quiet."""
    from tests.benchmarks.big_centre import build
    from tests.benchmarks.notify_bench import measure

    build(tmp_path / "centre.sqlite3", cases=120, notes_per_case=2, waiting_referrals=5)
    measured = measure(tmp_path / "centre.sqlite3", runs=2)
    assert {page["status"] for page in measured["pages"].values()} == {200}
    assert measured["sender"]["first_round"]["sent"] > 0 and measured["sender"]["first_round"]["failed"] == 0


def test_the_privacy_benchmark_works_on_a_small_centre(tmp_path):
    """Issue 23's script on 120 cases: due files are anonymised, the statistics stay, an export is made."""
    from tests.benchmarks.big_centre import build
    from tests.benchmarks.privacy_bench import measure

    build(tmp_path / "centre.sqlite3", cases=120, notes_per_case=2, waiting_referrals=0)
    measured = measure(tmp_path / "centre.sqlite3", cases=10)
    assert measured["due"] > 20 and measured["anonymised"] == 10 and measured["statistics_equal"]
    assert measured["export"]["rows"] > 5 and measured["export"]["pdf_bytes"] > 1000
