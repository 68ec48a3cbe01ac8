"""What a phone keeps offline, in parts with versions, and how a part's pages are rendered.

A part is either "lists" (the caseload and the deadline board) or one case (its page and each
area's forms and recent records, from the `kinds.offline_pages` registry). Its version changes
whenever anything on its pages may have changed:
- a case's own counter (`household_case.version`, bumped by triggers on every table shown on its
  pages, migration 0012), and
- the context every page is rendered in: the day (deadlines count from it), the build (templates,
  translations, static names), data every form shares (reference values, consent texts,
  organisations, teams: `offline_shared`), the person's language and remembered folds, and roles.
The lists' version is the context with every listed case's counter. The phone keeps the versions
it holds and asks only for parts whose version differs (docs/offline.md).
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from flask import current_app, request, session, url_for
from flask.ctx import RequestContext
from werkzeug.exceptions import HTTPException
from werkzeug.test import EnvironBuilder

from .. import assets, folds
from ..cases.store import visible_cases
from ..clock import berlin_today
from ..domain.permissions import may_see_caseload
from ..i18n import current_locale
from . import kinds

LISTS = "lists"
PACKAGE = Path(__file__).resolve().parents[1]


def scope(actor) -> str:
    """Chosen by role: a phone keeps the case files of the cases assigned to its person, never the
    whole team's; a supervisor's phone keeps the team's lists too; partners and admins keep nothing."""
    if not may_see_caseload(actor):
        return "none"
    return "own_cases_and_team_lists" if actor.has("supervisor") else "own_cases"


def build_stamp() -> str:
    """Changes with any template, translation or static file (pages name static files by hash)."""
    cache = current_app.extensions.setdefault("outreach_offline", {})
    if "build" not in cache:
        digest = hashlib.sha256()
        for path in sorted([*(PACKAGE / "templates").rglob("*.html"), *(PACKAGE / "translations").rglob("*.mo")]):
            digest.update(path.relative_to(PACKAGE).as_posix().encode() + b"\0" + path.read_bytes())
        digest.update("\n".join(sorted(assets.assets().by_hashed)).encode())
        cache["build"] = digest.hexdigest()[:16]
    return cache["build"]


def context_stamp(db, actor) -> str:
    shared = db.execute("SELECT version FROM offline_shared").fetchone()[0]
    parts = [berlin_today().isoformat(), build_stamp(), str(shared), current_locale(),
             request.cookies.get(folds.COOKIE, ""), ",".join(sorted(actor.roles)), actor.team_id or ""]
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()[:12]


def current(db, actor) -> tuple[dict[str, str], dict[str, dict]]:
    """Every part of the person's offline set with its current version, and the cases among them
    (by id), from one reading of the person's visible cases."""
    if not may_see_caseload(actor):
        return {}, {}
    context = context_stamp(db, actor)
    visible = visible_cases(db, actor)
    listed = sorted(f"{c['id']}:{c['version']}" for c in visible)
    parts = {LISTS: hashlib.sha256("\n".join([context, *listed]).encode()).hexdigest()[:16]}
    cases = {c["id"]: c for c in visible if c["assigned_worker_id"] == actor.id}
    for case_id, case in cases.items():
        parts[case_id] = f"{case['version']}.{context}"
    return parts, cases


def urls_of(db, key: str, case: dict | None) -> list[str]:
    if key == LISTS:
        return [url_for("cases.caseload"), url_for("cases.deadline_board"), *kinds.list_pages(db)]
    return [url_for("cases.case_page", case_id=case["id"]), *kinds.offline_pages(db, case)]


def render(url: str) -> str | None:
    """The page at `url` as the person would get it by opening it: the same view with its own
    access check, in a request of its own that shares this request's session and cookies. None
    when the view refuses or fails (that page is left out; the others still go)."""
    app = current_app._get_current_object()
    headers = {name: value for name in ("Cookie", "Accept-Language", "User-Agent")
               if (value := request.headers.get(name))}
    environ = EnvironBuilder(path=url, base_url=request.host_url, headers=headers).get_environ()
    environ["REMOTE_ADDR"] = request.remote_addr or ""
    # The same signed-in session, not a second one opened from the cookie.
    with RequestContext(app, environ, session=session._get_current_object()):
        try:
            response = app.make_response(app.dispatch_request())
        except HTTPException:
            return None
        except Exception:  # noqa: BLE001 — one failing page must not stop the copy of the others
            app.logger.exception("Offline copy: could not render %s", url)
            return None
        if response.status_code != 200 or response.mimetype != "text/html":
            return None
        return response.get_data(as_text=True)
