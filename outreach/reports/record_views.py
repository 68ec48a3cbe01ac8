"""The one exception to "aggregated only": an admin may export the anonymised per-case record set
in the shape of the DzW (BAG Wohnungslosenhilfe) so the centre can report there without a second
record. One row per closing in the period; no name, address, birth date, free text or id that
leads back to the case (rows are numbered afresh in each export, in random order); age in bands;
dates as year and month; arrears rounded to 100 euros. Every export is audited."""

from __future__ import annotations

import csv
import io
import json
import random
from datetime import date

from flask import make_response, render_template, request

from .. import audit
from ..auth.access import require
from ..db import get_db
from ..domain.outcomes import DEMOGRAPHICS
from ..domain.permissions import may_export_case_records
from . import bp
from .exports import neutral
from .figures import arrears_at_report, first_contacts
from .views import period_and_team, teams

COLUMNS = ("record", "report_month", "closed_month", "source", "stage_at_first_contact", "outcome", "causes", "tools",
           "onward_referrals", "schonfrist_used", "eviction_date_set", "repeat_case", "days_to_first_contact",
           "arrears_at_intake_rounded", *DEMOGRAPHICS)


def records(db, start, end, team_id: str | None) -> list[dict]:
    where, params = (" AND c.team_id = ?", [team_id]) if team_id else ("", [])
    rows = [dict(r) for r in db.query(
        f"""SELECT cl.*, c.source, c.stage_at_first_contact, c.report_received_on, c.id AS the_case,
                   r.arrears_cents AS referral_arrears
            FROM case_closure cl JOIN household_case c ON c.id = cl.case_id
            LEFT JOIN referral r ON r.id = c.referral_id
            WHERE cl.closed_on BETWEEN ? AND ?{where}""", [start.isoformat(), end.isoformat(), *params])]
    scope = f"""SELECT cl.case_id FROM case_closure cl JOIN household_case c ON c.id = cl.case_id
                WHERE cl.closed_on BETWEEN ? AND ?{where}"""
    scope_params = [start.isoformat(), end.isoformat(), *params]
    reached, _home = first_contacts(db, scope, scope_params)
    ledger = arrears_at_report(db, scope, scope_params)
    random.SystemRandom().shuffle(rows)  # the order must not follow the case numbers
    out = []
    for number, row in enumerate(rows, start=1):
        arrears = row["referral_arrears"] if row["referral_arrears"] is not None else ledger.get(row["the_case"], 0)
        first = reached.get(row["the_case"])
        out.append({
            "record": number, "report_month": row["report_received_on"][:7], "closed_month": row["closed_on"][:7],
            "source": row["source"], "stage_at_first_contact": row["stage_at_first_contact"] or "not_reached",
            "outcome": row["outcome"], "causes": "|".join(json.loads(row["causes"])),
            "tools": "|".join(json.loads(row["tools"])), "onward_referrals": "|".join(json.loads(row["onward_referrals"])),
            "schonfrist_used": row["schonfrist_used"], "eviction_date_set": row["eviction_date_set"],
            "repeat_case": row["is_repeat"],
            "days_to_first_contact": (first - date.fromisoformat(row["report_received_on"])).days if first else "",
            "arrears_at_intake_rounded": int(round(arrears / 10000) * 100),
            **{name: row[name] for name in DEMOGRAPHICS},
        })
    return out


@bp.get("/statistics/records.csv")
@require(may_export_case_records)
def case_records():
    db = get_db()
    start, end, team, form = period_and_team(db, request.args)
    if not form.ok:
        return render_template("reports/statistics.html", teams=teams(db), values=form.values, errors=form.errors,
                               start=start, end=end, team=team), 400
    found = records(db, start, end, team["id"] if team else None)
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for record in found:
        writer.writerow([neutral(str(record[column])) for column in COLUMNS])
    audit.log("statistics.case_records_exported", details={"records": len(found), "from": start.isoformat(),
                                                           "to": end.isoformat(), "team": team["id"] if team else None})
    response = make_response("\ufeff".encode() + buffer.getvalue().encode("utf-8"))
    response.headers["Content-Type"] = "text/csv; charset=utf-8"
    response.headers["Content-Disposition"] = (f'attachment; filename="dzw-datensaetze-{start.isoformat()}-'
                                               f'{end.isoformat()}.csv"')
    response.headers["Cache-Control"] = "no-store"
    return response
