"""Medians, percentiles and the suppression of small numbers (expected values written by hand)."""

from __future__ import annotations

from datetime import date

import pytest

from outreach.domain import statistics as stats


def test_median_and_nearest_rank_percentile():
    assert stats.median([]) is None and stats.percentile([], 0.9) is None
    assert stats.median([5, 1, 3]) == 3 and stats.median([1, 3, 4, 20]) == 3.5
    assert stats.percentile([1, 3, 4, 20], 0.9) == 20  # rank ceil(3.6) = 4
    assert stats.percentile(list(range(1, 11)), 0.9) == 9  # rank 9 of 10
    assert stats.percentile([7], 0.9) == 7
    assert stats.rate(1, 3) == 33.3 and stats.rate(0, 0) is None


def shown(dist):
    return {c.code: (c.count, c.reason) for c in dist.cells}


def test_primary_suppression_hides_ones_and_twos_but_not_zeros():
    dist = stats.suppress(stats.distribution({"a": 10, "b": 2, "c": 0, "d": 1}, ("a", "b", "c", "d"), 13))
    assert shown(dist) == {"a": (10, ""), "b": (None, "small"), "c": (0, ""), "d": (None, "small")}
    assert dist.total == 13  # two hidden cells: the total tells only their sum (3), not either


def test_a_single_hidden_cell_hides_the_next_smallest_as_well():
    dist = stats.suppress(stats.distribution({"a": 10, "b": 4, "c": 2, "d": 6}, ("a", "b", "c", "d"), 22))
    assert shown(dist) == {"a": (10, ""), "b": (None, "secondary"), "c": (None, "small"), "d": (6, "")}
    assert dist.total == 22 and not dist.total_suppressed


def test_where_no_other_cell_can_be_hidden_the_total_is():
    dist = stats.suppress(stats.distribution({"a": 1, "b": 0}, ("a", "b"), 1))
    assert dist.total is None and dist.total_suppressed
    dist = stats.suppress(stats.distribution({"a": 2, "b": 0}, ("a", "b"), 2))
    assert shown(dist)["a"] == (None, "small") and dist.total_suppressed


def test_cells_of_a_multiple_choice_are_not_worked_out_from_the_total():
    dist = stats.suppress(stats.distribution({"a": 10, "b": 1}, ("a", "b"), 10, partition=False))
    assert shown(dist) == {"a": (10, ""), "b": (None, "small")} and dist.total == 10


def test_partners_see_cells_under_five_hidden():
    dist = stats.suppress(stats.distribution({"a": 4, "b": 5, "c": 7}, ("a", "b", "c"), 16), stats.PARTNER_SMALL)
    assert shown(dist) == {"a": (None, "small"), "b": (None, "secondary"), "c": (7, "")}


@pytest.mark.parametrize("value, expected", [(None, None), (0, 0), (1, None), (2, None), (3, 3)])
def test_a_single_count(value, expected):
    assert stats.shown_count(value) == expected


def test_months_a_period_touches():
    assert stats.months_between(date(2026, 1, 1), date(2026, 12, 31)) == 12
    assert stats.months_between(date(2026, 12, 31), date(2027, 1, 1)) == 2
    assert stats.in_period("2026-12-31", date(2026, 1, 1), date(2026, 12, 31))
    assert not stats.in_period("2027-01-01", date(2026, 1, 1), date(2026, 12, 31))
