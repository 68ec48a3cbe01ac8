"""Consent pages for field staff: the signing page (offline, through the outbox), one consent's
page (withdrawal through the outbox), and the case page's consent section."""

from __future__ import annotations

import secrets

from flask import abort, render_template, session
from flask_login import current_user

from ..auth.access import require
from ..auth.people import all_organisations
from ..cases import store as cases
from ..cases.access import load_case
from ..cases.devices import record_case_on_device
from ..clock import berlin_today
from ..db import get_db, write
from ..domain import consent as rules
from ..domain.consent_payload import CURRENT_SCHEMA, WITHDRAWAL_CHANNELS
from ..modes import VERSION
from . import bp, disclosures, records, versions
from .labels import (
    category_labels,
    channel_labels,
    disclosure_channel_labels,
    form_labels,
    handover_labels,
    purpose_labels,
)


@bp.app_template_filter("labels")
def labels_filter(codes, words: dict) -> str:
    """Codes as words, comma-separated (e.g. categories of a consent)."""
    return ", ".join(str(words.get(code, code)) for code in codes)


def consent_section(db, case: dict, view) -> dict:
    """What the case page's consent section shows (registered in the package's __init__)."""
    today = berlin_today()
    return {"consents": records.of_case(db, case["id"], today), "disclosures": disclosures.of_case(db, case["id"]),
            "organisations": [o for o in all_organisations(db) if o["kind"] != "centre"],
            "purposes": rules.PURPOSES, "categories": rules.CATEGORIES, "purpose_labels": purpose_labels(),
            "category_labels": category_labels(), "channels": disclosure_channel_labels(),
            "household_needed": rules.must_consent_for_household(
                [rules.Member(m["id"], bool(m["lease_party"]), m["birth_year"]) for m in cases.members(db, case["id"])],
                today)}


@bp.get("/cases/<case_id>/consents/new")
@require()
def new_consent(case_id: str):
    case = load_case(case_id, "write", log_as="consent.form")
    db = get_db()
    with write(db):
        record_case_on_device(db, case["id"], session.device_id, current_user.id)
    members = cases.members(db, case["id"])
    needed = rules.must_consent_for_household(
        [rules.Member(m["id"], bool(m["lease_party"]), m["birth_year"]) for m in members], berlin_today())
    return render_template("consent/sign.html", case=case, members=members, needed=needed,
                           versions=versions.published(db), consent_id=secrets.token_urlsafe(16),
                           schema_version=CURRENT_SCHEMA, app_version=VERSION)


def load_consent(consent_id: str, need: str = "read") -> tuple[dict, dict]:
    """The record and its case, through the one case access function (404/403 as for the case)."""
    record = records.get(get_db(), consent_id) if len(consent_id) <= 64 else None
    if record is None:
        abort(404)
    case = load_case(record["case_id"], need, log_as="consent.read")
    return record, case


@bp.get("/consents/<consent_id>")
@require()
def consent_page(consent_id: str):
    record, case = load_consent(consent_id)
    db = get_db()
    gone = records.withdrawal(db, consent_id)
    names = {o["id"]: o["name"] for o in all_organisations(db)}
    state = [c for c in records.of_case(db, case["id"], berlin_today()) if c["id"] == consent_id][0]["state"]
    return render_template("consent/consent.html", record=record, case=case, withdrawal=gone, state=state,
                           names=names, handovers=records.handovers(db, consent_id), today=berlin_today(),
                           record_hash=rules.record_hash(record), channels=WITHDRAWAL_CHANNELS,
                           channel_labels=channel_labels(), handover_labels=handover_labels(),
                           purpose_labels=purpose_labels(), category_labels=category_labels(),
                           form_labels=form_labels(), schema_version=CURRENT_SCHEMA)
