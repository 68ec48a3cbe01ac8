"""The offline copy: the plan (which parts, which versions) and the parts themselves, several per
request, so a phone on slow 4G copies a caseload in a few compressed round trips (docs/offline.md)."""

from __future__ import annotations

import re

from flask import current_app, jsonify, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user

from .. import audit
from ..cases.devices import record_case_on_device
from ..db import get_db, write
from . import bp, offline_set

# Parts per request: ten cases are about 900 kB of HTML that Brotli sends as a few tens of kB
# (the forms every case shares compress to almost nothing after the first), and one request
# stays short enough to be repeated when the line drops.
PARTS_PER_REQUEST = 10
KEY = re.compile(r"[A-Za-z0-9_-]{1,64}")  # "lists" or a case id


def signed_out():
    return jsonify(error="signed_out", message=_("Please sign in again.")), 401


def no_store(response):
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/sync/caseload")
def caseload_for_device():
    """The plan of a copy: every part of the person's offline set with its version. JSON only, never
    a redirect. Audits one event per copy or refresh: "caseload copied to device D, n cases"."""
    if not current_user.is_authenticated:
        return signed_out()
    db, actor = get_db(), current_user.actor
    parts, _cases = offline_set.current(db, actor)
    cases = len(parts) - (offline_set.LISTS in parts)
    audit.log("caseload.copied", details={"device": session.device_id or "", "cases": cases})
    return no_store(jsonify(
        person=current_user.id, scope=offline_set.scope(actor), parts=parts,
        parts_url=url_for("sync.caseload_parts"), parts_per_request=PARTS_PER_REQUEST,
        lifetime_seconds=int(current_app.config["OFFLINE_LIFETIME_SECONDS"]),
        refresh_seconds=int(current_app.config["CASELOAD_REFRESH_SECONDS"])))


@bp.get("/sync/caseload/parts")
def caseload_parts():
    """`?part=KEY&part=KEY…`: each part with its version and its pages (URL and HTML). A part that is
    not (or no longer) in the person's offline set is refused by itself, with its reason; the
    others still come. Records which case went to which device (sync promise 4)."""
    if not current_user.is_authenticated:
        return signed_out()
    keys = list(dict.fromkeys(request.args.getlist("part")))
    if not keys or len(keys) > PARTS_PER_REQUEST or not all(KEY.fullmatch(key) for key in keys):
        return jsonify(error="invalid_parts", message=_("Between 1 and %(n)s parts per request, please.",
                                                         n=PARTS_PER_REQUEST)), 400
    db, actor = get_db(), current_user.actor
    current, cases = offline_set.current(db, actor)  # read before rendering: a change meanwhile shows next time
    parts, refused, sent = [], [], []
    for key in keys:
        if key not in current:
            refused.append({"key": key, "reason": "not_in_offline_set"})
            if db.execute("SELECT 1 FROM household_case WHERE id = ?", [key]).fetchone():
                audit.log("caseload.part_refused", subject=("case", key), details={"reason": "not_in_offline_set"})
            continue
        pages, complete = [], True
        for url in offline_set.urls_of(db, key, cases.get(key)):
            html = offline_set.render(url)
            if html is None:
                complete = False  # the phone keeps its older copy of that page and asks again next time
            else:
                pages.append({"url": url, "html": html})
        parts.append({"key": key, "version": current[key] if complete else None, "pages": pages})
        if key in cases:
            sent.append(key)
    if sent:
        with write(db):
            for case_id in sent:
                record_case_on_device(db, case_id, session.device_id, current_user.id)
    return no_store(jsonify(parts=parts, refused=refused))
