"""The record of processing activities (Art. 30 GDPR; § 31 KDG) for the data protection officer,
generated from what is configured: the partner organisations, the published consent templates
(purposes, categories, recipients), the retention settings and the fixed map of categories to
fields. Printable (one A4 page per section with the print style sheet)."""

from __future__ import annotations

import json

from flask import current_app, render_template

from .. import audit, clock
from ..auth.access import require
from ..auth.people import all_organisations
from ..db import get_db
from ..domain import consent as rules
from ..domain.permissions import may_administer
from . import bp
from .labels import category_labels, purpose_labels


def consented_purposes(db) -> list[dict]:
    """Per purpose: the recipients and categories the published consent versions name for it."""
    found = {code: {"code": code, "recipients": set(), "categories": set(), "versions": 0} for code in rules.PURPOSES}
    for (content,) in db.execute("SELECT content FROM consent_version WHERE status = 'published'"):
        version = json.loads(content)
        for purpose in version["purposes"]:
            entry = found[purpose["code"]]
            entry["versions"] += 1
            entry["recipients"] |= {recipient["name"] for recipient in version["recipients"]}
            entry["categories"] |= {category["code"] for category in version["categories"]}
    return [{**entry, "recipients": sorted(entry["recipients"]),
             "categories": [c for c in rules.CATEGORIES if c in entry["categories"]]} for entry in found.values()]


@bp.get("/admin/record-of-processing")
@require(may_administer)
def record_of_processing():
    db = get_db()
    organisations = all_organisations(db)
    audit.log("record_of_processing.read")
    return render_template(
        "consent/record_of_processing.html", made_at=clock.stamp(), organisations=organisations,
        controller=[o for o in organisations if o["kind"] == "centre"], purposes=consented_purposes(db),
        purpose_labels=purpose_labels(), category_labels=category_labels(), fields=rules.FIELDS,
        categories=rules.CATEGORIES, config=current_app.config)
