"""The case page, composed of the registered sections, and the two answers a section's form gets:
refused (that section again with what was typed: alone for htmx, inside the whole page without
JavaScript) or saved (back to the page at the section)."""

from __future__ import annotations

from flask import current_app, g, redirect, render_template, request, url_for

from ..clock import berlin_today
from ..db import get_db
from . import sections, store


def _htmx() -> bool:
    return request.headers.get("HX-Request") == "true"


def _context(case: dict, failure: sections.Failure | None, only: str | None = None) -> dict:
    db, today = get_db(), berlin_today()
    view = store.case_view(db, case, today, current_app.config["HOLIDAY_STATE"])
    shown = sections.load(db, view.case, view, failure, only=only)
    return {"view": view, "case": view.case, "today": today, "members": store.members(db, case["id"]),
            "failure": failure, "shown": shown,
            "next_action": None if only else sections.next_action(shown, view.case, view)}


def render(case: dict, *, status: int = 200, failure: sections.Failure | None = None):
    return render_template("cases/case.html", **_context(case, failure)), status


def render_section(case: dict, name: str, *, status: int = 200, failure: sections.Failure | None = None):
    return render_template("cases/_section.html", **_context(case, failure, only=name)), status


def invalid(case: dict, section: str, form: str, *, values=None, errors=None, status: int = 400):
    """A section's form was refused: re-render that section (htmx) or the page (no JavaScript).

    To htmx the section comes as 422, the one error status it swaps in place (base.html); the
    refusal's own status (400, 403) is kept for the whole page and in the audit log."""
    failure = sections.Failure(section, form, dict(values or {}), dict(errors or {}))
    g.refused_fields = [f"{form}.{name}" for name in failure.errors]  # for the audit line, not the values
    if _htmx():
        return render_section(case, section, status=422, failure=failure)
    return render(case, status=status, failure=failure)


def saved(case_id: str, anchor: str | None = None):
    """After a change: the whole page again (other sections may depend on it), at the section."""
    target = url_for("cases.case_page", case_id=case_id) + (f"#{anchor}" if anchor else "")
    if _htmx():
        # Going to the anchor alone would only scroll: HX-Refresh reloads the page there.
        response = current_app.response_class(status=200)
        response.headers["HX-Redirect"] = target
        response.headers["HX-Refresh"] = "true"
        return response
    return redirect(target, code=303)
