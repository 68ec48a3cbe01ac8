"""Emergency accommodation and the city's federal return (DOMAIN.md, WoBerichtsG), Flask-free.

A shelter request goes to the city when an eviction date is set and no authority has committed
to pay; the city answers with a place and a date or a refusal. Placements the city records feed
its yearly return on the people it accommodates on the reference date, 31 January: one row per
person, no names, exactly the features the law lists (DOMAIN.md "WoBerichtsG"; the kinds of
accommodation and the providers in the law's letters and words).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

MAX_HOUSEHOLD = 12
MAX_NEEDS = 1000
# Art der Überlassung and Überlassung durch, with the law's letters and words (DOMAIN.md).
ACCOMMODATION_KINDS = {
    "short_term": "a) kurzfristige Hilfeangebote wie Notunterkünfte oder Übernachtungsstellen",
    "part_residential": "b) teilstationär", "residential": "c) stationär", "other": "d) sonstige"}
PROVIDERS = {"supra_local": "a) überörtlicher Träger der Sozialhilfe", "municipality": "b) Gemeinden oder Gemeindeverbände",
             "welfare": "c) freie Träger", "commercial": "d) gewerbliche Anbieter", "other": "e) sonstige Stellen"}
WELFARE_ASSOCIATIONS = {"awo": "AWO", "caritas": "Caritas", "drk": "DRK", "paritaetischer": "Paritätischer",
                        "diakonie": "Diakonie", "zwst": "ZWST", "other": "sonstiger freier Träger"}
SEXES = {"male": "männlich", "female": "weiblich", "diverse": "divers", "not_stated": "ohne Angabe"}
HOUSEHOLD_TYPES = {"single": "Alleinstehend", "single_parent": "Alleinerziehend",
                   "couple_without_children": "Paar ohne Kind(er)", "couple_with_children": "Paar mit Kind(ern)",
                   "other": "Sonstiger Mehrpersonenhaushalt"}
# The return's columns in the order of the law's features (§ 4 as DOMAIN.md numbers them).
RETURN_COLUMNS = ("Geschlecht", "Lebensalter zum Stichtag", "Staatsangehörigkeit", "Haushaltstyp", "Haushaltsgröße",
                  "Art der Überlassung", "Überlassung durch", "Freier Träger (Verband)",
                  "Datum des Beginns der Überlassung", "Gemeindeschlüssel")
_MUNICIPALITY_KEY = re.compile(r"\d{8}")
_NATIONALITY = re.compile(r"[^\W\d_]+(?:[ \-][^\W\d_]+)*")
_BIRTH_MONTH = re.compile(r"(\d{4})-(\d{2})")


class AccommodationError(ValueError):
    """Refusal with a stable code (the web layer words it in the person's language)."""

    def __init__(self, field: str, code: str):
        super().__init__(f"{field}: {code}")
        self.field, self.code = field, code


def reference_date(year: int) -> date:
    """The return's reference date (Stichtag): 31 January of the year."""
    return date(year, 1, 31)


def latest_reference_date(today: date) -> date:
    """The most recent reference date on or before today (the return the city prepares now)."""
    return reference_date(today.year if today >= reference_date(today.year) else today.year - 1)


def shelter_possible(eviction_on: date | None, committed: bool) -> bool:
    """A shelter request is for a household whose eviction is set and whom no commitment saves."""
    return eviction_on is not None and not committed


def birth_month(text: str, today: date) -> str:
    """A birth month "YYYY-MM" (all the return needs: on 31 January every birthday in January has
    passed and none later in the year has, so month and year give the exact age)."""
    found = _BIRTH_MONTH.fullmatch((text or "").strip())
    if not found or not 1 <= int(found[2]) <= 12:
        raise AccommodationError("birth_month", "invalid")
    year, month = int(found[1]), int(found[2])
    if (year, month) > (today.year, today.month) or year < today.year - 120:
        raise AccommodationError("birth_month", "out_of_range")
    return f"{year:04d}-{month:02d}"


def age_on_reference_date(birth: str, year: int) -> int:
    """Age in completed years on 31 January of `year` for someone born in month `birth` ("YYYY-MM")."""
    born_year, born_month = int(birth[:4]), int(birth[5:7])
    return year - born_year - (0 if born_month == 1 else 1)


def nationality(text: str) -> str:
    """A nationality as words ("deutsch", "syrisch", "staatenlos", "ungeklärt"); no digits or signs."""
    value = " ".join((text or "").split())
    if not value or len(value) > 60 or not _NATIONALITY.fullmatch(value):
        raise AccommodationError("nationality", "invalid")
    return value


def municipality_key(text: str) -> str:
    """The eight-digit official municipality key (Amtlicher Gemeindeschlüssel)."""
    value = (text or "").strip().replace(" ", "")
    if not _MUNICIPALITY_KEY.fullmatch(value):
        raise AccommodationError("municipality_key", "invalid")
    return value


def accommodated_on(begins_on: date, ends_on: date | None, day: date) -> bool:
    """Housed on `day`: placed on or before it and not yet left (the day of leaving is not counted)."""
    return begins_on <= day and (ends_on is None or ends_on > day)


@dataclass(frozen=True)
class Placement:
    id: str
    begins_on: date
    ends_on: date | None
    accommodation_kind: str
    provider: str
    association: str
    municipality_key: str
    household_type: str
    household_size: int


@dataclass(frozen=True)
class PlacedPerson:
    placement_id: str
    sex: str
    birth_month: str
    nationality: str


@dataclass(frozen=True)
class ReturnCheck:
    placements: int  # placements on the reference date (the placements list)
    people_placed: int  # the household sizes they record
    rows: int  # the return's rows: people with their features recorded
    incomplete: tuple[str, ...]  # placements whose people's features are not all recorded

    @property
    def matches(self) -> bool:
        return self.rows == self.people_placed and not self.incomplete


def return_rows(placements: list[Placement], people: list[PlacedPerson], year: int) -> tuple[list[tuple], ReturnCheck]:
    """The return for 31 January of `year`: one row per person placed on that day (in the order of
    the placements' start), and the check of its count against the placements list."""
    day = reference_date(year)
    housed = sorted((p for p in placements if accommodated_on(p.begins_on, p.ends_on, day)),
                    key=lambda p: (p.begins_on, p.id))
    by_placement: dict[str, list[PlacedPerson]] = {}
    for person in people:
        by_placement.setdefault(person.placement_id, []).append(person)
    rows: list[tuple] = []
    incomplete = []
    for placement in housed:
        persons = by_placement.get(placement.id, [])
        if len(persons) != placement.household_size:
            incomplete.append(placement.id)
        for person in persons:
            rows.append((SEXES[person.sex], age_on_reference_date(person.birth_month, year), person.nationality,
                         HOUSEHOLD_TYPES[placement.household_type], placement.household_size,
                         ACCOMMODATION_KINDS[placement.accommodation_kind], PROVIDERS[placement.provider],
                         WELFARE_ASSOCIATIONS.get(placement.association, "") if placement.provider == "welfare" else "",
                         placement.begins_on.strftime("%d.%m.%Y"), placement.municipality_key))
    check = ReturnCheck(placements=len(housed), people_placed=sum(p.household_size for p in housed), rows=len(rows),
                        incomplete=tuple(incomplete))
    return rows, check
