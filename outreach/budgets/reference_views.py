"""Reference values (standard rates, garnishment exemption, Kindergeld …): each key's dated
versions, which tables have run out, and a form to add a new version. Nothing is edited or deleted:
a budget saved earlier keeps meaning what it meant."""

from __future__ import annotations

from flask import redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from .. import audit
from ..auth.access import require
from ..clock import berlin_today
from ..db import get_db, write
from ..domain.permissions import may_administer
from ..domain.reference import (
    KEYS,
    ReferenceValue,
    ReferenceValueError,
    check_new_value,
    out_of_date_tables,
    resolve_all,
)
from ..forms import Form
from . import bp
from . import store as budgets

MESSAGES = {
    "overlaps": lambda: _("This period overlaps a version that is already recorded. Start after its end."),
    "before_start": lambda: _("The end of validity lies before its start."),
    "out_of_range": lambda: _("This value is out of range."),
    "unknown": lambda: _("Please choose one of the options."),
}


def render_references(form: Form | None = None, status: int = 200):
    db, today = get_db(), berlin_today()
    values = budgets.reference_values(db)
    resolved = resolve_all(values, today)
    return render_template("budgets/admin_reference_values.html", values=values, resolved=resolved, keys=KEYS,
                           out_of_date=out_of_date_tables(resolved), form=form or Form({}), today=today), status


@bp.get("/admin/reference-values")
@require(may_administer)
def reference_values():
    return render_references()


@bp.post("/admin/reference-values")
@require(may_administer)
def add_reference_value():
    form = Form(request.form)
    key = form.choice("key", KEYS)
    unit = KEYS.get(key or "", "cents")
    value = form.integer("value", minimum=0, maximum=100) if unit == "percent" else form.money("value")
    valid_from = form.date("valid_from")
    valid_to = form.date("valid_to", required=False)
    source = form.text("source", max_length=200)
    if form.ok:
        new = ReferenceValue(key, value, valid_from, valid_to, source)
        db = get_db()
        try:
            with write(db):
                check_new_value(budgets.reference_values(db), new)
                budgets.add_reference_value(db, new, current_user.id)
        except ReferenceValueError as error:
            form.errors[error.field] = MESSAGES[error.code]()
        else:
            audit.log("reference_value.added", subject=("reference_value", key),
                      details={"value": value, "valid_from": valid_from.isoformat(),
                               "valid_to": valid_to.isoformat() if valid_to else None})
            return redirect(url_for("budgets.reference_values"), code=303)
    return render_references(form, 400)
