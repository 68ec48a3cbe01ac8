"""The app shell as a person meets it: German start page, language choice, manifest, offline."""

from __future__ import annotations

import json

from outreach.i18n import LANGUAGE_COOKIE


def test_start_page_is_german_by_default(client):
    response = client.get("/")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert '<html lang="de">' in html
    assert "Die Wohnung erhalten" in html
    assert "Zum Inhalt springen" in html


def test_start_page_has_landmarks_and_one_h1(client):
    html = client.get("/").get_data(as_text=True)
    assert "<header" in html and '<main id="main"' in html and "<footer" in html
    assert html.count("<h1") == 1


def test_choosing_english_sets_a_cookie_and_switches_the_language(client, csrf_token):
    response = client.post("/language", data={"lang": "en", "next": "/offline", "csrf_token": csrf_token})
    assert response.status_code == 303
    assert response.headers["Location"] == "/offline"
    assert LANGUAGE_COOKIE in response.headers["Set-Cookie"]
    html = client.get("/").get_data(as_text=True)
    assert '<html lang="en">' in html and "Keep the home" in html
    client.post("/language", data={"lang": "de", "csrf_token": csrf_token})
    assert "Die Wohnung erhalten" in client.get("/").get_data(as_text=True)


def test_unknown_language_is_ignored(client, csrf_token):
    response = client.post("/language", data={"lang": "xx", "csrf_token": csrf_token})
    assert response.status_code == 303
    assert "Set-Cookie" not in response.headers or LANGUAGE_COOKIE not in response.headers["Set-Cookie"]
    assert '<html lang="de">' in client.get("/").get_data(as_text=True)


def test_language_redirect_never_leaves_the_site(client, csrf_token):
    for target in ("https://evil.example/", "//evil.example/", "/\\evil.example", "javascript:alert(1)"):
        response = client.post("/language", data={"lang": "en", "next": target, "csrf_token": csrf_token})
        assert response.headers["Location"] == "/", target


def test_changing_language_by_get_is_not_possible(client):
    assert client.get("/language?lang=en").status_code == 405


def test_manifest_is_valid_and_its_icons_exist(client):
    response = client.get("/manifest.webmanifest")
    assert response.mimetype == "application/manifest+json"
    manifest = json.loads(response.get_data(as_text=True))
    assert manifest["start_url"] == "/" and manifest["display"] == "standalone"
    assert manifest["name"].startswith("Outreach – Hausbesuche")
    sizes = {icon["sizes"] for icon in manifest["icons"]}
    assert {"192x192", "512x512"} <= sizes
    assert any(icon["purpose"] == "maskable" for icon in manifest["icons"])
    for icon in manifest["icons"]:
        image = client.get(icon["src"])
        assert image.status_code == 200 and image.data[:8] == b"\x89PNG\r\n\x1a\n"
        width = int.from_bytes(image.data[16:20], "big")
        assert f"{width}x{width}" == icon["sizes"]


def test_pages_link_the_manifest(client):
    assert '<link rel="manifest" href="/manifest.webmanifest">' in client.get("/").get_data(as_text=True)


def test_service_worker_is_served_at_root_scope_with_a_working_precache(client):
    response = client.get("/sw.js")
    assert response.status_code == 200
    assert response.mimetype == "text/javascript"
    assert response.headers["Service-Worker-Allowed"] == "/"
    assert response.headers["Cache-Control"] == "no-cache"
    first_line = response.get_data(as_text=True).splitlines()[0]
    shell = json.loads(first_line.removeprefix("const SHELL = ").rstrip(";"))
    assert len(shell["version"]) == 16
    assert "/offline" in shell["precache"]
    for url in shell["precache"]:
        assert client.get(url).status_code == 200, url


def test_shell_version_changes_when_a_shell_file_changes(app, tmp_path, monkeypatch):
    from outreach.shell import pwa

    with app.test_request_context():
        before = pwa.shell_version()
    copy = tmp_path / "sw.js"
    copy.write_text(pwa.SW_SOURCE.read_text() + "\n// changed\n")
    monkeypatch.setattr(pwa, "SW_SOURCE", copy)
    app.extensions["outreach_shell"].clear()
    with app.test_request_context():
        assert pwa.shell_version() != before


def test_offline_page_holds_no_csrf_token_or_form(client):
    html = client.get("/offline").get_data(as_text=True)
    assert "Keine Verbindung" in html
    assert "csrf" not in html.lower()
    assert "<form" not in html


def test_health_check_reports_ok(client):
    response = client.get("/healthz")
    assert response.status_code == 200 and response.json["status"] == "ok"
