"""The caseload (sorted by urgency), search by POST, and the deadline board."""

from __future__ import annotations

from flask import current_app, render_template, request
from flask_login import current_user

from .. import audit
from ..auth.access import require
from ..clock import berlin_today
from ..db import get_db
from ..domain.cases import name_key, urgency_key
from ..domain.permissions import may_see_caseload
from ..forms import whole_number
from . import bp, store

MAX_QUERY = 100
# What a phone shows at once: a worker's whole caseload (about 100 cases) fits on one page, which is
# also the page the device keeps offline; a supervisor's team of 1,000 is paged.
PAGE_SIZE = 100
# Deadlines per group on the board before "show all N" (a worker's board is usually shorter).
BOARD_GROUP_SIZE = 50


def one_page(views: list, page: int) -> dict:
    pages = max(1, -(-len(views) // PAGE_SIZE))
    page = min(page, pages)
    start = (page - 1) * PAGE_SIZE
    return {"views": views[start:start + PAGE_SIZE], "total": len(views), "page": page, "pages": pages,
            "first": start + 1}


def caseload_views(db, today, query: str = "") -> list[store.CaseView]:
    """The person's visible cases, most urgent first; with a query, only those it matches (the
    match needs no deadlines, so only the matching cases' views are computed)."""
    state = current_app.config["HOLIDAY_STATE"]
    cases = store.visible_cases(db, current_user.actor)
    names = store.household_names(db, [c["id"] for c in cases])
    for case in cases:
        case["household_name"] = names.get(case["id"], "")
    if query.strip():
        cases = [case for case in cases if matches(case, query)]
    views = store.case_views(db, cases, today, state)
    return sorted(views, key=lambda v: urgency_key(v.deadlines, v.case["stage"], v.dates_conflict))


def matches(case: dict, query: str) -> bool:
    """Every word of the query appears in the number, household name or address (folded)."""
    haystack = name_key(" ".join([case["number"], case["household_name"], case["street"], case["postcode"],
                                  case["city"]]))
    return all(word in haystack for word in name_key(query).split())


@bp.get("/cases")
@require(may_see_caseload)
def caseload():
    db, today = get_db(), berlin_today()
    views = caseload_views(db, today)
    audit.log("caseload.read", details={"cases": len(views)})
    returned = list(db.query(
        """SELECT n.id, c.number, (SELECT comment FROM note_return t WHERE t.note_id = n.id ORDER BY t.id DESC LIMIT 1)
                  AS comment FROM visit_note n JOIN household_case c ON c.id = n.case_id
           WHERE n.author_id = ? AND n.status = 'returned' AND c.anonymised_at IS NULL ORDER BY n.updated_at""", [current_user.id]))
    page = whole_number(request.args.get("page", "1"), maximum=100_000) or 1
    return render_template("cases/caseload.html", today=today, query="", returned=returned, **one_page(views, page))


@bp.post("/cases/search")
@require(may_see_caseload)
def search():
    db, today = get_db(), berlin_today()
    query = request.form.get("q", "")[:MAX_QUERY]
    views = caseload_views(db, today, query)
    audit.log("caseload.search", details={"results": len(views)})  # never the search words
    template = "cases/_case_list.html" if request.headers.get("HX-Request") else "cases/caseload.html"
    return render_template(template, today=today, query=query, **one_page(views, 1))


@bp.get("/deadlines")
@require(may_see_caseload)
def deadline_board():
    db, today = get_db(), berlin_today()
    groups = {level: [] for level in ("overdue", "within_1_week", "within_3_weeks", "within_6_weeks")}
    for view in caseload_views(db, today):
        for deadline in view.deadlines:
            if deadline.alert:
                groups[deadline.alert].append((deadline, view))
    audit.log("deadlines.read", details={"alerts": sum(len(g) for g in groups.values())})
    level = request.args.get("level", "")
    if level in groups:  # one group, all of it, a page at a time
        page = whole_number(request.args.get("page", "1"), maximum=100_000) or 1
        return render_template("cases/deadlines.html", groups={level: groups[level]}, today=today, level=level,
                               **one_page(groups[level], page))
    # The board shows each group's most urgent first and says how many there are; the rest of a
    # long group (a supervisor's team) is one tap away, never dropped from the count.
    return render_template("cases/deadlines.html", groups=groups, today=today, level="", shown=BOARD_GROUP_SIZE)
