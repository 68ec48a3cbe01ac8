"""Alert levels and the sorted list of all derived deadlines of a case."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from outreach.domain.calendar import DEFAULT_STATE
from outreach.domain.deadlines import court, energy
from outreach.domain.deadlines.contact import FirstContactStandard, first_contact_status
from outreach.domain.deadlines.schonfrist import schonfrist_available, schonfrist_end
from outreach.domain.deadlines.tenancy import ordinary_termination_effective

ALERT_WINDOWS = (("within_1_week", 7), ("within_3_weeks", 21), ("within_6_weeks", 42))

# code: (German label, English label, legal source)
LABELS = {
    "first_contact_due": ("Erstkontakt-Standard fällig", "First contact standard due",
                          "Fachstandard der Beratungsstelle"),
    "schonfrist_end": ("Ende der Schonfrist", "End of the Schonfrist", "§ 569(3) Nr. 2 BGB"),
    "defence_notice": ("Verteidigungsanzeige", "Notice of defence", "§ 276(1) S. 1 ZPO"),
    "einspruch": ("Einspruch gegen Versäumnisurteil", "Objection to default judgment",
                  "§ 339(1) ZPO"),
    "settlement_raeumungsfrist_request": ("Antrag auf Räumungsfrist (Vergleich)",
                                          "Räumungsfrist application (settlement)",
                                          "§ 794a(1) S. 2 ZPO"),
    "ordinary_termination_effective": ("Ordentliche Kündigung wirksam zum",
                                       "Ordinary termination takes effect", "§ 573c(1) BGB"),
    "hearing_raeumungsfrist_request": ("Räumungsfrist bis Schluss der Verhandlung beantragen",
                                       "Ask for a Räumungsfrist before the hearing ends",
                                       "§ 721(1) ZPO"),
    "raeumungsfrist_extension_request": ("Verlängerung der Räumungsfrist beantragen",
                                         "Ask to extend the Räumungsfrist", "§ 721(3) S. 2 ZPO"),
    "eviction_protection_request": ("Vollstreckungsschutzantrag", "Hardship application",
                                    "§ 765a(3) ZPO"),
    "raeumungstermin": ("Räumungstermin", "Eviction date", "§ 885 ZPO; § 128 GVGA"),
    "energy_cut_earliest": ("Frühestmögliche Energiesperre", "Earliest possible energy cut",
                            "§ 19 StromGVV/GasGVV"),
}


def classify_alert(due_on: date, today: date) -> str | None:
    """Alert level of a deadline seen from ``today``, or None if far off.

    "overdue" once the day has passed; the deadline day itself is still
    "within_1_week" (there is still today).
    """
    days_left = (due_on - today).days
    if days_left < 0:
        return "overdue"
    for level, days in ALERT_WINDOWS:
        if days_left <= days:
            return level
    return None


@dataclass(frozen=True)
class Deadline:
    """One derived deadline: machine code, labels, legal source and alert level."""

    code: str
    due_on: date
    label_de: str
    label_en: str
    legal_source: str
    alert: str | None


@dataclass(frozen=True)
class CaseKeyDates:
    """The key dates of a case the deadline engine derives from (all optional)."""

    report_received_on: date | None = None
    contact_attempts: tuple[date, ...] = ()
    reached_on: date | None = None
    termination_received_on: date | None = None
    earlier_healed_termination_on: date | None = None
    suit_served_on: tuple[date, ...] = ()  # one date per tenant
    claim_served_on: date | None = None
    default_judgment_served_on: date | None = None
    settlement_moving_date: date | None = None
    ordinary_termination_received_on: date | None = None
    tenancy_start: date | None = None
    hearing_on: date | None = None
    raeumungsfrist_ends_on: date | None = None
    eviction_on: date | None = None
    energy_threat_received_on: date | None = None
    energy_announcement_received_on: date | None = None
    contact_standard: FirstContactStandard = field(default_factory=FirstContactStandard)


def _raw_deadlines(case: CaseKeyDates, today: date, state: str):
    """Yield (code, date) for every deadline the case's key dates give rise to."""
    if case.report_received_on:
        status = first_contact_status(case.report_received_on, case.contact_attempts, today,
                                      case.contact_standard, case.reached_on)
        if status.state != "met" and case.reached_on is None:  # once reached, nothing is left to chase
            yield "first_contact_due", status.due_on
    if case.suit_served_on and schonfrist_available(
        case.termination_received_on or max(case.suit_served_on),
        case.earlier_healed_termination_on,
    ):
        yield "schonfrist_end", schonfrist_end(
            case.suit_served_on, state, terminated_on=case.termination_received_on).ends_on
    if case.claim_served_on:
        yield "defence_notice", court.defence_notice_deadline(case.claim_served_on, state)
    if case.default_judgment_served_on:
        yield "einspruch", court.einspruch_deadline(case.default_judgment_served_on, state)
    if case.settlement_moving_date:
        yield "settlement_raeumungsfrist_request", court.settlement_raeumungsfrist_deadline(
            case.settlement_moving_date, state).file_by
    if case.ordinary_termination_received_on and case.tenancy_start:
        yield "ordinary_termination_effective", ordinary_termination_effective(
            case.ordinary_termination_received_on, case.tenancy_start, state)
    if case.hearing_on:
        yield "hearing_raeumungsfrist_request", case.hearing_on
    if case.raeumungsfrist_ends_on:
        yield "raeumungsfrist_extension_request", court.raeumungsfrist_extension_deadline(
            case.raeumungsfrist_ends_on, state).file_by
    if case.eviction_on:
        yield "eviction_protection_request", court.eviction_protection_deadline(
            case.eviction_on, state).file_by
        yield "raeumungstermin", case.eviction_on
    if case.energy_threat_received_on:
        yield "energy_cut_earliest", energy.earliest_cut(
            case.energy_threat_received_on, case.energy_announcement_received_on,
            state).earliest_cut_on


def collect_deadlines(
    case: CaseKeyDates, today: date, state: str = DEFAULT_STATE
) -> list[Deadline]:
    """All deadlines derived from a case's key dates, sorted by date then code.

    The Schonfrist end is left out when § 569(3) Nr. 2 S. 2 BGB excludes it
    (callers show "Schonfrist not available" from ``schonfrist_available``); the
    first-contact deadline is left out once the standard is met.
    """
    deadlines = []
    for code, due_on in _raw_deadlines(case, today, state):
        label_de, label_en, source = LABELS[code]
        deadlines.append(Deadline(code, due_on, label_de, label_en, source,
                                  classify_alert(due_on, today)))
    return sorted(deadlines, key=lambda deadline: (deadline.due_on, deadline.code))
