"""Consent templates: admins write drafts per language, publish them (then immutable), derive
new versions and translations. Workers choose from published versions only."""

from __future__ import annotations

import sqlite3

from flask import abort, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from .. import audit
from ..auth.access import require
from ..auth.people import all_organisations
from ..db import get_db
from ..domain import consent as rules
from ..domain.permissions import may_administer
from ..forms import Form, whole_number
from . import bp, versions
from .labels import category_labels, language_labels, purpose_labels

MAX_TITLE, MAX_INTRO, MAX_DEPARTMENT = 200, 5000, 120


def content_form(data) -> tuple[Form, dict | None]:
    """The version's content from the admin form, or the form with a message per wrong field."""
    organisations = {o["id"]: o for o in all_organisations(get_db())}
    chosen = [o for o in data.getlist("recipient") if o in organisations]
    values = {"name": (data.get("name") or "").strip(), "title": (data.get("title") or "").strip(),
              "intro": (data.get("intro") or "").strip(), "language": data.get("language") or "de",
              "easy_language": data.get("easy_language") == "1", "recipients": chosen,
              "departments": {o: (data.get(f"department_{o}") or "").strip()[:MAX_DEPARTMENT] for o in organisations},
              "purposes": data.getlist("purpose"), "categories": data.getlist("category"),
              "validity_months": (data.get("validity_months") or "").strip(),
              "wording": wording_from(data)}
    form = Form(values)
    if len(values["title"]) > MAX_TITLE:
        form.errors["title"] = _("Please use at most %(count)s characters.", count=MAX_TITLE)
    if len(values["intro"]) > MAX_INTRO:
        form.errors["intro"] = _("Please use at most %(count)s characters.", count=MAX_INTRO)
    months = whole_number(values["validity_months"], maximum=10_000) or 0
    try:
        content = rules.new_content(
            title=values["title"], intro=values["intro"], language=values["language"],
            easy_language=values["easy_language"],
            recipients=[{"organisation_id": o, "name": organisations[o]["name"], "department": values["departments"][o]}
                        for o in chosen],
            purposes=values["purposes"], categories=values["categories"], validity_months=months,
            wording=values["wording"])
    except rules.ConsentError as error:
        form.errors[error.field] = {
            "title": _("Please give the form a title."), "intro": _("Please write the text the tenant reads."),
            "language": _("Please choose one of the options."),
            "recipients": _("Name at least one recipient: no blanket consents."),
            "purposes": _("Choose at least one purpose."), "categories": _("Choose at least one kind of data."),
            "validity_months": _("Please enter a whole number from %(a)s to %(b)s.", a=1, b=rules.MAX_VALIDITY_MONTHS),
            "wording": _("This language has no standard wording: please write every phrase below, each on one line, "
                         "keeping {months} and {name} where shown and no other braces."),
        }[error.field]
        return form, None
    return form, (content if form.ok else None)


def wording_from(data) -> dict:
    """The admin's own wording for a language without a standard one (ignored for German and English)."""
    text = lambda name: (data.get(name) or "").strip()  # noqa: E731
    return {**{key: text(f"wording_{key}") for key in rules.WORDING_KEYS},
            "purpose": {p: text(f"wording_purpose_{p}") for p in rules.PURPOSES},
            "category": {c: text(f"wording_category_{c}") for c in rules.CATEGORIES}}


def blank_form() -> Form:
    return Form({"language": "de", "validity_months": "12", "recipients": [], "purposes": [], "categories": [],
                 "departments": {}, "wording": {"purpose": {}, "category": {}}})


def form_from_content(content: dict) -> Form:
    return Form({"title": content["title"], "intro": content["intro"], "language": content["language"],
                 "easy_language": content["easy_language"], "validity_months": str(content["validity_months"]),
                 "recipients": [r["organisation_id"] for r in content["recipients"]],
                 "departments": {r["organisation_id"]: r["department"] for r in content["recipients"]},
                 "purposes": [p["code"] for p in content["purposes"]],
                 "categories": [c["code"] for c in content["categories"]], "wording": rules.wording_of(content)})


def _labels() -> dict:
    return {"organisations": all_organisations(get_db()), "purpose_labels": purpose_labels(),
            "category_labels": category_labels(), "language_labels": language_labels(),
            "purposes": rules.PURPOSES, "categories": rules.CATEGORIES, "languages": rules.LANGUAGES,
            "german_wording": rules.WORDING["de"], "wording_labels": {
                "recipients": _("Before the recipients"), "purposes": _("Before the purposes"),
                "categories": _("Before the kinds of data"), "health": _("Before health data (separate box)"),
                "validity": _("Validity (with {months})"), "signer": _("Signed by (with {name})"),
                "interpreter": _("Interpreted by (with {name})"), "withdrawal": _("Withdrawal notice")}}


def render_list(form: Form | None = None, status: int = 200):
    return render_template("consent/admin_templates.html", templates=versions.templates(get_db()),
                           form=form or blank_form(), **_labels()), status


@bp.get("/admin/consent-templates")
@require(may_administer)
def consent_templates():
    return render_list()


@bp.post("/admin/consent-templates")
@require(may_administer)
def create_consent_template():
    form, content = content_form(request.form)
    if not form.values["name"]:
        form.errors["name"] = _("Please give the template a name.")
    if content is None or not form.ok:
        return render_list(form, 400)
    try:
        version_id = versions.create_template(get_db(), form.values["name"][:120], content, current_user.id)
    except sqlite3.IntegrityError:
        form.errors["name"] = _("A template with this name already exists.")
        return render_list(form, 400)
    audit.log("consent_template.created", subject=("consent_version", version_id))
    return redirect(url_for("consent.consent_version", version_id=version_id), code=303)


def load_version(version_id: str) -> dict:
    version = versions.get_version(get_db(), version_id) if len(version_id) <= 40 else None
    if version is None:
        abort(404)
    return version


def render_version(version: dict, form: Form | None = None, status: int = 200):
    return render_template("consent/admin_version.html", version=version,
                           form=form or form_from_content(version["content"]), **_labels()), status


@bp.get("/admin/consent-versions/<version_id>")
@require(may_administer)
def consent_version(version_id: str):
    return render_version(load_version(version_id))


@bp.post("/admin/consent-versions/<version_id>")
@require(may_administer)
def update_consent_version(version_id: str):
    version = load_version(version_id)
    if version["status"] != "draft":
        abort(409)  # published versions never change: derive a new version
    form, content = content_form(request.form)
    if content is None:
        return render_version(version, form, 400)
    try:
        versions.update_draft(get_db(), version_id, content)
    except sqlite3.IntegrityError:  # this version already exists in the chosen language
        form.errors["language"] = _("This version already exists in that language. Choose another language.")
        return render_version(version, form, 400)
    audit.log("consent_template.edited", subject=("consent_version", version_id))
    return redirect(url_for("consent.consent_version", version_id=version_id), code=303)


@bp.post("/admin/consent-versions/<version_id>/publish")
@require(may_administer)
def publish_consent_version(version_id: str):
    version = load_version(version_id)
    try:
        versions.publish(get_db(), version_id, current_user.id)
    except versions.NotADraft:
        abort(409)
    except versions.GermanFirst:
        form = form_from_content(version["content"])
        form.errors["language"] = _("Publish the German version first: German is required.")
        return render_version(version, form, 400)
    audit.log("consent_template.published", subject=("consent_version", version_id))
    return redirect(url_for("consent.consent_version", version_id=version_id), code=303)


@bp.post("/admin/consent-versions/<version_id>/derive")
@require(may_administer)
def derive_consent_version(version_id: str):
    load_version(version_id)
    language = request.form.get("language") or None
    if language is not None and language not in rules.LANGUAGES:
        abort(400)
    try:
        new_id = versions.derive(get_db(), version_id, current_user.id, language=language)
    except versions.NotADraft:
        abort(409)
    audit.log("consent_template.derived", subject=("consent_version", new_id), details={"from": version_id})
    return redirect(url_for("consent.consent_version", version_id=new_id), code=303)
