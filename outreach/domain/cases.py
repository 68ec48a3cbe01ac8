"""Cases (households at risk): stages, sources, outcomes, key dates, urgency, duplicates.

Plain Python: the web layer reads rows, this module decides what they mean.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date

from .deadlines import CaseKeyDates, Deadline, collect_deadlines, schonfrist_available

# Later stages are more urgent (one city: > 50 % kept while a suit is pending, < 20 % once
# eviction has started): the rank sorts the caseload after the nearest deadline.
STAGES = ("arrears", "termination", "eviction_suit", "eviction_title", "eviction_date")
SOURCES = ("housing_company", "court_notice", "jobcenter_sozialamt", "self", "other")
OUTCOMES = ("flat_kept", "moved_other_flat", "emergency_accommodation", "precarious",
            "moved_away_no_contact", "help_refused")
CONTACT_KINDS = ("visit_nobody_home", "letter", "call", "reached")
TERMINATION_TYPES = ("without_notice", "ordinary", "without_notice_and_ordinary_in_alternative")

# Key dates a case records. per_member: recorded once per tenant (service of the suit).
KEY_DATE_KINDS = {
    "termination_received": {"per_member": True},
    "suit_served": {"per_member": True},
    "earlier_healed_termination": {"per_member": False},
    "claim_served": {"per_member": False},
    "default_judgment_served": {"per_member": False},
    "hearing": {"per_member": False},
    "settlement_moving_date": {"per_member": False},
    "raeumungsfrist_end": {"per_member": False},
    "judgment_final": {"per_member": False},
    "eviction_date": {"per_member": False},
    "authority_application": {"per_member": False},
    "authority_decision": {"per_member": False},
    "energy_cut_warning": {"per_member": False},
    "energy_cut_announced": {"per_member": False},
}


@dataclass(frozen=True)
class KeyDate:
    kind: str
    on_date: date
    member_id: str | None = None
    detail: str = ""
    done: bool = False  # dealt with (the hearing was held, the defence filed): its deadlines stop


@dataclass(frozen=True)
class ContactAttempt:
    kind: str
    on_date: date


def key_dates_for_engine(report_received_on: date, key_dates: list[KeyDate], attempts: list[ContactAttempt],
                         tenancy_start: date | None) -> CaseKeyDates:
    """Translate a case's recorded dates into the deadline engine's input."""

    def latest(kind: str) -> date | None:
        found = [k.on_date for k in key_dates if k.kind == kind]
        return max(found) if found else None

    terminations = [k for k in key_dates if k.kind == "termination_received"]
    ordinary = [k.on_date for k in terminations if k.detail in ("ordinary", "without_notice_and_ordinary_in_alternative")]
    # § 569(3) Nr. 2 BGB heals only a termination without notice for arrears: with only ordinary
    # terminations on record there is no Schonfrist to count down (an unknown kind counts as possible).
    schonfrist_possible = not terminations or any(k.detail != "ordinary" for k in terminations)
    reached = [a.on_date for a in attempts if a.kind == "reached"]
    return CaseKeyDates(
        report_received_on=report_received_on,
        contact_attempts=tuple(sorted(a.on_date for a in attempts)),
        reached_on=min(reached) if reached else None,
        termination_received_on=max(k.on_date for k in terminations) if terminations else None,
        earlier_healed_termination_on=latest("earlier_healed_termination"),
        suit_served_on=tuple(sorted(k.on_date for k in key_dates if k.kind == "suit_served"))
        if schonfrist_possible else (),
        claim_served_on=latest("claim_served"),
        default_judgment_served_on=latest("default_judgment_served"),
        settlement_moving_date=latest("settlement_moving_date"),
        ordinary_termination_received_on=max(ordinary) if ordinary else None,
        tenancy_start=tenancy_start,
        hearing_on=latest("hearing"),
        raeumungsfrist_ends_on=latest("raeumungsfrist_end"),
        eviction_on=latest("eviction_date"),
        energy_threat_received_on=latest("energy_cut_warning"),
        energy_announcement_received_on=latest("energy_cut_announced"),
    )


# The key date each derived deadline comes from: once every key date of that kind is marked done,
# its deadlines stop showing (a passed hearing no longer stays overdue for ever).
DEADLINE_SOURCE = {
    "schonfrist_end": "suit_served",
    "defence_notice": "claim_served",
    "einspruch": "default_judgment_served",
    "settlement_raeumungsfrist_request": "settlement_moving_date",
    "ordinary_termination_effective": "termination_received",
    "hearing_raeumungsfrist_request": "hearing",
    "raeumungsfrist_extension_request": "raeumungsfrist_end",
    "eviction_protection_request": "eviction_date",
    "raeumungstermin": "eviction_date",
    "energy_cut_earliest": "energy_cut_warning",
}


def case_deadlines(report_received_on: date, key_dates: list[KeyDate], attempts: list[ContactAttempt],
                   tenancy_start: date | None, today: date, state: str) -> list[Deadline]:
    deadlines = collect_deadlines(key_dates_for_engine(report_received_on, key_dates, attempts, tenancy_start),
                                  today, state)
    kinds_done = {k.kind for k in key_dates if k.done} - {k.kind for k in key_dates if not k.done}
    return [d for d in deadlines if DEADLINE_SOURCE.get(d.code) not in kinds_done]


def urgency_key(deadlines: list[Deadline], stage: str, dates_conflict: bool = False) -> tuple:
    """Sort key for the caseload: dates that contradict each other first (someone must look),
    then the nearest deadline, then the later stage, then cases without deadlines."""
    nearest = date.min if dates_conflict else deadlines[0].due_on if deadlines else date.max
    return (nearest, -STAGES.index(stage))


def schonfrist_excluded(key_dates: list[KeyDate]) -> bool:
    """A suit was served but § 569(3) Nr. 2 S. 2 BGB excludes healing (earlier healed termination
    within two years of the current one)."""
    engine = key_dates_for_engine(date.min, key_dates, [], None)
    if not engine.suit_served_on or engine.earlier_healed_termination_on is None:
        return False
    current = engine.termination_received_on or max(engine.suit_served_on)
    try:
        return not schonfrist_available(current, engine.earlier_healed_termination_on)
    except ValueError:
        return False  # contradictory dates are reported separately


def alternative_ordinary_termination(key_dates: list[KeyDate]) -> bool:
    """A Schonfrist payment does not heal an ordinary termination given in the alternative
    (BGH VIII ZR 231/17): the case page must say so."""
    return any(k.kind == "termination_received" and k.detail == "without_notice_and_ordinary_in_alternative"
               for k in key_dates)


def key_date_problem(kind: str, on_date: date, existing: list[KeyDate]) -> str | None:
    """Why a new key date contradicts the recorded ones (a typo would break the deadlines)."""
    terminations = [k.on_date for k in existing if k.kind == "termination_received"]
    healed = [k.on_date for k in existing if k.kind == "earlier_healed_termination"]
    if kind == "earlier_healed_termination" and terminations and on_date >= max(terminations):
        return "healed_not_before_termination"
    if kind == "termination_received" and healed and on_date <= max(healed):
        return "healed_not_before_termination"
    return None


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.casefold())
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = text.replace("ß", "ss")
    return re.sub(r"[^a-z0-9]+", " ", text).strip()


def address_key(street: str, postcode: str) -> str:
    """Street and postcode folded so "Bahnhofstr. 3" and "Bahnhofstraße 3" compare equal."""
    street = _fold(street).replace("strasse", "str").replace(" ", "")
    return f"{postcode.strip()}|{street}"


def name_key(name: str) -> str:
    """A name folded and order-free: "Müller, Anna" equals "anna mueller"."""
    folded = _fold(name.replace("ä", "ae").replace("ö", "oe").replace("ü", "ue")
                   .replace("Ä", "Ae").replace("Ö", "Oe").replace("Ü", "Ue"))
    return " ".join(sorted(folded.split()))


def case_number(year: int, sequence: int) -> str:
    return f"{year}-{sequence:04d}"
