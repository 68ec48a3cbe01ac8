"""The funders' figures for a period and a team, read from the database in a few indexed queries
(docs/statistics.md defines each; its keys are the keys here). Reading only.

The result is plain data: counts, distributions (domain/statistics.Distribution) and summaries,
before suppression; `suppressed()` makes the version every page and export shows.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from ..domain import outcomes
from ..domain import statistics as stats
from ..domain.cases import OUTCOMES, SOURCES, STAGES

BATCH = 500
REACHED_NOTE_KINDS = ("home_visit", "office", "phone")
FOLLOW_UP_RESULTS = (*outcomes.FOLLOW_UP_RESULTS, "open")


@dataclass
class Figures:
    start: date
    end: date
    team_id: str | None
    values: dict = field(default_factory=dict)  # key -> int | float | None | Distribution | dict


def _chunks(ids: list[str]):
    for start in range(0, len(ids), BATCH):
        yield ids[start:start + BATCH]


def _marks(ids) -> str:
    return ",".join("?" * len(ids))


def _team(alias: str, team_id: str | None) -> tuple[str, list]:
    return (f" AND {alias}.team_id = ?", [team_id]) if team_id else ("", [])


def compute(db, start: date, end: date, team_id: str | None = None, *, follow_up_months=outcomes.FOLLOW_UP_MONTHS,
            ) -> Figures:
    figures = Figures(start, end, team_id)
    _intake(db, figures)
    _closings(db, figures)
    _repeats(db, figures)
    _follow_ups(db, figures, tuple(sorted(set(follow_up_months))))
    _effort(db, figures)
    return figures


def _intake(db, figures: Figures) -> None:
    where, params = _team("c", figures.team_id)
    cases = [dict(zip(("id", "source", "stage_at_first_contact", "report", "organisation_id", "organisation",
                       "referral_arrears"), row)) for row in db.execute(
        f"""SELECT c.id, c.source, c.stage_at_first_contact, c.report_received_on, r.organisation_id, o.name,
                   r.arrears_cents
            FROM household_case c LEFT JOIN referral r ON r.id = c.referral_id
            LEFT JOIN organisation o ON o.id = r.organisation_id
            WHERE c.report_received_on BETWEEN ? AND ?{where}""",
        [figures.start.isoformat(), figures.end.isoformat(), *params])]
    ids = [c["id"] for c in cases]
    reached, home_visit = first_contacts(db, ids)
    ledger_arrears = arrears_at_report(db, [c for c in cases if c["referral_arrears"] is None])
    v = figures.values
    v["new_cases"] = len(cases)
    v["new_cases_by_source"] = stats.distribution(Counter(c["source"] for c in cases), SOURCES, len(cases))
    partners = Counter(c["organisation"] or "none" for c in cases)
    names = tuple(sorted(name for name in partners if name != "none")) + ("none",)
    v["new_cases_by_partner"] = stats.distribution(partners, names, len(cases))
    v["stage_at_first_contact"] = stats.distribution(
        Counter(c["stage_at_first_contact"] or "not_reached" for c in cases), (*STAGES, "not_reached"), len(cases))
    reached_ids = [c for c in cases if c["id"] in reached]
    v["reach_rate"] = {"reached": len(reached_ids), "cases": len(cases), "percent": stats.rate(len(reached_ids), len(cases))}
    to_contact = [(reached[c["id"]] - date.fromisoformat(c["report"])).days for c in reached_ids]
    to_visit = [(home_visit[c["id"]] - date.fromisoformat(c["report"])).days for c in cases if c["id"] in home_visit]
    v["days_to_first_contact"] = _summary([max(d, 0) for d in to_contact])
    v["days_to_first_home_visit"] = _summary([max(d, 0) for d in to_visit])
    arrears = [c["referral_arrears"] if c["referral_arrears"] is not None else ledger_arrears.get(c["id"], 0)
               for c in cases]
    summary = _summary([a / 100 for a in arrears])
    v["arrears_at_intake"] = {"median": summary["median"], "cases": summary["cases"]}


def _summary(values: list[float]) -> dict:
    return {"median": stats.median(values), "p90": stats.percentile(values, 0.9), "cases": len(values)}


def first_contacts(db, ids: list[str]) -> tuple[dict[str, date], dict[str, date]]:
    """The day each case was first reached (a contact attempt "reached" or a note of a talk) and
    the day of its first home visit."""
    reached: dict[str, date] = {}
    home: dict[str, date] = {}

    def earlier(found: dict, case_id: str, day: str | None) -> None:
        if not day:
            return
        try:
            value = date.fromisoformat(day[:10])
        except ValueError:
            return
        if case_id not in found or value < found[case_id]:
            found[case_id] = value

    for chunk in _chunks(ids):
        for case_id, day in db.execute(f"SELECT case_id, min(on_date) FROM contact_attempt WHERE kind = 'reached' "
                                       f"AND case_id IN ({_marks(chunk)}) GROUP BY case_id", chunk):
            earlier(reached, case_id, day)
        for case_id, kind, day in db.execute(
                f"""SELECT n.case_id, json_extract(r.payload, '$.kind') AS kind,
                           min(substr(json_extract(r.payload, '$.visited_at'), 1, 10))
                    FROM visit_note n JOIN note_revision r ON r.id = n.current_revision_id
                    WHERE n.case_id IN ({_marks(chunk)}) GROUP BY n.case_id, kind""", chunk):
            if kind in REACHED_NOTE_KINDS:
                earlier(reached, case_id, day)
            if kind == "home_visit":
                earlier(home, case_id, day)
    return reached, home


def arrears_at_report(db, cases: list[dict]) -> dict[str, int]:
    """Open arrears in the ledger for the months up to the report's month (cases not referred by a
    partner, whose referral names the arrears)."""
    found: dict[str, int] = {}
    reports = {c["id"]: c["report"] for c in cases}
    for chunk in _chunks(list(reports)):
        for case_id, year, month, due, paid in db.execute(
                f"SELECT case_id, year, month, due_cents, paid_cents FROM arrears_month WHERE case_id IN ({_marks(chunk)})",
                chunk):
            if f"{year:04d}-{month:02d}" <= reports[case_id][:7]:
                found[case_id] = found.get(case_id, 0) + max(due - paid, 0)
    return found


def _closings(db, figures: Figures) -> None:
    where, params = _team("c", figures.team_id)
    rows = [dict(r) for r in db.query(
        f"""SELECT cl.* FROM case_closure cl JOIN household_case c ON c.id = cl.case_id
            WHERE cl.closed_on BETWEEN ? AND ?{where}""", [figures.start.isoformat(), figures.end.isoformat(), *params])]
    v, total = figures.values, len(rows)
    v["closed_cases"] = total
    v["outcomes"] = stats.distribution(Counter(r["outcome"] for r in rows), OUTCOMES, total)
    for key, field_name, order in (("tools", "tools", outcomes.TOOLS), ("causes", "causes", outcomes.CAUSES),
                                   ("onward_referrals", "onward_referrals", outcomes.ONWARD_SERVICES)):
        counts = Counter(code for r in rows for code in json.loads(r[field_name]))
        v[key] = stats.distribution(counts, order, total, partition=False)
    v["schonfrist_used"] = stats.distribution(Counter(r["schonfrist_used"] for r in rows), outcomes.SCHONFRIST_USED,
                                              total)
    with_date = [r for r in rows if r["eviction_date_set"] == "yes"]
    prevented = [r for r in with_date if r["outcome"] in outcomes.FOLLOWED_UP]
    v["evictions_prevented"] = {"prevented": len(prevented), "with_eviction_date": len(with_date),
                                "percent": stats.rate(len(prevented), len(with_date))}
    for name, order in outcomes.DEMOGRAPHICS.items():
        v[name] = stats.distribution(Counter(r[name] for r in rows), order, total)


def _repeats(db, figures: Figures) -> None:
    """Repeat cases: a closed case reopened (30 days or more after closing), or a new case at the
    address of a case closed before; counted within 12 and within 24 months of that closing."""
    where, params = _team("c", figures.team_id)
    span = [figures.start.isoformat(), figures.end.isoformat()]
    found: dict[str, tuple[date, date]] = {}  # case -> (earlier closing, new start)
    for case_id, closed_on, reopened_on in db.execute(
            f"""SELECT cl.case_id, cl.closed_on, cl.reopened_on FROM case_closure cl
                JOIN household_case c ON c.id = cl.case_id
                WHERE cl.reopened_on BETWEEN ? AND ? AND cl.is_repeat = 1{where}""", [*span, *params]):
        found[f"reopened:{case_id}:{reopened_on}"] = (date.fromisoformat(closed_on), date.fromisoformat(reopened_on))
    for case_id, report, closed_on in db.execute(
            f"""SELECT c.id, c.report_received_on, max(cl.closed_on) FROM household_case c
                JOIN household_case p ON p.address_key = c.address_key AND p.id != c.id
                JOIN case_closure cl ON cl.case_id = p.id AND cl.closed_on <= c.report_received_on
                WHERE c.report_received_on BETWEEN ? AND ? AND c.address_key != ''{where}
                GROUP BY c.id""", [*span, *params]):
        found[f"new:{case_id}"] = (date.fromisoformat(closed_on), date.fromisoformat(report))
    for months in (12, 24):
        figures.values[f"repeat_cases_{months}_months"] = sum(
            1 for closed, again in found.values() if again <= outcomes.add_months(closed, months))


def _follow_ups(db, figures: Figures, months: tuple[int, ...]) -> None:
    where, params = _team("c", figures.team_id)
    rows = db.execute(f"""SELECT f.months, f.status, f.result FROM follow_up f JOIN household_case c ON c.id = f.case_id
                          WHERE f.due_on BETWEEN ? AND ? AND f.status != 'cancelled'{where}""",
                      [figures.start.isoformat(), figures.end.isoformat(), *params]).fetchall()
    by_months = {}
    for m in sorted(set(months) | {r[0] for r in rows}):
        due = [(status, result) for months_after, status, result in rows if months_after == m]
        counts = Counter(result if status == "done" else "open" for status, result in due)
        by_months[m] = {"due": len(due), "results": stats.distribution(counts, FOLLOW_UP_RESULTS, len(due)),
                        "percent_standing": stats.rate(counts["stands"], len(due))}
    figures.values["tenancies_standing"] = by_months


def effort_rows(db, start: date, end: date, *, team_id: str | None = None, person_id: str | None = None) -> dict:
    """Contacts, visits, notes and minutes within the period, by case team or by the person who
    recorded them (a worker's own month)."""
    span = [start.isoformat(), end.isoformat()]
    where, params = _team("c", team_id)
    who_attempt, who_note = ("", []), ("", [])
    if person_id:
        who_attempt, who_note = (" AND a.recorded_by = ?", [person_id]), (" AND n.author_id = ?", [person_id])
    attempts = db.execute(
        f"""SELECT a.case_id, a.kind, coalesce(a.minutes, 0), coalesce(a.travel_minutes, 0)
            FROM contact_attempt a JOIN household_case c ON c.id = a.case_id
            WHERE a.on_date BETWEEN ? AND ?{where}{who_attempt[0]}""", [*span, *params, *who_attempt[1]]).fetchall()
    notes = db.execute(
        f"""SELECT n.case_id, json_extract(r.payload, '$.kind'), coalesce(json_extract(r.payload, '$.minutes'), 0),
                   coalesce(json_extract(r.payload, '$.travel_minutes'), 0)
            FROM visit_note n JOIN note_revision r ON r.id = n.current_revision_id
            JOIN household_case c ON c.id = n.case_id
            WHERE substr(json_extract(r.payload, '$.visited_at'), 1, 10) BETWEEN ? AND ?{where}{who_note[0]}""",
        [*span, *params, *who_note[1]]).fetchall()
    minutes = sum(int(r[2]) for r in attempts + notes)
    travel = sum(int(r[3]) for r in attempts + notes)
    cases = {r[0] for r in attempts + notes}
    months = stats.months_between(start, end)
    hours = (minutes + travel) / 60
    return {
        "contact_attempts": len(attempts),
        "home_visits": sum(1 for r in notes if r[1] == "home_visit"),
        "home_visit_attempts": sum(1 for r in attempts if r[1] == "visit_nobody_home")
        + sum(1 for r in notes if r[1] == "attempt_nobody_home"),
        "notes": len(notes),
        "hours": round(hours, 1),
        "travel_hours": round(travel / 60, 1),
        "cases_with_effort": len(cases),
        "hours_per_case_and_month": round(hours / len(cases) / months, 2) if cases else None,
    }


def _effort(db, figures: Figures) -> None:
    figures.values["effort"] = effort_rows(db, figures.start, figures.end, team_id=figures.team_id)


COUNTS = ("new_cases", "closed_cases", "repeat_cases_12_months", "repeat_cases_24_months")
SUMMARIES = ("days_to_first_contact", "days_to_first_home_visit", "arrears_at_intake")
RATES = {"reach_rate": ("reached", "cases"), "evictions_prevented": ("prevented", "with_eviction_date")}


def suppressed(figures: Figures, small: int = stats.SMALL) -> Figures:
    """What may be shown: every count from 1 to small−1 hidden, with the secondary cells and
    totals that would reveal it, and no median or share over fewer than `small` cases."""
    shown = Figures(figures.start, figures.end, figures.team_id)
    for key, value in figures.values.items():
        if isinstance(value, stats.Distribution):
            shown.values[key] = stats.suppress(value, small)
        elif key in COUNTS:
            shown.values[key] = stats.shown_count(value, small)
        elif key in SUMMARIES:
            hidden = stats.small_sample([None] * value["cases"], small)
            shown.values[key] = {name: (None if hidden and name != "cases" else number) for name, number in value.items()}
            shown.values[key]["cases"] = stats.shown_count(value["cases"], small)
        elif key in RATES:
            part, whole = RATES[key]
            hidden = stats.shown_count(value[part], small) is None or stats.shown_count(value[whole], small) is None
            shown.values[key] = {part: stats.shown_count(value[part], small),
                                 whole: stats.shown_count(value[whole], small),
                                 "percent": None if hidden else value["percent"]}
        elif key == "tenancies_standing":
            shown.values[key] = {}
            for months, item in value.items():
                results = stats.suppress(item["results"], small)
                stands = next(c for c in results.cells if c.code == "stands")
                hidden = stands.suppressed or stats.shown_count(item["due"], small) is None
                shown.values[key][months] = {"due": stats.shown_count(item["due"], small), "results": results,
                                             "percent_standing": None if hidden else item["percent_standing"]}
        elif key == "effort":
            few = stats.shown_count(value["cases_with_effort"], small) is None
            shown.values[key] = {**value, "cases_with_effort": stats.shown_count(value["cases_with_effort"], small),
                                 "hours_per_case_and_month": None if few else value["hours_per_case_and_month"]}
        else:
            shown.values[key] = value
    return shown
