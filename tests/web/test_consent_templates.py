"""Consent templates: admins only; drafts change, a published version never does; German first."""

from __future__ import annotations

import sqlite3

import pytest

from outreach.db import get_db
from tests.support.consent import create_draft, publish, template_form

ROLES = ["worker", "supervisor", "partner", "city_partner"]


def test_admin_creates_a_draft_and_publishes_it(app, centre):
    version_id = create_draft(centre.admin, [centre.housing])
    html = centre.admin.client.get(f"/admin/consent-versions/{version_id}").get_data(as_text=True)
    assert 'data-status="draft"' in html
    assert publish(centre.admin, version_id).status_code == 303
    html = centre.admin.client.get(f"/admin/consent-versions/{version_id}").get_data(as_text=True)
    assert 'data-status="published"' in html and "jederzeit widerrufen" in html
    assert "Wohnungsgesellschaft Test, Mieterservice" in html


def test_a_draft_can_be_edited_but_a_published_version_cannot(app, centre):
    version_id = create_draft(centre.admin, [centre.housing])
    data = template_form(centre.admin, [centre.housing], title="Neuer Titel")
    assert centre.admin.client.post(f"/admin/consent-versions/{version_id}", data=data).status_code == 303
    publish(centre.admin, version_id)
    centre.admin.page(f"/admin/consent-versions/{version_id}")
    data = template_form(centre.admin, [centre.housing], title="Nachträglich geändert")
    assert centre.admin.client.post(f"/admin/consent-versions/{version_id}", data=data).status_code == 409
    with app.app_context():
        content = get_db().execute("SELECT content FROM consent_version WHERE id = ?", [version_id]).fetchone()[0]
    assert "Neuer Titel" in content and "Nachträglich" not in content
    # Not even through SQLite: the database refuses to change a published version.
    conn = sqlite3.connect(app.config["DATABASE_PATH"])
    with pytest.raises(sqlite3.IntegrityError, match="immutable"):
        conn.execute("UPDATE consent_version SET content = '{}' WHERE id = ?", [version_id])


def test_a_new_version_and_a_translation_start_from_a_published_one(app, centre):
    first = create_draft(centre.admin, [centre.housing])
    publish(centre.admin, first)
    centre.admin.page(f"/admin/consent-versions/{first}")
    response = centre.admin.client.post(f"/admin/consent-versions/{first}/derive", data={"csrf_token": centre.admin.token})
    second = response.headers["Location"].rsplit("/", 1)[1]
    response = centre.admin.client.post(f"/admin/consent-versions/{first}/derive",
                                        data={"csrf_token": centre.admin.token, "language": "en"})
    english = response.headers["Location"].rsplit("/", 1)[1]
    with app.app_context():
        rows = {r["id"]: r for r in get_db().query("SELECT id, version, language, status, content FROM consent_version")}
    assert (rows[second]["version"], rows[second]["language"], rows[second]["status"]) == (2, "de", "draft")
    assert (rows[english]["version"], rows[english]["language"]) == (1, "en")
    assert "withdraw this consent at any time" in rows[english]["content"]
    assert publish(centre.admin, english).status_code == 303


def test_german_is_required_before_another_language_is_published(app, centre):
    english = create_draft(centre.admin, [centre.housing], language="en")
    response = publish(centre.admin, english)
    assert response.status_code == 400
    assert "Veröffentlichen Sie zuerst die deutsche Fassung" in response.get_data(as_text=True)


@pytest.mark.parametrize("changes, message", [
    ({"recipient": []}, "Nennen Sie mindestens einen Empfänger"),
    ({"purpose": []}, "mindestens einen Zweck"),
    ({"validity_months": "99"}, "ganze Zahl von 1 bis 36"),
    ({"name": ""}, "Bitte geben Sie der Vorlage einen Namen"),
])
def test_bad_templates_are_refused_with_what_was_typed_kept(app, centre, changes, message):
    centre.admin.page("/admin/consent-templates")
    data = {**template_form(centre.admin, [centre.housing]), **changes}
    response = centre.admin.client.post("/admin/consent-templates", data=data)
    html = response.get_data(as_text=True)
    assert response.status_code == 400 and message in html
    assert "Ich möchte, dass die Beratungsstelle" in html  # nothing typed is lost
    with app.app_context():
        assert get_db().execute("SELECT count(*) FROM consent_version").fetchone()[0] == 0


@pytest.mark.parametrize("role", ROLES)
def test_only_admins_manage_templates(app, centre, role):
    version_id = create_draft(centre.admin, [centre.housing])
    browser = getattr(centre, role)
    browser.page()
    assert browser.client.get("/admin/consent-templates").status_code == 403
    assert browser.client.get(f"/admin/consent-versions/{version_id}").status_code == 403
    for url in ("/admin/consent-templates", f"/admin/consent-versions/{version_id}",
                f"/admin/consent-versions/{version_id}/publish", f"/admin/consent-versions/{version_id}/derive"):
        response = browser.client.post(url, data=template_form(browser, [centre.housing]))
        assert response.status_code == 403, (url, role)
    assert browser.client.get("/admin/consents").status_code == 403
    with app.app_context():
        assert get_db().execute("SELECT status FROM consent_version").fetchone()[0] == "draft"


def test_signed_out_people_are_sent_to_sign_in_and_posts_need_csrf(app, centre):
    client = app.test_client()
    assert client.get("/admin/consent-templates").status_code == 302
    assert client.post("/admin/consent-templates", data={}).status_code == 403
