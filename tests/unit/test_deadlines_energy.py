"""Energy cut (§ 19 StromGVV/GasGVV): threshold and earliest date."""

from datetime import date

import pytest

from outreach.domain.deadlines import earliest_cut, energy_cut_allowed

NOW = date(2026, 3, 2)


@pytest.mark.parametrize(
    ("arrears", "instalment", "annual", "allowed", "threshold", "basis"),
    [
        (16_000, 8_000, None, True, 16_000, "instalments"),  # exactly twice
        (15_999, 8_000, None, False, 16_000, "instalments"),
        (9_999, 4_000, None, False, 10_000, "instalments"),  # 100 € floor
        (10_000, 4_000, None, True, 10_000, "instalments"),
        (20_001, None, 120_001, True, 20_001, "annual_bill"),  # ceil(1200.01 € / 6)
        (20_000, None, 120_001, False, 20_001, "annual_bill"),
        (10_000, None, None, True, 10_000, "minimum"),
    ],
)
def test_energy_cut_threshold_since_2021(arrears, instalment, annual, allowed, threshold, basis):
    check = energy_cut_allowed(arrears, instalment, annual, NOW)
    assert (check.allowed, check.threshold_cents, check.basis) == (allowed, threshold, basis)


def test_annual_bill_is_used_only_without_instalments():
    check = energy_cut_allowed(20_000, 5_000, 240_000, NOW)
    assert check.basis == "instalments" and check.threshold_cents == 10_000


def test_before_december_2021_only_100_euro_counted():
    check = energy_cut_allowed(10_000, 8_000, None, date(2021, 11, 30))
    assert check.allowed and check.threshold_cents == 10_000


def test_earliest_cut_four_weeks_after_threat():
    window = earliest_cut(date(2026, 3, 2), None, "BB")
    assert window.threat_period_ends == date(2026, 3, 30)
    assert window.earliest_cut_on == date(2026, 3, 31)


def test_announcement_eight_werktage_over_easter():
    window = earliest_cut(date(2026, 3, 2), date(2026, 3, 27), "BB")
    assert window.announcement_period_ends == date(2026, 4, 8)
    assert window.earliest_cut_on == date(2026, 4, 9)


def test_early_announcement_does_not_shorten_the_four_weeks():
    window = earliest_cut(date(2026, 3, 2), date(2026, 3, 3), "BB")
    assert window.announcement_period_ends == date(2026, 3, 12)
    assert window.earliest_cut_on == date(2026, 3, 31)


def test_old_rule_three_werktage_for_announcements_before_december_2021():
    window = earliest_cut(date(2021, 10, 1), date(2021, 11, 25), "BB")
    assert window.announcement_period_ends == date(2021, 11, 29)  # Fri, Sat, Mon
