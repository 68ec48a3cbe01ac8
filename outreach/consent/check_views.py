"""Re-verify every consent record and withdrawal: seal, template, signed text, signature, photo."""

from __future__ import annotations

from flask import render_template

from .. import audit, evidence
from ..auth.access import require
from ..db import get_db
from ..domain.permissions import may_see_audit_log
from . import bp
from .records import check_all


@bp.get("/admin/consents")
@require(may_see_audit_log)
def consents_check():
    results = check_all(get_db(), evidence.keys_by_id())
    broken = [r for r in results if r["problems"]]
    audit.log("consents.verified", details={"checked": len(results), "broken": [r["id"] for r in broken][:50]})
    return render_template("consent/admin_check.html", results=results, broken=broken)
