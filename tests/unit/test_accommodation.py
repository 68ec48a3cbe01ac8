"""Emergency accommodation and the federal return (domain/accommodation.py): ages on 31 January
worked out by hand, who counts as housed on the reference date, the count check."""

from __future__ import annotations

from datetime import date

import pytest

from outreach.domain import accommodation as rules
from outreach.domain.accommodation import AccommodationError, PlacedPerson, Placement


def placement(pid="p1", begins=date(2026, 1, 6), ends=None, size=1, provider="municipality", association=""):
    return Placement(pid, begins, ends, "short_term", provider, association, "12066304", "single", size)


@pytest.mark.parametrize("today, expected", [
    (date(2026, 12, 3), date(2026, 1, 31)),
    (date(2026, 1, 31), date(2026, 1, 31)),  # on the day itself: this year's
    (date(2026, 1, 30), date(2025, 1, 31)),
])
def test_latest_reference_date(today, expected):
    assert rules.latest_reference_date(today) == expected


@pytest.mark.parametrize("born, year, age", [
    ("1990-01", 2026, 36),  # born in January: the birthday has passed by the 31st, whatever the day
    ("1990-02", 2026, 35),  # born in February: not yet
    ("1990-12", 2026, 35),
    ("2025-12", 2026, 0),
    ("2026-01", 2026, 0),
])
def test_age_on_reference_date_by_hand(born, year, age):
    assert rules.age_on_reference_date(born, year) == age


def test_birth_month_is_checked():
    today = date(2026, 12, 3)
    assert rules.birth_month(" 1990-04 ", today) == "1990-04"
    for bad in ("1990-13", "1990-00", "04/1990", "", "1990", "2027-01", "1890-01", "1990-4"):
        with pytest.raises(AccommodationError):
            rules.birth_month(bad, today)


def test_nationality_is_words_only():
    assert rules.nationality("  deutsch ") == "deutsch"
    assert rules.nationality("bosnisch-herzegowinisch") == "bosnisch-herzegowinisch"
    assert rules.nationality("ungeklärt") == "ungeklärt"
    for bad in ("", "=HYPERLINK(1)", "+49", "x" * 61, "deutsch;polnisch", "@home", "12"):
        with pytest.raises(AccommodationError):
            rules.nationality(bad)


def test_municipality_key_has_eight_digits():
    assert rules.municipality_key("12 066 304") == "12066304"
    for bad in ("1206630", "120663041", "12O66304", ""):
        with pytest.raises(AccommodationError):
            rules.municipality_key(bad)


@pytest.mark.parametrize("begins, ends, housed", [
    (date(2026, 1, 31), None, True),  # placed on the day itself
    (date(2026, 2, 1), None, False),  # placed the day after
    (date(2025, 6, 1), date(2026, 1, 31), False),  # left on the day: not housed that night
    (date(2025, 6, 1), date(2026, 2, 1), True),  # left the day after
])
def test_housed_on_the_reference_date(begins, ends, housed):
    assert rules.accommodated_on(begins, ends, date(2026, 1, 31)) is housed


def test_shelter_request_needs_an_eviction_date_and_no_commitment():
    assert rules.shelter_possible(date(2027, 1, 5), committed=False)
    assert not rules.shelter_possible(None, committed=False)
    assert not rules.shelter_possible(date(2027, 1, 5), committed=True)


def test_return_has_one_row_per_person_with_exactly_the_features():
    family = Placement("p1", date(2026, 1, 6), None, "short_term", "welfare", "caritas", "12066304",
                       "couple_with_children", 3)
    left_before = placement("p2", begins=date(2025, 10, 1), ends=date(2026, 1, 20))
    later = placement("p3", begins=date(2026, 2, 2))
    people = [PlacedPerson("p1", "male", "1991-07", "deutsch"), PlacedPerson("p1", "female", "1994-01", "polnisch"),
              PlacedPerson("p1", "male", "2019-09", "deutsch"), PlacedPerson("p2", "male", "1970-05", "deutsch"),
              PlacedPerson("p3", "female", "1980-05", "deutsch")]
    rows, check = rules.return_rows([later, left_before, family], people, 2026)
    assert [len(r) for r in rows] == [len(rules.RETURN_COLUMNS)] * 3
    assert rows[0] == ("männlich", 34, "deutsch", "Paar mit Kind(ern)", 3,
                       "a) kurzfristige Hilfeangebote wie Notunterkünfte oder Übernachtungsstellen", "c) freie Träger",
                       "Caritas", "06.01.2026", "12066304")
    assert [r[1] for r in rows] == [34, 32, 6]  # born Jan 1994: already 32 on 31 Jan 2026
    assert check.placements == 1 and check.people_placed == 3 and check.rows == 3 and check.matches


def test_count_check_names_a_placement_whose_people_are_missing():
    rows, check = rules.return_rows([placement("p1", size=2), placement("p2")],
                                    [PlacedPerson("p1", "male", "1980-03", "deutsch"),
                                     PlacedPerson("p2", "female", "1985-03", "syrisch")], 2026)
    assert len(rows) == 2 and check.people_placed == 3 and check.incomplete == ("p1",) and not check.matches


def test_association_only_for_a_welfare_provider():
    rows, _check = rules.return_rows([placement(provider="commercial", association="caritas")],
                                     [PlacedPerson("p1", "male", "1980-03", "deutsch")], 2026)
    assert rows[0][6:8] == ("d) gewerbliche Anbieter", "")
