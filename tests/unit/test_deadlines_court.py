"""ZPO dates in eviction proceedings: § 222 ZPO applied to every court period."""

from datetime import date

from outreach.domain.deadlines import (
    check_bailiff_notice,
    defence_notice_deadline,
    einspruch_deadline,
    eviction_protection_deadline,
    raeumungsfrist_extension_deadline,
    raeumungsfrist_limit,
    settlement_raeumungsfrist_deadline,
    settlement_raeumungsfrist_limit,
)


def test_defence_notice_two_weeks_then_section_222():
    assert defence_notice_deadline(date(2026, 3, 10), "BB") == date(2026, 3, 24)
    # Fri 20 Mar + 2 weeks = Good Friday 3 Apr → Tuesday 7 Apr.
    assert defence_notice_deadline(date(2026, 3, 20), "BB") == date(2026, 4, 7)


def test_einspruch_ending_on_saturday_holiday_moves_past_christmas():
    # Sat 12 Dec + 2 weeks = Sat 26 Dec (2nd Christmas day) → Mon 28 Dec.
    assert einspruch_deadline(date(2026, 12, 12), "BB") == date(2026, 12, 28)


def test_saturday_alone_extends_a_zpo_period():
    # Sat 7 Mar + 2 weeks = Sat 21 Mar → Mon 23 Mar (§ 222(2) ZPO names Saturday).
    assert einspruch_deadline(date(2026, 3, 7), "BB") == date(2026, 3, 23)


def test_settlement_raeumungsfrist_application_two_weeks_before_moving_date():
    deadline = settlement_raeumungsfrist_deadline(date(2026, 6, 30), "BB")
    assert deadline.file_by == date(2026, 6, 15)  # Tue 30 Jun − 15 days = Mon 15 Jun
    assert deadline.latest_arguable == date(2026, 6, 16)


def test_lg_berlin_2020_saturday_end_extended_to_monday():
    # Moving date Sat 29 Feb 2020 → two weeks back = Sat 15 Feb → Mon 17 Feb accepted.
    deadline = settlement_raeumungsfrist_deadline(date(2020, 2, 29), "BE")
    assert deadline.latest_arguable == date(2020, 2, 17)
    assert deadline.file_by == date(2020, 2, 14)


def test_settlement_limit_counts_from_later_moving_date():
    assert settlement_raeumungsfrist_limit(date(2026, 3, 15), date(2026, 3, 15)) \
        == date(2027, 3, 15)
    assert settlement_raeumungsfrist_limit(date(2026, 3, 15), date(2026, 5, 31)) \
        == date(2027, 5, 31)


def test_raeumungsfrist_extension_before_expiry():
    deadline = raeumungsfrist_extension_deadline(date(2026, 9, 30), "BB")
    assert deadline.file_by == date(2026, 9, 16)


def test_raeumungsfrist_limit_one_year_from_final_judgment():
    assert raeumungsfrist_limit(date(2026, 2, 28)) == date(2027, 2, 28)
    assert raeumungsfrist_limit(date(2026, 2, 28), date(2026, 6, 30)) == date(2027, 6, 30)


def test_eviction_protection_application():
    deadline = eviction_protection_deadline(date(2026, 6, 24), "BB")
    assert deadline.file_by == date(2026, 6, 9)
    assert deadline.latest_arguable == date(2026, 6, 10)
    assert deadline.legal_source == "§ 765a(3) ZPO"


def test_bailiff_notice_needs_three_full_weeks_in_between():
    # LG Baden-Baden 4 T 31/18: served Fri 22 Jun 2018, eviction Fri 13 Jul 2018.
    check = check_bailiff_notice(date(2018, 6, 22), date(2018, 7, 13), "BW")
    assert check.earliest_lawful_eviction == date(2018, 7, 14)
    assert not check.notice_period_kept
    assert not check.protection_deadline_passed_at_notice
    assert check_bailiff_notice(date(2018, 6, 22), date(2018, 7, 16), "BW").notice_period_kept


def test_bailiff_notice_too_late_for_section_765a():
    check = check_bailiff_notice(date(2026, 6, 15), date(2026, 6, 24), "BB")
    assert not check.notice_period_kept
    assert check.protection_deadline_passed_at_notice
