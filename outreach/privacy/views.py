"""The tenant's rights on a household, for an administrator or the case's supervisor (issue 23):
a page per case with its legal holds, rectifications, the export and the erasure. It shows the
case's number and state, never its content (an administrator without a team role sees no case
content); the export is the one way out, audited."""

from __future__ import annotations

from flask import abort, current_app, flash, make_response, redirect, render_template, request, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_login import current_user

from .. import audit, clock
from ..auth.access import require
from ..clock import berlin_today
from ..db import get_db
from ..domain.outcomes import add_months
from ..domain.permissions import may_administer, may_handle_tenant_rights
from ..forms import Form
from ..pdf import render_pdf
from . import bp, export, readable, store
from .anonymise import anonymise, truncate_wal

MAX_REASON = 500
MAX_TEXT = 2000
HOLD_YEARS = 10


def rights_case(case_id: str, *, log_as: str | None = None) -> dict:
    """The case's frame (number, state, team) if the signed-in person may handle its tenant's
    rights; 404 otherwise — they may not even learn that it exists — audited."""
    case = store.case_frame(get_db(), case_id=case_id)
    if case is None:
        abort(404)
    if not may_handle_tenant_rights(current_user.actor, case["team_id"]):
        audit.log("privacy.access_refused", subject=("case", case_id))
        abort(404)
    if log_as:
        audit.log(log_as, subject=("case", case_id))
    return case


def case_section(db, case: dict, view) -> dict | None:
    """On the case page, for the case's supervisor: holds in force and the way to the page."""
    if not may_handle_tenant_rights(current_user.actor, case["team_id"]):
        return None
    return {"holds": store.holds_in_force(db, case["id"], berlin_today()),
            "rectifications": len(store.rectifications(db, case["id"]))}


def _page(case: dict, *, form: str | None = None, values: dict | None = None, errors: dict | None = None,
          status: int = 200):
    db, today = get_db(), berlin_today()
    holds = store.holds(db, case["id"])
    in_force = store.in_force(holds, today)
    return render_template(
        "privacy/rights.html", case=case, holds=holds, today=today, in_force=in_force,
        rectifications=store.rectifications(db, case["id"]), erasure=store.erasure(db, case["id"]),
        refusals=[refusal_text(code) for code in store.erasure_refusals(db, case, today, in_force)],
        form=form, values=values or {}, errors=errors or {}, actions=action_labels(),
        hold_limit=add_months(today, 12 * HOLD_YEARS)), status


@bp.get("/cases/<case_id>/privacy")
@require()
def rights(case_id: str):
    return _page(rights_case(case_id, log_as="privacy.read"))


@bp.get("/admin/tenant-rights")
@require(may_administer)
def find_case():
    """An administrator (who sees no case content) finds the case by its number."""
    number = request.args.get("number", "").strip()[:20]
    if not number:
        return render_template("privacy/find.html", number="")
    found = store.case_frame(get_db(), number=number)
    if found is None:
        return render_template("privacy/find.html", number=number,
                               error=_("No case has the number %(number)s.", number=number)), 404
    return redirect(url_for("privacy.rights", case_id=found["id"]), code=303)


@bp.post("/cases/<case_id>/privacy/holds")
@require()
def place_hold(case_id: str):
    case = rights_case(case_id)
    today = berlin_today()
    form = Form(request.form)
    reason = form.text("hold_reason", max_length=MAX_REASON)
    until = form.date("until", not_before=today, not_after=add_months(today, 12 * HOLD_YEARS))
    if case["anonymised_at"]:
        form.errors["until"] = _("The case file is anonymised already.")
    if form.errors:
        return _page(case, form="hold", values=form.values, errors=form.errors, status=400)
    store.place_hold(get_db(), case_id, reason=reason, until=until, by=current_user.id)
    audit.log("legal_hold.placed", subject=("case", case_id), details={"until": until.isoformat()})
    flash(_("Legal hold placed: the case file is kept until %(day)s at least.", day=until.strftime("%d.%m.%Y")))
    return redirect(url_for("privacy.rights", case_id=case_id), code=303)


@bp.post("/cases/<case_id>/privacy/holds/<hold_id>/end")
@require()
def end_hold(case_id: str, hold_id: str):
    rights_case(case_id)
    if not store.end_hold(get_db(), case_id, hold_id[:40], by=current_user.id):
        abort(404)
    audit.log("legal_hold.ended", subject=("case", case_id))
    flash(_("Legal hold ended."))
    return redirect(url_for("privacy.rights", case_id=case_id), code=303)


@bp.post("/cases/<case_id>/privacy/rectifications")
@require()
def add_rectification(case_id: str):
    case = rights_case(case_id)
    form = Form(request.form)
    received_on = form.date("received_on", not_after=berlin_today())
    asked = form.text("request", max_length=MAX_TEXT)
    action = form.choice("action", action_labels())
    note = form.text("note", required=False, max_length=MAX_TEXT)
    if case["anonymised_at"]:
        form.errors["request"] = _("The case file is anonymised already.")
    if form.errors:
        return _page(case, form="rectification", values=form.values, errors=form.errors, status=400)
    store.add_rectification(get_db(), case_id, received_on=received_on, request=asked, action=action, note=note,
                            by=current_user.id)
    audit.log("rectification.recorded", subject=("case", case_id), details={"action": action})
    flash(_("Rectification recorded."))
    return redirect(url_for("privacy.rights", case_id=case_id), code=303)


def package(db, case_id: str, *, by_id: str | None, by_name: str) -> tuple[export.Export, bytes]:
    """The export and its readable PDF in German."""
    found = export.collect(db, case_id, exported_at=clock.stamp(), exported_by=by_id)
    with force_locale("de"):
        html = render_template("privacy/household_pdf.html", data=found.data, sections=readable.sections(found.data),
                               audit=readable.audit_summary(found.data), exported_on=berlin_today().strftime("%d.%m.%Y"),
                               exported_by_name=by_name)
    return found, render_pdf(html)


@bp.get("/cases/<case_id>/privacy/export.zip")
@require()
def export_household(case_id: str):
    case = rights_case(case_id)
    found, pdf = package(get_db(), case_id, by_id=current_user.id, by_name=current_user.display_name)
    audit.log("household.exported", subject=("case", case_id),
              details={"rows": sum(len(p["rows"]) for p in found.data["parts"]), "files": len(found.files)})
    response = make_response(export.write_zip(found, pdf))
    response.headers["Content-Type"] = "application/zip"
    response.headers["Content-Disposition"] = f'attachment; filename="auskunft-{case["number"]}.zip"'
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.post("/cases/<case_id>/privacy/erase")
@require()
def erase(case_id: str):
    case = rights_case(case_id)
    db, today = get_db(), berlin_today()
    form = Form(request.form)
    reason = form.text("erasure_reason", max_length=MAX_REASON)
    if form.text("confirm_number", max_length=20) != case["number"] and "confirm_number" not in form.errors:
        form.errors["confirm_number"] = _("Please type the case number %(number)s to confirm.", number=case["number"])
    refusals = store.erasure_refusals(db, case, today)
    if refusals:  # the page lists why (what was typed is kept)
        audit.log("case.erasure_refused", subject=("case", case_id), details={"why": refusals})
        return _page(case, form="erase", values=form.values, errors=form.errors, status=409)
    if form.errors:
        return _page(case, form="erase", values=form.values, errors=form.errors, status=400)
    counts = anonymise(db, case_id, kind="request", reason=reason, by=current_user.id)
    path, timeout = current_app.config["DATABASE_PATH"], current_app.config["SQLITE_BUSY_TIMEOUT_MS"]
    flash(_("The case file was anonymised: %(rows)s records no longer hold any personal value.",
            rows=sum(counts.values())))
    response = redirect(url_for("privacy.rights", case_id=case_id), code=303)
    response.call_on_close(lambda: truncate_wal(path, timeout))  # after the request's transaction committed
    return response


def action_labels() -> dict[str, str]:
    """What was done about a rectification: the choice on the form and the word in the list."""
    return {"corrected": _("Corrected in the case file"), "supplemented": _("Supplemented"),
            "disputed": _("Noted as disputed"), "refused": _("Refused (reason in the note)")}


def refusal_text(code: str) -> str:
    return {
        "anonymised": _("The case file is anonymised already."),
        "open": _("The case is still open: close it first (with its outcome), then erase it."),
        "legal_hold": _("A legal hold keeps the case file: end the hold first."),
        "placement_running": _("The household is still placed in emergency accommodation: the city needs the file "
                               "until the placement ends."),
    }[code]
