"""Human names (German first) for the domain's codes."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_babel import ngettext

from ..i18n import current_locale
from . import outcome_labels

STAGES = {
    "arrears": _l("Rent arrears only"),
    "termination": _l("Termination received"),
    "eviction_suit": _l("Eviction suit pending"),
    "eviction_title": _l("Eviction order"),
    "eviction_date": _l("Eviction date set"),
}
SOURCES = {
    "housing_company": _l("Housing company"),
    "court_notice": _l("Court notice (MiZi)"),
    "jobcenter_sozialamt": _l("Jobcenter / Sozialamt"),
    "self": _l("Self-referral"),
    "other": _l("Other"),
}
OUTCOMES = {
    "flat_kept": _l("Flat kept"),
    "moved_other_flat": _l("Moved to another flat"),
    "emergency_accommodation": _l("Emergency accommodation"),
    "precarious": _l("Precarious / unknown"),
    "moved_away_no_contact": _l("Moved away / no contact"),
    "help_refused": _l("Help refused"),
}
CONTACT_KINDS = {
    "visit_nobody_home": _l("Home visit – nobody home"),
    "letter": _l("Letter"),
    "call": _l("Phone call"),
    "reached": _l("Reached in person"),
}
KEY_DATES = {
    "termination_received": _l("Termination received"),
    "suit_served": _l("Eviction suit served"),
    "earlier_healed_termination": _l("Earlier termination healed by Schonfrist payment"),
    "claim_served": _l("Statement of claim served"),
    "default_judgment_served": _l("Default judgment served"),
    "hearing": _l("Court hearing"),
    "settlement_moving_date": _l("Moving date agreed in court settlement"),
    "raeumungsfrist_end": _l("End of Räumungsfrist"),
    "judgment_final": _l("Judgment final"),
    "eviction_date": _l("Eviction date (Räumungstermin)"),
    "authority_application": _l("Application to Jobcenter / Sozialamt"),
    "authority_decision": _l("Decision of Jobcenter / Sozialamt"),
    "energy_cut_warning": _l("Energy cut threatened"),
    "energy_cut_announced": _l("Energy cut announced"),
}
TERMINATION_TYPES = {
    "without_notice": _l("without notice"),
    "ordinary": _l("ordinary"),
    "without_notice_and_ordinary_in_alternative": _l("without notice, ordinary in the alternative"),
}
VISIT_KINDS = {
    "home_visit": _l("Home visit"),
    "office": _l("Talk at the centre"),
    "phone": _l("Phone call"),
    "attempt_nobody_home": _l("Attempt – nobody home"),
}
NOTE_STATUSES = {
    "draft": _l("Draft"),
    "submitted": _l("Submitted for approval"),
    "returned": _l("Returned"),
    "approved": _l("Approved"),
}
ALERTS = {
    "overdue": _l("Overdue"),
    "within_1_week": _l("Within 1 week"),
    "within_3_weeks": _l("Within 3 weeks"),
    "within_6_weeks": _l("Within 6 weeks"),
}


def deadline_label(deadline) -> str:
    return deadline.label_de if current_locale() == "de" else deadline.label_en


def countdown(days: int) -> str:
    if days < 0:
        return ngettext("overdue by %(num)d day", "overdue by %(num)d days", -days)
    if days == 0:
        return str(_l("today"))
    return ngettext("in %(num)d day", "in %(num)d days", days)


def template_globals() -> dict:
    return {"STAGES": STAGES, "SOURCES": SOURCES, "OUTCOMES": OUTCOMES, "CONTACT_KINDS": CONTACT_KINDS,
            "KEY_DATES": KEY_DATES, "VISIT_KINDS": VISIT_KINDS, "NOTE_STATUSES": NOTE_STATUSES, "TERMINATION_TYPES": TERMINATION_TYPES, "ALERTS": ALERTS,
            "deadline_label": deadline_label, "countdown": countdown, **outcome_labels.template_globals()}
