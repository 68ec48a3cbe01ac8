"""The audit log for admins: newest first, 50 a page, filtered; and checking its HMAC chain."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from flask import abort, redirect, render_template, request, url_for
from flask_babel import gettext as _

from .. import audit, clock, evidence
from ..auth.access import require
from ..auth.people import all_people
from ..db import get_db
from ..domain.permissions import may_see_audit_log
from ..forms import whole_number
from . import bp

PAGE_SIZE = 50
MAX_BROKEN_LISTED = 1000  # the verification row lists at most this many; the count is always complete


@dataclass
class AuditFilter:
    """GET parameters only: an action prefix, an opaque person id and Berlin calendar days."""

    action: str = ""
    person: str = ""
    date_from: str = ""
    date_to: str = ""
    page: int = 1
    errors: dict[str, str] = field(default_factory=dict)

    def params(self, **changes) -> dict:
        values = {"action": self.action, "person": self.person, "from": self.date_from, "to": self.date_to,
                  "page": self.page, **changes}
        return {k: v for k, v in values.items() if v and not (k == "page" and v == 1)}


def berlin_day_start(day: date) -> str:
    return clock.stamp(datetime.combine(day, time.min, tzinfo=clock.BERLIN))


def parse_day(text: str) -> date | None:
    """A calendar day of the log's lifetime (2000–2199: 9999-12-31 + 1 day would overflow)."""
    try:
        day = date.fromisoformat(text)
    except ValueError:
        return None
    return day if date(2000, 1, 1) <= day <= date(2199, 12, 31) else None


def read_filter(args, people_ids: set[str]) -> AuditFilter:
    chosen = AuditFilter(action=(args.get("action") or "").strip()[:100], person=(args.get("person") or "").strip(),
                         date_from=(args.get("from") or "").strip()[:10], date_to=(args.get("to") or "").strip()[:10])
    chosen.page = whole_number(args.get("page", "1"), maximum=999_999) or 1
    if chosen.person and chosen.person not in people_ids:
        chosen.errors["person"] = _("Please choose a person from the list.")
    for name in ("date_from", "date_to"):
        if getattr(chosen, name) and parse_day(getattr(chosen, name)) is None:
            chosen.errors[name] = _("Please enter a date like 2025-03-31.")
    start, end = parse_day(chosen.date_from), parse_day(chosen.date_to)
    if start and end and start > end:
        chosen.errors["date_to"] = _("The end date is before the start date.")
    return chosen


def query(db, chosen: AuditFilter) -> tuple[list[dict], int]:
    """One page of events matching the filter, newest first, and how many match in all."""
    where, params = [], []
    if chosen.action:
        where.append("a.action LIKE ? ESCAPE '\\'")
        params.append(chosen.action.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%")
    if chosen.person:
        where.append("(a.actor_id = ? OR (a.subject_type = 'person' AND a.subject_id = ?))")
        params += [chosen.person, chosen.person]
    if chosen.date_from:
        where.append("a.at >= ?")
        params.append(berlin_day_start(parse_day(chosen.date_from)))
    if chosen.date_to:
        where.append("a.at < ?")
        params.append(berlin_day_start(parse_day(chosen.date_to) + timedelta(days=1)))
    condition = ("WHERE " + " AND ".join(where)) if where else ""
    total = db.execute(f"SELECT count(*) FROM audit_log a {condition}", params).fetchone()[0]
    rows = list(db.query(
        f"""SELECT a.*, actor.display_name AS actor_name, subject.display_name AS subject_name
            FROM audit_log a
            LEFT JOIN person actor ON actor.id = a.actor_id
            LEFT JOIN person subject ON a.subject_type = 'person' AND subject.id = a.subject_id
            {condition} ORDER BY a.seq DESC LIMIT ? OFFSET ?""",
        [*params, PAGE_SIZE, (chosen.page - 1) * PAGE_SIZE],
    ))
    for row in rows:
        row["details"] = json.loads(row["details"] or "{}")
    return rows, total


@bp.get("/audit")
@require(may_see_audit_log)
def audit_log():
    db = get_db()
    people = all_people(db)
    chosen = read_filter(request.args, {p["id"] for p in people})
    rows, total = ([], 0) if chosen.errors else query(db, chosen)
    pages = max(1, -(-total // PAGE_SIZE))
    actions = [r[0] for r in db.execute("SELECT DISTINCT action FROM audit_log ORDER BY action")]
    return render_template("admin/audit.html", rows=rows, total=total, pages=pages, chosen=chosen, people=people,
                           actions=actions), 400 if chosen.errors else 200


@bp.post("/audit/verify")
@require(may_see_audit_log)
def verify_audit_log():
    db = get_db()
    broken = audit.verify(db, evidence.keys_by_id())
    checked = db.execute("SELECT count(*) FROM audit_log").fetchone()[0]
    seq = audit.log("audit.verified", details={"rows": checked, "broken_count": len(broken),
                                              "broken": broken[:MAX_BROKEN_LISTED]})
    return redirect(url_for("admin.audit_verification", seq=seq), code=303)


@bp.get("/audit/verifications/<seq>")
@require(may_see_audit_log)
def audit_verification(seq: str):
    number = whole_number(seq, maximum=2**62)
    if number is None:
        abort(404)
    rows = list(get_db().query("SELECT * FROM audit_log WHERE seq = ? AND action = 'audit.verified'", [number]))
    if not rows:
        abort(404)
    row = rows[0]
    return render_template("admin/verification.html", run=row, result=json.loads(row["details"]))
