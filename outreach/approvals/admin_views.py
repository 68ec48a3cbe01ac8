"""Re-verify every note approval: signature with the kept public key, content, seal."""

from __future__ import annotations

from flask import current_app, render_template

from .. import audit, evidence
from ..auth.access import require
from ..db import get_db
from ..domain.permissions import may_see_audit_log
from . import bp
from .store import check_all


@bp.get("/admin/approvals")
@require(may_see_audit_log)
def approvals_check():
    results = check_all(get_db(), evidence.keys_by_id(), current_app.config["PUBLIC_ORIGIN"].rstrip("/"))
    broken = [r for r in results if r["problems"]]
    audit.log("approvals.verified", details={"checked": len(results), "broken": [r["id"] for r in broken][:50]})
    return render_template("approvals/admin_check.html", results=results, broken=broken)
