"""First-contact standard, alert levels and the sorted deadline list of a case."""

from datetime import date

import pytest

from outreach.domain.deadlines import (
    CaseKeyDates,
    FirstContactStandard,
    classify_alert,
    collect_deadlines,
    first_contact_status,
)

REPORT = date(2026, 3, 2)


def test_first_contact_met_with_three_attempts_in_four_weeks():
    status = first_contact_status(
        REPORT, [date(2026, 3, 3), date(2026, 3, 10), date(2026, 3, 30)], date(2026, 4, 1))
    assert status.state == "met"
    assert status.due_on == date(2026, 3, 30)
    assert status.met_on == date(2026, 3, 30)


def test_first_contact_attempt_after_window_does_not_count():
    status = first_contact_status(
        REPORT, [date(2026, 3, 3), date(2026, 3, 10), date(2026, 3, 31)], date(2026, 4, 1))
    assert status.state == "lapsed"
    assert status.attempts_counted == 2


def test_first_contact_pending_until_due_day():
    status = first_contact_status(REPORT, [date(2026, 3, 3)], date(2026, 3, 30))
    assert status.state == "pending" and status.met_on is None


def test_reaching_the_tenant_meets_the_standard():
    status = first_contact_status(REPORT, [date(2026, 3, 3)], date(2026, 4, 20),
                                  reached_on=date(2026, 3, 5))
    assert status.state == "met" and status.met_on == date(2026, 3, 5)


def test_first_contact_standard_is_configurable():
    standard = FirstContactStandard(attempts=2, within_days=14)
    status = first_contact_status(REPORT, [date(2026, 3, 3), date(2026, 3, 16)],
                                  date(2026, 3, 20), standard)
    assert status.state == "met" and status.due_on == date(2026, 3, 16)


@pytest.mark.parametrize(
    ("due_on", "level"),
    [
        (date(2026, 3, 9), "overdue"),
        (date(2026, 3, 10), "within_1_week"),  # today is still in time
        (date(2026, 3, 17), "within_1_week"),
        (date(2026, 3, 18), "within_3_weeks"),
        (date(2026, 3, 31), "within_3_weeks"),
        (date(2026, 4, 1), "within_6_weeks"),
        (date(2026, 4, 21), "within_6_weeks"),
        (date(2026, 4, 22), None),
    ],
)
def test_classify_alert(due_on, level):
    assert classify_alert(due_on, date(2026, 3, 10)) == level


def test_collect_deadlines_sorted_with_codes_labels_and_sources():
    case = CaseKeyDates(
        report_received_on=date(2026, 2, 2),
        termination_received_on=date(2026, 1, 5),
        suit_served_on=(date(2026, 2, 10), date(2026, 2, 3)),
        claim_served_on=date(2026, 2, 10),
        eviction_on=date(2026, 6, 24),
        energy_threat_received_on=date(2026, 3, 2),
    )
    deadlines = collect_deadlines(case, today=date(2026, 2, 20), state="BB")
    assert [(d.code, d.due_on) for d in deadlines] == [
        ("defence_notice", date(2026, 2, 24)),
        ("first_contact_due", date(2026, 3, 2)),
        ("energy_cut_earliest", date(2026, 3, 31)),
        ("schonfrist_end", date(2026, 4, 10)),
        ("eviction_protection_request", date(2026, 6, 9)),
        ("raeumungstermin", date(2026, 6, 24)),
    ]
    first = deadlines[0]
    assert first.alert == "within_1_week"
    assert first.label_de == "Verteidigungsanzeige"
    assert first.label_en == "Notice of defence"
    assert first.legal_source == "§ 276(1) S. 1 ZPO"
    assert deadlines[-1].alert is None


def test_collect_leaves_out_unavailable_schonfrist_and_met_first_contact():
    case = CaseKeyDates(
        report_received_on=date(2026, 2, 2),
        reached_on=date(2026, 2, 4),
        termination_received_on=date(2026, 1, 5),
        earlier_healed_termination_on=date(2024, 6, 1),
        suit_served_on=(date(2026, 2, 10),),
    )
    assert collect_deadlines(case, today=date(2026, 2, 20)) == []


def test_collect_covers_every_key_date():
    case = CaseKeyDates(
        default_judgment_served_on=date(2026, 3, 2),
        settlement_moving_date=date(2026, 6, 30),
        ordinary_termination_received_on=date(2026, 1, 5),
        tenancy_start=date(2024, 1, 1),
        hearing_on=date(2026, 4, 15),
        raeumungsfrist_ends_on=date(2026, 9, 30),
    )
    codes = {d.code: d.due_on for d in collect_deadlines(case, today=date(2026, 3, 1))}
    assert codes == {
        "einspruch": date(2026, 3, 16),
        "settlement_raeumungsfrist_request": date(2026, 6, 15),
        "ordinary_termination_effective": date(2026, 3, 31),
        "hearing_raeumungsfrist_request": date(2026, 4, 15),
        "raeumungsfrist_extension_request": date(2026, 9, 16),
    }
