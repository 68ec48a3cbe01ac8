"""The statistics page (any period and team), its exports and annual report, and a worker's own
month of effort. Aggregated only; every export is audited (never with figures)."""

from __future__ import annotations

from datetime import date

from flask import abort, current_app, make_response, render_template, request
from flask_babel import gettext as _
from flask_babel import force_locale
from flask_login import current_user

from .. import audit
from ..auth.access import require
from ..clock import berlin_today
from ..db import get_db
from ..domain import statistics as stats
from ..domain.permissions import may_see_own_effort, may_see_statistics
from ..forms import Form
from ..i18n import current_locale
from ..pdf import render_pdf
from . import bp, charts, definitions, exports, figures, tables

MAX_YEARS = 10
FORMATS = {"csv": "text/csv; charset=utf-8",
           "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
           "json": "application/json", "pdf": "application/pdf"}


def teams(db) -> list[dict]:
    return list(db.query("SELECT id, name FROM team ORDER BY name"))


def period_and_team(db, args) -> tuple[date, date, dict | None, Form]:
    """The chosen period (default: this calendar year up to today) and team, or the form's errors."""
    today = berlin_today()
    form = Form({key: args.get(key, "") for key in ("from", "to", "team")})
    start = form.date("from", required=False, not_before=date(today.year - MAX_YEARS, 1, 1)) or date(today.year, 1, 1)
    end = form.date("to", required=False, not_before=date(today.year - MAX_YEARS, 1, 1)) or today
    if form.ok and start > end:
        form.errors["to"] = _("The end of the period must not lie before its start.")
    if form.ok and (end - start).days > 366 * MAX_YEARS:
        form.errors["to"] = _("Please choose a period of at most ten years.")
    team = None
    if form.raw("team"):
        team = next((t for t in teams(db) if t["id"] == form.raw("team")), None)
        if team is None:
            form.errors["team"] = _("Please choose one of the options.")
    return start, end, team, form


def _figures(db, start: date, end: date, team: dict | None) -> figures.Figures:
    computed = figures.compute(db, start, end, team["id"] if team else None,
                               follow_up_months=tuple(current_app.config["FOLLOW_UP_MONTHS"]))
    return figures.suppressed(computed)


def page_context(shown: figures.Figures) -> dict:
    locale = current_locale()
    grouped: dict[str, list] = {}
    for row in tables.rows(shown, locale):
        grouped.setdefault(row.figure, []).append(row)
    pictures = {key: charts.bars(value, tables.category_labels(key)) for key, value in shown.values.items()
                if isinstance(value, stats.Distribution)}
    return {"grouped": grouped, "charts": pictures, "sections": definitions.SECTIONS,
            "name": lambda key: definitions.name(key, locale), "definition": lambda key: definitions.definition(key, locale),
            "number": lambda row: tables.number_text(row.value, locale, stats.SMALL, row.hidden)}


@bp.get("/statistics")
@require(may_see_statistics)
def statistics():
    db = get_db()
    start, end, team, form = period_and_team(db, request.args)
    context = {"teams": teams(db), "values": form.values, "errors": form.errors, "start": start, "end": end,
               "team": team}
    if not form.ok:
        return render_template("reports/statistics.html", **context), 400
    audit.log("statistics.read", details={"team": team["id"] if team else None})
    return render_template("reports/statistics.html", **context, **page_context(_figures(db, start, end, team)))


def _filename(start: date, end: date, extension: str) -> str:
    return f"statistik-{start.isoformat()}-{end.isoformat()}.{extension}"


@bp.get("/statistics/export.<extension>")
@require(may_see_statistics)
def export(extension: str):
    db = get_db()
    if extension not in FORMATS:
        abort(404)
    start, end, team, form = period_and_team(db, request.args)
    if not form.ok:
        return render_template("reports/statistics.html", teams=teams(db), values=form.values, errors=form.errors,
                               start=start, end=end, team=team), 400
    shown = _figures(db, start, end, team)
    body = render_file(shown, team, extension, current_locale())
    audit.log("statistics.exported", details={"format": extension, "team": team["id"] if team else None,
                                              "from": start.isoformat(), "to": end.isoformat()})
    response = make_response(body)
    response.headers["Content-Type"] = FORMATS[extension]
    response.headers["Content-Disposition"] = f'attachment; filename="{_filename(start, end, extension)}"'
    response.headers["Cache-Control"] = "no-store"
    return response


def render_file(shown: figures.Figures, team: dict | None, extension: str, locale: str) -> bytes:
    """One export's bytes; the same for the page's links and `outreach stats`."""
    team_name = team["name"] if team else ""
    if extension == "csv":
        return exports.to_csv(shown, team_name, locale)
    if extension == "xlsx":
        return exports.to_xlsx(shown, team_name, locale)
    if extension == "json":
        return exports.json_bytes(exports.to_json(shown, team))
    with force_locale(locale):
        html = render_template("reports/annual_report.html", start=shown.start, end=shown.end, team=team,
                               printed_on=berlin_today(), **page_context(shown))
    return render_pdf(html)


@bp.get("/statistics/mine")
@require(may_see_own_effort)
def my_effort():
    """A worker's own month: contacts, visits, notes and hours she recorded (this month by default)."""
    today = berlin_today()
    month = request.args.get("month", "")[:7]
    try:
        first = date.fromisoformat(month + "-01") if month else today.replace(day=1)
    except ValueError:
        first = None
    if first is None or first > today or first.year < today.year - MAX_YEARS:
        return render_template("reports/mine.html", effort=None, month=today.replace(day=1),
                               error=_("Please choose a month like 2026-11.")), 400
    last = date(first.year + first.month // 12, first.month % 12 + 1, 1).toordinal() - 1
    effort = figures.effort_rows(get_db(), first, min(date.fromordinal(last), today), person_id=current_user.id)
    audit.log("statistics.own_effort_read")
    previous = date.fromordinal(first.toordinal() - 1).replace(day=1)
    return render_template("reports/mine.html", effort=effort, month=first, previous=previous, error="",
                           labels=tables.part_labels())
