"""The city's placements: the features of the people housed, the day they left, and the federal
return for a reference date (WoBerichtsG) with its count checked against the placements (thin views)."""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta

from flask import abort, make_response, redirect, render_template, request, url_for
from flask_babel import gettext as _

from .. import audit
from ..auth.access import require
from ..clock import berlin_today
from ..db import get_db
from ..domain import accommodation as rules
from ..domain.permissions import may_submit_referral
from ..forms import Form, whole_number
from . import bp, store
from .city_views import city

FIRST_YEAR = 2022  # the first reference date of the federal statistics: 31 January 2022


def _own(placement_id: str) -> dict:
    organisation_id = city()
    found = store.placement(get_db(), placement_id)
    if found is None or found["organisation_id"] != organisation_id:
        abort(404)
    return found


@bp.get("/city/placements")
@require(may_submit_referral)
def placements():
    organisation_id = city()
    page = whole_number(request.args.get("page", "1"), maximum=10_000) or 1
    rows, more = store.placements(get_db(), organisation_id, page)
    audit.log("shelter.placements", details={"count": len(rows)})
    return render_template("shelter/placements.html", rows=rows, page=page, more=more,
                           year=rules.latest_reference_date(berlin_today()).year)


def _render_placement(found: dict, *, values=None, errors=None, status: int = 200):
    people = store.people(get_db(), found["id"])
    if values is None:
        values = {}
        for position, person in enumerate(people):
            values |= {f"sex-{position}": person["sex"], f"birth_month-{position}": person["birth_month"],
                       f"nationality-{position}": person["nationality"]}
    return render_template("shelter/placement.html", placement=found, people=people, values=values,
                           errors=errors or {}, today=berlin_today()), status


@bp.get("/city/placements/<placement_id>")
@require(may_submit_referral)
def placement_page(placement_id: str):
    found = _own(placement_id)
    audit.log("shelter.placement_read", subject=("case", found["case_id"]), details={"placement": found["id"]})
    return _render_placement(found)


@bp.post("/city/placements/<placement_id>/people")
@require(may_submit_referral)
def record_people(placement_id: str):
    """The features of each person housed: sex, month of birth, nationality (all of them, every row)."""
    found = _own(placement_id)
    form = Form(request.form)
    today, people = berlin_today(), []
    for position in range(found["household_size"]):
        sex = form.choice(f"sex-{position}", tuple(rules.SEXES))
        try:
            born = rules.birth_month(form.raw(f"birth_month-{position}"), today)
        except rules.AccommodationError:
            born = None
            form.errors[f"birth_month-{position}"] = _("Please enter the month of birth like 1990-04.")
        try:
            nationality = rules.nationality(form.raw(f"nationality-{position}"))
        except rules.AccommodationError:
            nationality = None
            form.errors[f"nationality-{position}"] = _("Please enter the nationality in words, e.g. deutsch.")
        people.append((sex, born, nationality))
    if not form.ok:
        return _render_placement(found, values=form.values, errors=form.errors, status=400)
    store.record_people(get_db(), found["id"], people)
    audit.log("shelter.people_recorded", subject=("case", found["case_id"]), details={"placement": found["id"]})
    return redirect(url_for("shelter.placement_page", placement_id=found["id"]), code=303)


@bp.post("/city/placements/<placement_id>/end")
@require(may_submit_referral)
def end_placement(placement_id: str):
    found = _own(placement_id)
    form = Form(request.form)
    today = berlin_today()
    ends_on = form.date("ends_on", not_before=date.fromisoformat(found["begins_on"]) + timedelta(days=1),
                        not_after=today + timedelta(days=1))
    if found["ends_on"]:
        abort(409)
    if not form.ok:
        return _render_placement(found, values=form.values, errors=form.errors, status=400)
    store.end(get_db(), found["id"], ends_on)
    audit.log("shelter.placement_ended", subject=("case", found["case_id"]), details={"placement": found["id"]})
    return redirect(url_for("shelter.placement_page", placement_id=found["id"]), code=303)


def _year() -> int:
    latest = rules.latest_reference_date(berlin_today()).year
    chosen = whole_number(request.args.get("year", ""), maximum=9999)
    return chosen if chosen and FIRST_YEAR <= chosen <= latest else latest


def _return(organisation_id: str, year: int) -> tuple[list[tuple], rules.ReturnCheck]:
    placed, people = store.for_return(get_db(), organisation_id, year)
    return rules.return_rows(placed, people, year)


@bp.get("/city/placements/return")
@require(may_submit_referral)
def return_page():
    organisation_id, year = city(), _year()
    rows, check = _return(organisation_id, year)
    audit.log("shelter.return_checked", details={"year": year, "rows": check.rows})
    latest = rules.latest_reference_date(berlin_today()).year
    return render_template("shelter/return.html", year=year, years=range(latest, FIRST_YEAR - 1, -1), check=check,
                           reference_date=rules.reference_date(year), columns=rules.RETURN_COLUMNS, rows=rows)


@bp.get("/city/placements/return.csv")
@require(may_submit_referral)
def return_csv():
    """One row per person housed on the reference date, no names: German Excel's CSV (UTF-8 with
    BOM, ";"). Every value is the law's fixed wording, a number, a date or a nationality checked to
    be words, so no cell can start a formula."""
    organisation_id, year = city(), _year()
    rows, check = _return(organisation_id, year)
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(rules.RETURN_COLUMNS)
    writer.writerows(rows)
    audit.log("shelter.return_exported", details={"year": year, "rows": check.rows})
    response = make_response("\ufeff" + buffer.getvalue())
    response.headers["Content-Type"] = "text/csv; charset=utf-8"
    response.headers["Content-Disposition"] = f'attachment; filename="woberichtsg-{year}-01-31.csv"'
    response.headers["Cache-Control"] = "no-store"
    return response
