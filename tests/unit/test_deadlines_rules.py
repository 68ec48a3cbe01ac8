"""Dated rule data: lookup by date, drafts never apply."""

from datetime import date

import pytest

from outreach.domain.rules import (
    RULES,
    RuleNotFound,
    RuleVersion,
    drafts,
    rule_on,
    rule_value,
)


def test_schonfrist_does_not_heal_ordinary_termination_today():
    assert rule_value("schonfrist_heals_ordinary_termination", date(2026, 2, 15)) is False


def test_draft_reform_is_recorded_but_never_applied():
    (draft,) = drafts("schonfrist_heals_ordinary_termination")
    assert draft.value is True and not draft.enacted
    assert rule_value("schonfrist_heals_ordinary_termination", date(9999, 12, 31)) is False


def test_an_enacted_reform_applies_from_its_date_evaluated_at_termination():
    reform_day = date(2027, 1, 1)
    rules = (
        RuleVersion("heals", False, date(2001, 9, 1), date(2026, 12, 31), "old"),
        RuleVersion("heals", True, reform_day, None, "new"),
    )
    assert rule_value("heals", date(2026, 12, 31), rules) is False
    assert rule_value("heals", reform_day, rules) is True


def test_energy_rules_switch_on_1_december_2021():
    assert rule_value("energy_cut_announcement_werktage", date(2021, 11, 30)) == 3
    assert rule_value("energy_cut_announcement_werktage", date(2021, 12, 1)) == 8


def test_missing_rule_raises():
    with pytest.raises(RuleNotFound):
        rule_on("schonfrist_months", date(2000, 1, 1))


def test_no_two_enacted_versions_overlap():
    keys = {rule.key for rule in RULES}
    probe_days = [date(y, m, 1) for y in range(2001, 2031) for m in (1, 6, 12)] + [
        date(2021, 11, 30), date(2021, 12, 1)]
    for key in keys:
        for day in probe_days:
            in_force = [r for r in RULES if r.key == key and r.applies_on(day)]
            assert len(in_force) <= 1, (key, day)


def test_unverified_rules_are_marked():
    assert rule_on("schonfrist_starts_at_service_on", date(2026, 1, 1)).verified is False
