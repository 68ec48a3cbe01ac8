"""A partner's own page of yearly figures about the referrals it made: calendar years only, any
cell under 5 hidden (with the cells and totals that would reveal it), nothing per tenant."""

from __future__ import annotations

from collections import Counter

from flask import abort, render_template, request
from flask_babel import gettext as _
from flask_login import current_user

from .. import audit
from ..auth.access import require
from ..clock import berlin_today
from ..db import get_db
from ..domain import statistics as stats
from ..domain.cases import OUTCOMES
from ..domain.permissions import may_see_partner_statistics
from ..forms import whole_number
from . import bp, tables

REFERRAL_STATUSES = ("received", "accepted", "declined", "merged")


def partner_figures(db, organisation_id: str, year: int) -> dict:
    """Referrals the organisation made in the year by what became of them, and the closings in the
    year of cases that came from its referrals, by outcome; suppressed under 5."""
    span = [f"{year}-01-01", f"{year}-12-31T99"]
    statuses = Counter(r[0] for r in db.execute(
        "SELECT status FROM referral WHERE organisation_id = ? AND submitted_at BETWEEN ? AND ?", [organisation_id, *span]))
    outcomes = Counter(r[0] for r in db.execute(
        """SELECT cl.outcome FROM case_closure cl JOIN household_case c ON c.id = cl.case_id
           JOIN referral r ON r.id = c.referral_id
           WHERE r.organisation_id = ? AND cl.closed_on BETWEEN ? AND ?""", [organisation_id, f"{year}-01-01", f"{year}-12-31"]))
    small = stats.PARTNER_SMALL
    return {
        "referrals": stats.suppress(stats.distribution(statuses, REFERRAL_STATUSES, sum(statuses.values())), small),
        "outcomes": stats.suppress(stats.distribution(outcomes, tuple(OUTCOMES), sum(outcomes.values())), small),
    }


@bp.get("/partner/statistics")
@require(may_see_partner_statistics)
def partner_statistics():
    db, today = get_db(), berlin_today()
    first = db.execute("SELECT min(substr(submitted_at, 1, 4)) FROM referral WHERE organisation_id = ?",
                       [current_user.organisation_id]).fetchone()[0]
    years = list(range(today.year, int(first) - 1, -1)) if first else [today.year]
    year = whole_number(request.args.get("year", ""), maximum=9999) or today.year
    if year not in years:
        abort(404)
    figures = partner_figures(db, current_user.organisation_id, year)
    audit.log("statistics.partner_read", details={"year": year})
    labels = {"referrals": {"received": _("received, not yet decided"), "accepted": _("taken on"),
                            "declined": _("declined"), "merged": _("joined to a case already open")},
              "outcomes": tables.category_labels("outcomes")}
    return render_template("reports/partner.html", figures=figures, labels=labels, year=year, years=years,
                           small=stats.PARTNER_SMALL)
