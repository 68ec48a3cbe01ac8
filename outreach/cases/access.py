"""The one access function for cases: every case route calls it, and it writes the audit log."""

from __future__ import annotations

from datetime import date

from flask import abort, make_response
from flask_babel import format_date
from flask_babel import gettext as _
from flask_login import current_user

from .. import audit
from ..db import get_db
from ..errors import error_response
from ..domain.permissions import case_access
from . import store


def load_case(case_id: str, need: str = "read", *, log_as: str | None = "case.read") -> dict:
    """The case if the signed-in person may `need` (read · write · assign) it.

    404 when they may not even know it exists; 403 when they may read it but not do this; both
    are audited. A read is audited here as `log_as`; a change passes log_as=None and is audited
    by its view once it succeeded — never with the case's text.
    """
    case = store.get_case(get_db(), case_id) if case_id and len(case_id) <= 40 else None
    if case is None:
        abort(404)
    access = case_access(current_user.actor, case["team_id"], case["assigned_worker_id"])
    if access.none:
        audit.log("case.access_refused", subject=("case", case_id), details={"need": need})
        abort(404)
    if case["anonymised_at"]:
        abort(make_response(error_response(410, "anonymised", _(
            "This case file was anonymised on %(day)s (retention or the tenant's erasure): nothing of it can be "
            "shown any more.", day=format_date(date.fromisoformat(case["anonymised_at"][:10]), "medium")))))
    if not getattr(access, need):
        audit.log("case.access_refused", subject=("case", case_id), details={"need": need})
        abort(403)
    if log_as:
        audit.log(log_as, subject=("case", case_id))
    return case
