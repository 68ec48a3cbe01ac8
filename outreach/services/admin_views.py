"""Admins keep the directory: add a service, change it, take it off the list (it stays, inactive,
so referrals made to it keep their meaning). Thin views."""

from __future__ import annotations

from flask import abort, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from .. import audit
from ..auth.access import require
from ..db import get_db
from ..domain import services as rules
from ..domain.permissions import may_administer
from ..forms import Form
from . import bp, store


def _organisations(db) -> list[dict]:
    return list(db.query("SELECT id, name FROM organisation WHERE kind != 'centre' ORDER BY name"))


def _values(form: Form, organisations: list[dict]) -> dict:
    values = {
        "name": form.text("name", max_length=200, missing=_("Please give the service's name.")),
        "kind": form.choice("kind", rules.KINDS),
        "street": form.text("street", required=False, max_length=200),
        "postcode": form.text("postcode", required=False, max_length=10),
        "city": form.text("city", required=False, max_length=100),
        "opening_hours": form.text("opening_hours", required=False, max_length=500),
        "note": form.text("note", required=False, max_length=1000),
        "waiting_weeks": form.integer("waiting_weeks", minimum=0, maximum=rules.MAX_WAITING_WEEKS, required=False),
        "languages": rules.languages([c for c in form.many("language") if c in rules.LANGUAGES]),
        "accepts_data_referrals": form.flag("accepts_data_referrals"),
        "organisation_id": form.choice("organisation_id", [o["id"] for o in organisations], required=False),
        "active": form.raw("active") != "no",
    }
    for name, check, message in (("phone", rules.phone, _("Please enter a phone number like 03573 123456.")),
                                 ("email", rules.email, _("Please enter an e-mail address like beratung@example.org."))):
        try:
            values[name] = check(form.raw(name))
        except rules.ServiceError:
            form.errors[name] = message
    if values["organisation_id"] and not values["accepts_data_referrals"]:
        form.errors["organisation_id"] = _("A service answers in the app only if it accepts referrals with data.")
    return values


def _page(template: str, form: Form, status: int = 200, **context):
    db = get_db()
    return render_template(template, form=form, kinds=rules.KINDS, languages=rules.LANGUAGES,
                           organisations=_organisations(db), **context), status


@bp.get("/admin/services")
@require(may_administer)
def admin_directory():
    return _page("services/admin_directory.html", Form({"language": ["de"]}),
                 services=store.directory(get_db(), include_inactive=True))


@bp.post("/admin/services")
@require(may_administer)
def add_service():
    db = get_db()
    form = Form(request.form)
    values = _values(form, _organisations(db))
    if not form.ok:
        return _page("services/admin_directory.html", form, 400, services=store.directory(db, include_inactive=True))
    service_id = store.create(db, values, by=current_user.id)
    audit.log("service.added", details={"service": service_id, "kind": values["kind"]})
    return redirect(url_for("services.admin_directory") + f"#service-{service_id}", code=303)


def _service(service_id: str) -> dict:
    found = store.get(get_db(), service_id)
    if found is None:
        abort(404)
    return found


@bp.get("/admin/services/<service_id>")
@require(may_administer)
def edit_service(service_id: str):
    found = _service(service_id)
    values = {**found, "language": found["languages"], "active": "yes" if found["active"] else "no",
              "accepts_data_referrals": "yes" if found["accepts_data_referrals"] else "",
              "waiting_weeks": "" if found["waiting_weeks"] is None else str(found["waiting_weeks"]),
              "organisation_id": found["organisation_id"] or ""}
    return _page("services/admin_service.html", Form(values), service=found)


@bp.post("/admin/services/<service_id>")
@require(may_administer)
def update_service(service_id: str):
    found = _service(service_id)
    db = get_db()
    form = Form(request.form)
    values = _values(form, _organisations(db))
    if not form.ok:
        return _page("services/admin_service.html", form, 400, service=found)
    store.update(db, found["id"], values)
    audit.log("service.changed", details={"service": found["id"], "active": values["active"]})
    return redirect(url_for("services.admin_directory") + f"#service-{found['id']}", code=303)
