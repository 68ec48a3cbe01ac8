"""Test helpers for consent: a published template through the admin pages, a real signature
(PNG drawn with Pillow plus its strokes), and `consent.sign` mutations as the outbox sends them."""

from __future__ import annotations

import base64
import io
import json
import secrets

from PIL import Image, ImageDraw

from outreach.db import get_db
from outreach.domain import consent as rules
from tests.support.people import csrf

STROKES = [{"points": [{"x": 10 + i * 4, "y": 40 + (i % 5) * 3, "time": 1000 + i * 16, "pressure": 0.5}
                       for i in range(30)]}]


def signature_data_url() -> str:
    picture = Image.new("RGBA", (300, 120), (255, 255, 255, 255))
    ImageDraw.Draw(picture).line([(p["x"], p["y"]) for p in STROKES[0]["points"]], fill=(0, 0, 0, 255), width=3)
    out = io.BytesIO()
    picture.save(out, format="PNG")
    return "data:image/png;base64," + base64.b64encode(out.getvalue()).decode()


def template_form(browser, organisations, *, name="Schweigepflichtentbindung", language="de",
                  purposes=("status_feedback", "coordination"),
                  categories=("status", "contact", "arrears_plan", "household", "health"), months="12", **extra):
    data = {"csrf_token": browser.token, "name": name, "title": "Einwilligung und Schweigepflichtentbindung",
            "intro": "Ich möchte, dass die Beratungsstelle mit den unten angekreuzten Stellen sprechen darf.",
            "language": language, "validity_months": months, "recipient": list(organisations),
            "purpose": list(purposes), "category": list(categories)}
    data.update({f"department_{o}": "Mieterservice" for o in organisations})
    data.update(extra)
    return data


def create_draft(admin, organisations, **kw) -> str:
    admin.page("/admin/consent-templates")
    response = admin.client.post("/admin/consent-templates", data=template_form(admin, organisations, **kw))
    assert response.status_code == 303, response.get_data(as_text=True)[:3000]
    return response.headers["Location"].rsplit("/", 1)[1]


def publish(admin, version_id: str):
    admin.page(f"/admin/consent-versions/{version_id}")
    return admin.client.post(f"/admin/consent-versions/{version_id}/publish", data={"csrf_token": admin.token})


def published_version(app, admin, organisations, **kw) -> dict:
    version_id = create_draft(admin, organisations, **kw)
    assert publish(admin, version_id).status_code == 303
    with app.app_context():
        row = get_db().execute("SELECT content_hash, content FROM consent_version WHERE id = ?", [version_id]).fetchone()
    return {"id": version_id, "hash": row[0], "content": json.loads(row[1]), "app": app}


def shown_text_hash(version: dict, member_id: str, scope: dict, interpreter: str) -> str:
    """What the phone computes from the text it shows (consent.js renders it the same way)."""
    if "app" not in version:
        return "0" * 64
    with version["app"].app_context():
        row = get_db().execute("SELECT name FROM household_member WHERE id = ?", [member_id]).fetchone()
    try:
        cleaned = rules.clean_scope(version["content"], scope)
    except rules.ConsentError:
        return "0" * 64
    return rules.text_hash(rules.render_text(version["content"], cleaned, signer_name=row[0] if row else "",
                                             interpreter=interpreter))


def members(app, case_id: str) -> list[dict]:
    with app.app_context():
        return list(get_db().query("SELECT * FROM household_member WHERE case_id = ? ORDER BY position", [case_id]))


def add_member(browser, case_id, name, *, lease_party=True, birth_year="1985"):
    data = {"csrf_token": csrf(browser.client, f"/cases/{case_id}"), "name": name, "relation": "Partnerin",
            "birth_year": birth_year}
    if lease_party:
        data["lease_party"] = "1"
    assert browser.client.post(f"/cases/{case_id}/members", data=data).status_code == 303


def sign_payload(case_id, member_id, version, *, recipients, purposes=("status_feedback",),
                 categories=("status",), **changes) -> dict:
    payload = {"case_id": case_id, "member_id": member_id, "template_version_id": version["id"],
               "version_hash": version["hash"], "interpreter": "", "withdrawal_notice_shown": True,
               "app_version": "0.1.0", "scope": {"recipients": list(recipients), "purposes": list(purposes),
                                                  "categories": list(categories)},
               "signature": signature_data_url(), "strokes": STROKES}
    payload.update(changes)
    payload.setdefault("text_hash", shown_text_hash(version, member_id, payload["scope"], payload["interpreter"]))
    return payload


def sign(author_id, case_id, member_id, version, *, consent_id=None, mutation_id=None, **kw) -> dict:
    return {"id": mutation_id or secrets.token_urlsafe(12), "kind": "consent.sign",
            "entity_id": consent_id or secrets.token_urlsafe(12), "base_revision": None, "schema_version": 1,
            "payload": sign_payload(case_id, member_id, version, **kw), "author": author_id, "device_id": "",
            "device_time": "2026-01-01T09:00:00Z"}


def withdraw(author_id, case_id, consent_id, withdrawn_on, channel="phone") -> dict:
    return {"id": secrets.token_urlsafe(12), "kind": "consent.withdraw", "entity_id": consent_id,
            "base_revision": None, "schema_version": 1, "author": author_id, "device_id": "", "device_time": "",
            "payload": {"case_id": case_id, "consent_id": consent_id, "withdrawn_on": withdrawn_on, "channel": channel}}
