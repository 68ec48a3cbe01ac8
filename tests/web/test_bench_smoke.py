"""A short smoke run of the sync benchmark, so the script keeps working (numbers: docs/benchmarks.md)."""

from __future__ import annotations

from tests.benchmarks.sync_bench import concurrent_devices


def test_concurrent_devices_smoke(tmp_path):
    result = concurrent_devices(str(tmp_path), devices=3, per_device=2)
    assert result["errors"] == 0 and result["rows"] == result["expected_rows"] == 6


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
