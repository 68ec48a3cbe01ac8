"""The shown figures as rows (figure, category, value, unit): one shape for the page's tables and
every export. A hidden value is None and reads "< 3" (or "< 5" on a partner's page)."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _

from ..cases import outcome_labels
from ..cases.labels import OUTCOMES, SOURCES, STAGES
from ..domain import statistics as stats
from . import definitions
from .figures import Figures

UNITS = {"cases": ("Fälle", "cases"), "days": ("Tage", "days"), "euros": ("Euro", "euros"),
         "percent": ("%", "%"), "hours": ("Stunden", "hours"), "count": ("Anzahl", "number")}
SUMMARY_UNITS = {"days_to_first_contact": "days", "days_to_first_home_visit": "days", "arrears_at_intake": "euros"}
EFFORT_UNITS = {"contact_attempts": "count", "home_visits": "count", "home_visit_attempts": "count", "notes": "count",
                "hours": "hours", "travel_hours": "hours", "cases_with_effort": "cases",
                "hours_per_case_and_month": "hours"}


@dataclass(frozen=True)
class Row:
    figure: str
    figure_name: str
    category: str
    category_label: str
    value: int | float | None
    unit: str
    hidden: bool = False


def category_labels(key: str) -> dict:
    found = {"new_cases_by_source": SOURCES, "outcomes": OUTCOMES, "tools": outcome_labels.TOOLS,
             "causes": outcome_labels.CAUSES, "onward_referrals": outcome_labels.ONWARD_SERVICES,
             "schonfrist_used": outcome_labels.YES_NO,
             "stage_at_first_contact": {**STAGES, "not_reached": _("not reached")},
             "new_cases_by_partner": {"none": _("not referred by a partner")},
             "shelter_requests": {"placed": _("place given"), "refused": _("refused"), "waiting": _("no answer yet")},
             }.get(key)
    if found is None and key in outcome_labels.DETAIL_VALUES:
        found = outcome_labels.DETAIL_VALUES[key]
    return found or {}


def part_labels() -> dict:
    return {"median": _("median"), "p90": _("90th percentile"), "cases": _("cases"), "reached": _("reached"),
            "prevented": _("prevented"), "with_eviction_date": _("with an eviction date"), "percent": _("share"),
            "due": _("due"), "percent_standing": _("share standing"), "open": _("not yet recorded"),
            "total": _("total"), "contact_attempts": _("contact attempts"), "home_visits": _("home visits"),
            "home_visit_attempts": _("home visit attempts, nobody home"), "notes": _("visit notes"),
            "hours": _("hours"), "travel_hours": _("of which travel"), "cases_with_effort": _("cases with effort"),
            "hours_per_case_and_month": _("professional hours per case and month"),
            **{code: str(label) for code, label in outcome_labels.FOLLOW_UP_RESULTS.items()}}


def rows(figures: Figures, locale: str) -> list[Row]:
    """Every shown figure as rows, in the order of the page."""
    parts = part_labels()
    unit = lambda code: UNITS[code][0 if locale == "de" else 1]  # noqa: E731
    found: list[Row] = []
    for _section, _names, keys in definitions.SECTIONS:
        for key in keys:
            if key not in figures.values:
                continue
            value, title = figures.values[key], definitions.name(key, locale)

            def add(category: str, label: str, number, unit_code: str, hidden: bool = True) -> None:
                """`hidden`: a None here was suppressed (else there was nothing to count: "–")."""
                found.append(Row(key, title, category, str(label), number, unit(unit_code), hidden and number is None))

            if isinstance(value, stats.Distribution):
                labels = category_labels(key)
                for cell in value.cells:
                    add(cell.code, labels.get(cell.code, cell.code), cell.count, "cases", cell.suppressed)
                add("total", parts["total"], value.total, "cases", value.total_suppressed)
            elif key in ("reach_rate", "evictions_prevented"):
                whole = value["cases" if key == "reach_rate" else "with_eviction_date"]
                for part, number in value.items():
                    add(part, parts[part], number, "percent" if part == "percent" else "cases", whole != 0)
            elif key in SUMMARY_UNITS:
                for part, number in value.items():
                    add(part, parts[part], number, "cases" if part == "cases" else SUMMARY_UNITS[key],
                        value["cases"] != 0)
            elif key == "tenancies_standing":
                for months, item in value.items():
                    prefix = _("after %(n)s months", n=months)
                    for cell in item["results"].cells:
                        add(f"{months}.{cell.code}", f"{prefix}: {parts.get(cell.code, cell.code)}", cell.count, "cases",
                            cell.suppressed)
                    add(f"{months}.due", f"{prefix}: {parts['due']}", item["due"], "cases")
                    add(f"{months}.percent_standing", f"{prefix}: {parts['percent_standing']}", item["percent_standing"],
                        "percent", item["due"] != 0)
            elif key == "effort":
                for part, number in value.items():
                    add(part, parts[part], number, EFFORT_UNITS[part], value["cases_with_effort"] != 0)
            else:
                add("", "", value, "cases")
    return found


def number_text(value, locale: str, small: int = stats.SMALL, hidden: bool = True) -> str:
    """German decimal comma in German; a hidden value as "< 3", nothing to count as "–"."""
    if value is None:
        return f"< {small}" if hidden else "–"
    if isinstance(value, float):
        text = f"{value:.2f}".rstrip("0").rstrip(".") if value != int(value) else str(int(value))
        return text.replace(".", ",") if locale == "de" else text
    return str(value)
