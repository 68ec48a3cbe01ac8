"""What a partner sees of a case it referred: exactly the categories an active consent names for
that partner, each viewing recorded as a disclosure. Without such consent: refused."""

from __future__ import annotations

from flask import abort, render_template
from flask_login import current_user

from .. import audit
from ..auth.access import require
from ..cases import store as cases
from ..clock import berlin_today
from ..db import get_db
from ..domain import consent as rules
from ..domain.permissions import may_submit_referral
from . import bp, disclosures, records
from .labels import category_labels


def referral_extras(db, referral_ids: list[str]) -> dict[str, dict]:
    """Per referral of the signed-in partner: its status as far as consent allows, and whether
    the case view is open to them."""
    today, extras = berlin_today(), {}
    for referral_id in referral_ids:
        row = records.one_row(db, "SELECT organisation_id, case_id FROM referral WHERE id = ?", [referral_id])
        view = bool(row and row["case_id"]) and bool(
            disclosures.allowed(db, row["case_id"], row["organisation_id"], rules.VIEW_PURPOSE, today).categories())
        extras[referral_id] = {"status": disclosures.referral_status(db, referral_id, today), "case_view": view}
    return extras


@bp.get("/referrals/<referral_id>/case")
@require(may_submit_referral)
def partner_case(referral_id: str):
    db, today = get_db(), berlin_today()
    referral = records.one_row(db, "SELECT id, organisation_id, case_id, tenant_name FROM referral WHERE id = ?",
                            [referral_id[:40]])
    if referral is None or referral["organisation_id"] != current_user.organisation_id:
        abort(404)  # another organisation's referral: not theirs to know of
    case = cases.get_case(db, referral["case_id"]) if referral["case_id"] else None
    permitted = disclosures.allowed(db, case["id"], current_user.organisation_id, rules.VIEW_PURPOSE, today) \
        if case else None
    if case is None or not permitted.categories():
        audit.log("partner.case_refused", subject=("referral", referral_id))
        abort(403)
    categories = sorted(permitted.categories())
    # Personal data shown is that of the members who consented to it (the view shows only theirs).
    people = sorted({m for c in categories if c in rules.PERSONAL_CATEGORIES for m in permitted.personal[c]})
    disclosures.disclose(db, case_id=case["id"], organisation_id=current_user.organisation_id,
                         purpose=rules.VIEW_PURPOSE, categories=categories, channel="partner_view",
                         by=current_user.id, today=today, member_ids=people)
    audit.log("partner.case_read", subject=("case", case["id"]), details={"categories": categories})
    return render_template("consent/partner_case.html", referral=referral, categories=categories,
                           data=disclosures.case_fields(db, case, permitted), category_labels=category_labels())
