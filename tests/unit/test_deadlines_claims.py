"""Claims to the authorities: filing month, deemed receipt, appeal deadlines and the commitment
against the Schonfrist — each date worked out by hand (calendar, Brandenburg holidays)."""

from __future__ import annotations

from datetime import date

import pytest

from outreach.domain.deadlines.claims import (
    appeal_deadline,
    commitment_check,
    deemed_receipt,
    filing_hint,
    needs_interim_order,
    receipt,
)


@pytest.mark.parametrize("kind, today, file_by, starts", [
    ("wohngeld", date(2026, 12, 6), date(2026, 12, 31), date(2027, 1, 1)),  # 31 Dec 2026 is a Thursday
    ("wohngeld", date(2026, 5, 20), date(2026, 5, 29), date(2026, 6, 1)),  # 31 May is a Sunday, 30 a Saturday
    ("sgb2_basic_income", date(2026, 1, 15), date(2026, 1, 30), date(2026, 2, 1)),  # 31 Jan is a Saturday
    ("sgb2_basic_income", date(2026, 5, 31), date(2026, 5, 31), date(2026, 6, 1)),  # today, a Sunday: posting counts
    ("wohngeld", date(2028, 2, 10), date(2028, 2, 29), date(2028, 3, 1)),  # leap year, a Tuesday
])
def test_a_claim_that_counts_from_its_filing_month_is_filed_within_it(kind, today, file_by, starts):
    hint = filing_hint(kind, today)
    assert (hint.file_by, hint.month_starts) == (file_by, starts)


@pytest.mark.parametrize("kind", ["sgb12_help", "rent_arrears_takeover", "kinderzuschlag", "other"])
def test_other_claims_have_no_filing_month_hint(kind):
    assert filing_hint(kind, date(2026, 12, 28)) is None


@pytest.mark.parametrize("sent_on, sent_by, received", [
    (date(2026, 2, 27), "post", date(2026, 3, 3)),  # Friday + 4 days: Tuesday
    (date(2026, 12, 23), "post", date(2026, 12, 27)),  # lands on a Sunday and stays there (social law)
    (date(2026, 12, 21), "post", date(2026, 12, 25)),  # Christmas Day, not moved either
    (date(2024, 12, 30), "post", date(2025, 1, 2)),  # posted before 2025: the old third day
    (date(2025, 1, 1), "electronic", date(2025, 1, 5)),
    (date(2026, 3, 2), "in_person", date(2026, 3, 2)),
])
def test_deemed_receipt(sent_on, sent_by, received):
    assert deemed_receipt(sent_on, sent_by) == received


def test_a_later_actual_receipt_wins_an_earlier_one_does_not():
    assert receipt(date(2026, 3, 2), "post") == date(2026, 3, 6)
    assert receipt(date(2026, 3, 2), "post", date(2026, 3, 10)) == date(2026, 3, 10)
    assert receipt(date(2026, 3, 2), "post", date(2026, 3, 4)) == date(2026, 3, 6)
    with pytest.raises(ValueError):
        deemed_receipt(date(2026, 3, 2), "pigeon")


@pytest.mark.parametrize("received, correct, state, ends", [
    (date(2007, 9, 29), True, "BB", date(2007, 10, 29)),  # DOMAIN.md's example: Saturday → Monday 29.10.
    (date(2026, 1, 31), True, "BB", date(2026, 3, 2)),  # 28 Feb 2026 is a Saturday → Monday 2 March
    (date(2026, 3, 6), True, "BB", date(2026, 4, 7)),  # 6 April 2026 is Easter Monday
    (date(2026, 12, 27), True, "BB", date(2027, 1, 27)),  # received on a Sunday: the count starts anyway
    (date(2026, 3, 6), False, "BB", date(2027, 3, 8)),  # no instructions: a year; 6 March 2027 is a Saturday
    (date(2028, 10, 31), False, "BB", date(2029, 11, 1)),  # 31 Oct 2029, Reformation Day in Brandenburg
    (date(2028, 10, 31), False, "BY", date(2029, 10, 31)),  # … a working day in Bavaria
])
def test_appeal_deadlines(received, correct, state, ends):
    assert appeal_deadline(received, correct, state) == ends


def test_a_refusal_while_the_schonfrist_runs_needs_an_interim_order():
    assert needs_interim_order("refused", date(2026, 3, 1), date(2026, 3, 2))
    assert needs_interim_order("refused", date(2026, 3, 2), date(2026, 3, 2))
    assert not needs_interim_order("refused", date(2026, 3, 3), date(2026, 3, 2))
    assert not needs_interim_order("granted", date(2026, 3, 1), date(2026, 3, 2))
    assert not needs_interim_order("refused", date(2026, 3, 1), None)


def test_a_commitment_in_time_too_small_too_late_or_not_yet_with_the_landlord():
    ends = date(2026, 3, 2)
    assert commitment_check(committed_cents=250_000, needed_cents=250_000, reached_landlord_on=ends,
                            schonfrist_ends_on=ends).state == "in_time"
    small = commitment_check(committed_cents=200_000, needed_cents=250_000, reached_landlord_on=date(2026, 2, 20),
                             schonfrist_ends_on=ends)
    assert (small.state, small.shortfall_cents) == ("too_small", 50_000)
    late = commitment_check(committed_cents=250_000, needed_cents=250_000, reached_landlord_on=date(2026, 3, 3),
                            schonfrist_ends_on=ends)
    assert late.state == "too_late"
    assert commitment_check(committed_cents=250_000, needed_cents=250_000, reached_landlord_on=None,
                            schonfrist_ends_on=ends).state == "not_reached_landlord"
