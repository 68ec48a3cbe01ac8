"""Case rules in the domain core: duplicate keys, key dates → deadline engine, urgency."""

from __future__ import annotations

from datetime import date

from outreach.domain.cases import (
    ContactAttempt,
    KeyDate,
    address_key,
    case_deadlines,
    key_date_problem,
    key_dates_for_engine,
    name_key,
    schonfrist_excluded,
    urgency_key,
)

TODAY = date(2026, 11, 25)


def test_address_key_folds_street_spellings():
    assert address_key("Bahnhofstr. 3", "01968") == address_key("Bahnhofstraße 3 ", "01968")
    assert address_key("Bahnhofstr. 3", "01968") != address_key("Bahnhofstr. 3", "01979")
    assert address_key("Bahnhofstr. 3", "01968") != address_key("Bahnhofstr. 31", "01968")


def test_name_key_ignores_order_case_and_umlaut_spelling():
    assert name_key("Müller, Anna") == name_key("anna mueller") == name_key("ANNA  MÜLLER")
    assert name_key("Anna Müller") != name_key("Anne Müller")


def test_suit_served_on_the_last_of_two_tenants_drives_the_schonfrist():
    dates = [KeyDate("suit_served", date(2026, 10, 1), "a"), KeyDate("suit_served", date(2026, 10, 9), "b")]
    engine = key_dates_for_engine(date(2026, 9, 1), dates, [], None)
    assert engine.suit_served_on == (date(2026, 10, 1), date(2026, 10, 9))
    deadline = next(d for d in case_deadlines(date(2026, 9, 1), dates, [], None, TODAY, "BB") if d.code == "schonfrist_end")
    assert deadline.due_on == date(2026, 12, 9)  # two months from the last service (a Wednesday)


def test_ordinary_termination_gives_its_effective_date_and_no_schonfrist():
    dates = [KeyDate("termination_received", date(2026, 11, 2), None, "ordinary"),
             KeyDate("suit_served", date(2026, 11, 10), None)]
    codes = {d.code for d in case_deadlines(date(2026, 11, 1), dates, [], date(2015, 1, 1), TODAY, "BB")}
    assert "ordinary_termination_effective" in codes and "schonfrist_end" not in codes


def test_unknown_termination_kind_keeps_the_schonfrist():
    dates = [KeyDate("termination_received", date(2026, 11, 2), None, ""), KeyDate("suit_served", date(2026, 11, 10))]
    assert "schonfrist_end" in {d.code for d in case_deadlines(date(2026, 11, 1), dates, [], None, TODAY, "BB")}


def test_reached_contact_ends_the_first_contact_deadline():
    attempts = [ContactAttempt("letter", date(2026, 10, 1))]
    report = date(2026, 9, 1)
    assert "first_contact_due" in {d.code for d in case_deadlines(report, [], attempts, None, TODAY, "BB")}
    attempts.append(ContactAttempt("reached", date(2026, 11, 20)))
    assert "first_contact_due" not in {d.code for d in case_deadlines(report, [], attempts, None, TODAY, "BB")}


def test_schonfrist_excluded_by_an_earlier_healed_termination():
    dates = [KeyDate("termination_received", date(2026, 10, 1), None, "without_notice"),
             KeyDate("earlier_healed_termination", date(2025, 3, 1)), KeyDate("suit_served", date(2026, 10, 20))]
    assert schonfrist_excluded(dates)
    dates[1] = KeyDate("earlier_healed_termination", date(2024, 9, 1))  # more than two years before
    assert not schonfrist_excluded(dates)


def test_key_date_problem_catches_a_healed_termination_after_the_current_one():
    existing = [KeyDate("termination_received", date(2026, 10, 1))]
    assert key_date_problem("earlier_healed_termination", date(2026, 10, 5), existing)
    assert key_date_problem("earlier_healed_termination", date(2025, 10, 5), existing) is None


def test_urgency_puts_contradictions_first_then_nearest_deadline_then_later_stage():
    from outreach.domain.deadlines import Deadline

    soon = [Deadline("x", date(2026, 12, 1), "", "", "", None)]
    later = [Deadline("x", date(2027, 1, 1), "", "", "", None)]
    keys = {
        "broken": urgency_key([], "arrears", dates_conflict=True),
        "soon": urgency_key(soon, "arrears"),
        "later_eviction": urgency_key(later, "eviction_date"),
        "later_arrears": urgency_key(later, "arrears"),
        "none": urgency_key([], "eviction_date"),
    }
    assert sorted(keys, key=keys.get) == ["broken", "soon", "later_eviction", "later_arrears", "none"]
