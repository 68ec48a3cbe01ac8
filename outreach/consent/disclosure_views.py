"""A worker records that case data goes to a partner: refused unless active consent covers it."""

from __future__ import annotations

from flask import request
from flask_babel import gettext as _
from flask_login import current_user

from .. import audit
from ..auth.access import require
from ..auth.people import all_organisations
from ..cases import page
from ..cases import store as cases
from ..cases.access import load_case
from ..clock import berlin_today
from ..db import get_db
from ..domain import consent as rules
from ..forms import Form
from . import bp, disclosures
from .labels import category_labels

WORKER_CHANNELS = ("phone", "letter", "email", "meeting")


@bp.post("/cases/<case_id>/disclosures")
@require()
def add_disclosure(case_id: str):
    case = load_case(case_id, "write", log_as=None)
    form = Form(request.form)
    organisation_id = form.choice("organisation_id", {o["id"] for o in all_organisations(get_db())})
    purpose = form.choice("purpose", rules.PURPOSES)
    channel = form.choice("channel", WORKER_CHANNELS)
    note = form.text("note", required=False, max_length=500)
    categories = [c for c in request.form.getlist("category") if c in rules.CATEGORIES]
    members = {m["id"] for m in cases.members(get_db(), case["id"])}
    member_ids = [m for m in request.form.getlist("member_id") if m in members]
    if not categories:
        form.errors["consent"] = _("Choose what is passed on.")
    elif set(categories) & rules.PERSONAL_CATEGORIES and not member_ids:
        form.errors["consent"] = _("Choose whose personal data is passed on.")
    if not form.ok:
        return page.invalid(case, "consents", "disclosure", values=form.values, errors=form.errors)
    try:
        row = disclosures.disclose(get_db(), case_id=case["id"], organisation_id=organisation_id, purpose=purpose,
                                   categories=categories, channel=channel, by=current_user.id, today=berlin_today(),
                                   note=note, member_ids=member_ids)
    except disclosures.Refused as refused:
        labels = category_labels()
        audit.log("disclosure.refused", subject=("case", case["id"]),
                  details={"organisation": organisation_id, "purpose": purpose, "categories": refused.categories})
        form.errors["consent"] = _(
            "Not allowed: there is no active consent of everyone concerned naming this partner for this purpose "
            "for: %(what)s. Nothing was recorded; do not pass these data on.",
            what=", ".join(str(labels.get(c, c)) for c in refused.categories))
        return page.invalid(case, "consents", "disclosure", values=form.values, errors=form.errors, status=403)
    audit.log("disclosure.recorded", subject=("case", case["id"]),
              details={"disclosure": row["id"], "organisation": organisation_id, "categories": categories})
    return page.saved(case["id"], "consents")
