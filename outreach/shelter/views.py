"""The worker's side: the case section and the shelter request to the city, sent within the
consent that names the city for emergency accommodation (thin views)."""

from __future__ import annotations

from datetime import date, timedelta

from flask import request
from flask_babel import gettext as _
from flask_login import current_user

from .. import audit
from ..auth.access import require
from ..cases import page
from ..cases import store as cases_store
from ..cases.access import load_case
from ..claims.commitments import committed
from ..clock import berlin_today
from ..consent import disclosures
from ..consent.labels import category_labels
from ..db import get_db
from ..domain import accommodation as rules
from ..forms import Form
from . import bp, store


def _eviction_on(db, case_id: str) -> date | None:
    """The latest eviction date on record not marked dealt with."""
    found = [date.fromisoformat(k["on_date"]) for k in cases_store.key_dates(db, case_id)
             if k["kind"] == "eviction_date" and not k["done_on"]]
    return max(found) if found else None


def case_section(db, case: dict, view) -> dict | None:
    """Shown once an eviction date is set or a request was sent; the form while one may be sent."""
    sent = store.of_case(db, case["id"])
    eviction_on = _eviction_on(db, case["id"])
    if eviction_on is None and not sent:
        return None
    today = berlin_today()
    cities = store.cities(db)
    possible = rules.shelter_possible(eviction_on, committed(db, case["id"]))
    return {"requests": sent, "eviction_on": eviction_on, "possible": possible, "cities": cities,
            "may_send": case["status"] == "open" and possible and cities and not any(
                r["state"] == "sent" for r in sent),
            "covered": {c["id"]: set(store.CATEGORIES) <= disclosures.allowed(
                db, case["id"], c["id"], store.PURPOSE, today).categories() for c in cities},
            "members": len(cases_store.members(db, case["id"])), "category_labels": category_labels(),
            "categories": store.CATEGORIES, "may_write": case["status"] == "open"}


@bp.post("/cases/<case_id>/shelter-requests")
@require()
def send_request(case_id: str):
    case = load_case(case_id, "write", log_as=None)
    db, today = get_db(), berlin_today()
    form = Form(request.form)
    cities = {c["id"]: c for c in store.cities(db)}
    city_id = form.choice("organisation_id", tuple(cities))
    size = form.integer("household_size", minimum=1, maximum=rules.MAX_HOUSEHOLD)
    needs = form.text("needs", required=False, max_length=rules.MAX_NEEDS)
    needed_on = form.date("needed_on", not_before=today - timedelta(days=30), not_after=today + timedelta(days=366))
    sent = store.of_case(db, case_id)
    if not rules.shelter_possible(_eviction_on(db, case_id), committed(db, case_id)):
        form.errors["organisation_id"] = _("A shelter request is for a household with an eviction date set and no "
                                           "authority's commitment to pay.")
    elif any(r["state"] == "sent" for r in sent):
        form.errors["organisation_id"] = _("A shelter request is already waiting for the city's answer.")
    if not form.ok:
        return page.invalid(case, "shelter", "shelter-request", values=form.values, errors=form.errors)
    categories = list(store.CATEGORIES)
    people = sorted(disclosures.allowed(db, case_id, city_id, store.PURPOSE, today).personal["contact"])
    try:
        disclosures.disclose(db, case_id=case_id, organisation_id=city_id, purpose=store.PURPOSE,
                             categories=categories, channel="shelter_request", by=current_user.id, today=today,
                             member_ids=people)
    except disclosures.Refused as refused:
        labels = category_labels()
        audit.log("shelter.request_refused", subject=("case", case_id),
                  details={"organisation": city_id, "categories": refused.categories})
        form.errors["organisation_id"] = _(
            "Not allowed: there is no active consent of everyone concerned naming %(office)s for emergency "
            "accommodation for: %(what)s. Nothing was sent.", office=cities[city_id]["name"],
            what=", ".join(str(labels.get(c, c)) for c in refused.categories))
        return page.invalid(case, "shelter", "shelter-request", values=form.values, errors=form.errors, status=403)
    store.create(db, case_id=case_id, organisation_id=city_id, household_size=size, member_ids=people, needs=needs,
                 needed_on=needed_on, by=current_user.id)
    audit.log("shelter.request_sent", subject=("case", case_id), details={"organisation": city_id})
    return page.saved(case_id, "shelter")
