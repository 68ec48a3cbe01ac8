"""Lighthouse (mobile preset, Debian's Chromium) on the start page, the caseload and a case page of
the demo site: performance ≥ 95, accessibility 100, best practices 100, LCP ≤ 1.5 s (median of
three runs). tests/quality/lighthouse.py; figures in docs/benchmarks.md."""

from __future__ import annotations

import json

import pytest

from tests.quality import lighthouse
from tests.quality import site as demo


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    running = demo.start(tmp_path_factory.mktemp("lighthouse"))
    yield running
    running.close()


@pytest.mark.timeout(900)
def test_lighthouse_scores_and_lcp_hold_on_the_start_page_the_caseload_and_a_case_page(site):
    results = lighthouse.measure(site)
    assert set(results) == {"start", "caseload", "case"}
    assert all(result["final_url"].startswith(site.url) for result in results.values())
    assert "/signin" not in results["case"]["final_url"]  # signed in: the case page itself was measured
    assert lighthouse.below_threshold(results) == [], json.dumps(results, indent=1)
