"""The audit log for admins: newest first, 50 a page, filtered; and checking its HMAC chain.

Pages go by keyset (`before`/`after` a sequence number), never OFFSET, and nothing counts the
whole log: any page costs the same at entry 600,000 as at entry 50 (docs/benchmarks.md)."""

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
    before: int | None = None  # older than this sequence number
    after: int | None = None  # newer than this one
    errors: dict[str, str] = field(default_factory=dict)

    def params(self, **changes) -> dict:
        values = {"action": self.action, "person": self.person, "from": self.date_from, "to": self.date_to,
                  **changes}
        return {k: v for k, v in values.items() if v}


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
    chosen.before = whole_number(args.get("before", ""), maximum=2**62)
    chosen.after = whole_number(args.get("after", ""), maximum=2**62) if chosen.before is None else None
    if chosen.person and chosen.person not in people_ids:
        chosen.errors["person"] = _("Please choose a person from the list.")
    for name in ("date_from", "date_to"):
        if getattr(chosen, name) and parse_day(getattr(chosen, name)) is None:
            chosen.errors[name] = _("Please enter a date like 2025-03-31.")
    start, end = parse_day(chosen.date_from), parse_day(chosen.date_to)
    if start and end and start > end:
        chosen.errors["date_to"] = _("The end date is before the start date.")
    return chosen


@dataclass
class AuditPage:
    rows: list[dict]
    newer: int | None = None  # the `after` of the page of newer events, if there are any
    older: int | None = None  # the `before` of the page of older events, if there are any


def query(db, chosen: AuditFilter) -> AuditPage:
    """One page of events matching the filter, newest first, and where the pages beside it start."""
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
    def matching(extra: str, extra_params: list, order: str, limit: int) -> list[dict]:
        condition = "WHERE " + " AND ".join([*where, extra])
        return list(db.query(
            f"""SELECT a.*, actor.display_name AS actor_name, subject.display_name AS subject_name
                FROM audit_log a
                LEFT JOIN person actor ON actor.id = a.actor_id
                LEFT JOIN person subject ON a.subject_type = 'person' AND subject.id = a.subject_id
                {condition} ORDER BY a.seq {order} LIMIT ?""", [*params, *extra_params, limit]))

    def exists(extra: str, value: int) -> bool:
        condition = "WHERE " + " AND ".join([*where, extra])
        return db.execute(f"SELECT 1 FROM audit_log a {condition} LIMIT 1", [*params, value]).fetchone() is not None

    if chosen.after is not None:
        found = matching("a.seq > ?", [chosen.after], "ASC", PAGE_SIZE + 1)
        rows = list(reversed(found[:PAGE_SIZE]))
        page = AuditPage(rows, newer=rows[0]["seq"] if len(found) > PAGE_SIZE else None)
        page.older = rows[-1]["seq"] if rows and exists("a.seq < ?", rows[-1]["seq"]) else None
    else:
        bound = chosen.before if chosen.before is not None else 2**62
        found = matching("a.seq < ?", [bound], "DESC", PAGE_SIZE + 1)
        rows = found[:PAGE_SIZE]
        page = AuditPage(rows, older=rows[-1]["seq"] if len(found) > PAGE_SIZE else None)
        page.newer = rows[0]["seq"] if rows and chosen.before is not None and exists("a.seq > ?", rows[0]["seq"]) \
            else None
    for row in page.rows:
        row["details"] = json.loads(row["details"] or "{}")
    return page


def known_actions(db) -> list[str]:
    """Every action in the log, alphabetically: one index step per distinct action (skip scan),
    not a pass over the whole log."""
    return [row[0] for row in db.execute(
        """WITH RECURSIVE known(action) AS (
               SELECT min(action) FROM audit_log
               UNION ALL
               SELECT (SELECT min(action) FROM audit_log WHERE action > known.action) FROM known
               WHERE known.action IS NOT NULL)
           SELECT action FROM known WHERE action IS NOT NULL""")]


@bp.get("/audit")
@require(may_see_audit_log)
def audit_log():
    db = get_db()
    people = all_people(db)
    chosen = read_filter(request.args, {p["id"] for p in people})
    page = AuditPage([]) if chosen.errors else query(db, chosen)
    return render_template("admin/audit.html", rows=page.rows, page=page, chosen=chosen, people=people,
                           actions=known_actions(db)), 400 if chosen.errors else 200


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
