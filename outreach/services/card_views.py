"""The tenant's help card (issue 21): the services the tenant was pointed or referred to, with
addresses, times and phone numbers, and the worker's contact — the note workers used to write on
paper. A printable page and an A4 PDF, in German or English (the directory's entries as typed)."""

from __future__ import annotations

from flask import abort, make_response, render_template, request
from flask_babel import force_locale

from .. import audit
from ..auth.access import require
from ..cases.access import load_case
from ..clock import berlin_today
from ..db import get_db, one_row
from ..pdf import render_pdf
from . import bp, referrals, store

CARD_LANGUAGES = ("de", "en")


def _render(template: str, case_id: str) -> str:
    case = load_case(case_id, "read", log_as="help_card.read")
    db = get_db()
    made = referrals.of_case(db, case["id"])
    if not made:
        abort(404)  # a card lists where the tenant was pointed to: none yet
    language = request.args.get("lang", "de")
    language = language if language in CARD_LANGUAGES else "de"
    services = []
    for service_id in dict.fromkeys(r["service_id"] for r in made):
        services.append(store.get(db, service_id))
    worker = one_row(db, "SELECT display_name, email FROM person WHERE id = ?", [case["assigned_worker_id"] or ""])
    centre = one_row(db, "SELECT name FROM organisation WHERE kind = 'centre' ORDER BY name LIMIT 1")
    with force_locale(language):
        return render_template(template, case=case, services=services, worker=worker, centre=centre,
                               language=language, printed_on=berlin_today())


@bp.get("/cases/<case_id>/help-card")
@require()
def help_card(case_id: str):
    return _render("services/card.html", case_id)


@bp.get("/cases/<case_id>/help-card.pdf")
@require()
def help_card_pdf(case_id: str):
    pdf = render_pdf(_render("services/card_pdf.html", case_id))
    audit.log("help_card.printed", subject=("case", case_id))
    response = make_response(pdf)
    response.headers["Content-Type"] = "application/pdf"
    response.headers["Content-Disposition"] = 'attachment; filename="hilfekarte.pdf"'
    response.headers["Cache-Control"] = "no-store"
    return response
