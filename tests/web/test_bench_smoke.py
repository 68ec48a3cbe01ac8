"""A short smoke run of the sync benchmark, so the script keeps working (numbers: docs/benchmarks.md)."""

from __future__ import annotations

from tests.benchmarks.sync_bench import concurrent_devices


def test_concurrent_devices_smoke(tmp_path):
    result = concurrent_devices(str(tmp_path), devices=3, per_device=2)
    assert result["errors"] == 0 and result["rows"] == result["expected_rows"] == 6


def test_the_budget_benchmark_plan_is_valid_and_evaluates():
    from tests.benchmarks.budget_bench import python_evaluate

    assert python_evaluate()["python_evaluate_ms_median"] > 0
