"""When a case file is due and when erasure must wait (outreach/domain/retention.py)."""

from __future__ import annotations

from datetime import date

from outreach.domain import retention


def test_three_years_after_the_end_of_the_closing_year():
    assert retention.retention_ends(date(2026, 1, 2), 3) == date(2030, 1, 1)
    assert retention.retention_ends(date(2026, 12, 31), 3) == date(2030, 1, 1)
    # the SQL bound agrees: on 2030-01-01 the cases closed in 2026 are due, not those of 2027
    assert retention.closed_before(date(2030, 1, 1), 3) == "2027-01-01"
    assert retention.closed_before(date(2029, 12, 31), 3) == "2026-01-01"


def test_a_hold_is_in_force_through_its_day_unless_ended():
    assert retention.hold_in_force("2027-03-01", None, date(2027, 3, 1))
    assert not retention.hold_in_force("2027-03-01", None, date(2027, 3, 2))
    assert not retention.hold_in_force("2027-03-01", "2026-12-01T10:00:00.000000Z", date(2026, 12, 2))


def test_erasure_waits_while_the_case_is_still_needed():
    assert retention.erasure_refusals(anonymised=False, status="closed", holds=0, placements_running=0) == []
    assert retention.erasure_refusals(anonymised=False, status="open", holds=1, placements_running=1) == [
        "open", "legal_hold", "placement_running"]
    assert retention.erasure_refusals(anonymised=True, status="closed", holds=0, placements_running=0) == ["anonymised"]
