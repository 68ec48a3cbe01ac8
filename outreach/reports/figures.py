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

REACHED_NOTE_KINDS = ("home_visit", "office", "phone")
FOLLOW_UP_RESULTS = (*outcomes.FOLLOW_UP_RESULTS, "open")
SHELTER_RESULTS = ("placed", "refused", "waiting")


@dataclass
class Figures:
    start: date
    end: date
    team_id: str | None
    values: dict = field(default_factory=dict)  # key -> int | float | None | Distribution | dict


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
    _shelter(db, figures)
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
    scope = f"SELECT c.id FROM household_case c WHERE c.report_received_on BETWEEN ? AND ?{where}"
    scope_params = [figures.start.isoformat(), figures.end.isoformat(), *params]
    reached, home_visit = first_contacts(db, scope, scope_params)
    ledger_arrears = arrears_at_report(db, scope, scope_params)
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


def first_contacts(db, scope: str, params: list) -> tuple[dict[str, date], dict[str, date]]:
    """The day each case of `scope` (a query of case ids) was first reached — a contact attempt
    "reached in person" or a note of a talk — and the day of its first home visit; one grouped
    query each, by the case indexes."""
    reached: dict[str, date] = {}
    home: dict[str, date] = {}
    rows = db.execute(
        f"""SELECT case_id, min(on_date) FROM contact_attempt WHERE kind = 'reached' AND case_id IN ({scope})
            GROUP BY case_id""", params).fetchall()
    rows += db.execute(
        f"""SELECT case_id, min(visited_on) FROM visit_note WHERE case_id IN ({scope})
            AND visit_kind IN ({_marks(REACHED_NOTE_KINDS)}) GROUP BY case_id""", [*params, *REACHED_NOTE_KINDS]).fetchall()
    for case_id, day in rows:
        _earlier(reached, case_id, day)
    for case_id, day in db.execute(
            f"""SELECT case_id, min(visited_on) FROM visit_note WHERE case_id IN ({scope}) AND visit_kind = 'home_visit'
                GROUP BY case_id""", params):
        _earlier(home, case_id, day)
    return reached, home


def _earlier(found: dict, case_id: str, day: str | None) -> None:
    try:
        value = date.fromisoformat(day[:10]) if day else None
    except ValueError:
        value = None
    if value and (case_id not in found or value < found[case_id]):
        found[case_id] = value


def arrears_at_report(db, scope: str, params: list) -> dict[str, int]:
    """Open arrears in the ledger for the months up to the report's month, for the cases of
    `scope` not referred by a partner (a referral names the arrears)."""
    return dict(db.execute(
        f"""SELECT m.case_id, sum(max(m.due_cents - m.paid_cents, 0)) FROM arrears_month m
            JOIN household_case c ON c.id = m.case_id
            WHERE m.case_id IN ({scope}) AND c.referral_id IS NULL
              AND printf('%04d-%02d', m.year, m.month) <= substr(c.report_received_on, 1, 7)
            GROUP BY m.case_id""", params).fetchall())


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
    # An earlier case at the same address: found by the address, or — once that earlier case was
    # anonymised and its address is gone — kept as its closing day on the later case (prior_closing).
    for case_id, report, closed_on in db.execute(
            f"""SELECT id, report_received_on, max(closed_on) FROM (
                    SELECT c.id, c.report_received_on, cl.closed_on FROM household_case c
                    JOIN household_case p ON p.address_key = c.address_key AND p.id != c.id
                    JOIN case_closure cl ON cl.case_id = p.id AND cl.closed_on <= c.report_received_on
                    WHERE c.report_received_on BETWEEN ? AND ? AND c.address_key != ''{where}
                    UNION ALL
                    SELECT c.id, c.report_received_on, pc.closed_on FROM household_case c
                    JOIN prior_closing pc ON pc.case_id = c.id
                    WHERE c.report_received_on BETWEEN ? AND ?{where})
                GROUP BY id""", [*span, *params, *span, *params]):
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


def _shelter(db, figures: Figures) -> None:
    """Shelter requests sent to the city within the period (Berlin day of sending), by the city's answer."""
    where, params = _team("c", figures.team_id)
    states = [state for (state,) in db.execute(
        f"""SELECT r.state FROM shelter_request r JOIN household_case c ON c.id = r.case_id
            WHERE r.sent_on BETWEEN ? AND ?{where}""", [figures.start.isoformat(), figures.end.isoformat(), *params])]
    counts = Counter("waiting" if state == "sent" else state for state in states)
    figures.values["shelter_requests"] = stats.distribution(counts, SHELTER_RESULTS, len(states))


def effort_rows(db, start: date, end: date, *, team_id: str | None = None, person_id: str | None = None) -> dict:
    """Contacts, visits, notes and minutes within the period, by case team or by the person who
    recorded them (a worker's own month), summed by the database."""
    span = [start.isoformat(), end.isoformat()]
    team = (" AND case_id IN (SELECT id FROM household_case WHERE team_id = ?)", [team_id]) if team_id else ("", [])
    attempt_where = f"on_date BETWEEN ? AND ?{team[0]}" + (" AND recorded_by = ?" if person_id else "")
    note_where = f"visited_on BETWEEN ? AND ?{team[0]}" + (" AND author_id = ?" if person_id else "")
    params = [*span, *team[1], *([person_id] if person_id else [])]
    attempts, nobody_home, a_minutes, a_travel = db.execute(
        f"""SELECT count(*), coalesce(sum(kind = 'visit_nobody_home'), 0), coalesce(sum(minutes), 0),
                   coalesce(sum(travel_minutes), 0) FROM contact_attempt WHERE {attempt_where}""", params).fetchone()
    notes, visits, no_one, n_minutes, n_travel = db.execute(
        f"""SELECT count(*), coalesce(sum(visit_kind = 'home_visit'), 0), coalesce(sum(visit_kind = 'attempt_nobody_home'), 0),
                   coalesce(sum(minutes), 0), coalesce(sum(travel_minutes), 0) FROM visit_note WHERE {note_where}""",
        params).fetchone()
    cases = db.execute(f"""SELECT count(*) FROM (SELECT case_id FROM contact_attempt WHERE {attempt_where}
                           UNION SELECT case_id FROM visit_note WHERE {note_where})""", [*params, *params]).fetchone()[0]
    minutes, travel = a_minutes + n_minutes, a_travel + n_travel
    hours = (minutes + travel) / 60
    return {
        "contact_attempts": attempts,
        "home_visits": visits,
        "home_visit_attempts": nobody_home + no_one,
        "notes": notes,
        "hours": round(hours, 1),
        "travel_hours": round(travel / 60, 1),
        "cases_with_effort": cases,
        "hours_per_case_and_month": round(hours / cases / stats.months_between(start, end), 2) if cases else None,
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
