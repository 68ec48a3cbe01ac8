"""Security baseline: headers, CSRF on every state change, errors that reveal nothing."""

from __future__ import annotations

import pytest

from outreach import create_app
from tests.conftest import make_test_config


def test_strict_content_security_policy_on_pages(client):
    csp = client.get("/").headers["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in csp.split(";"))
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'"
    assert directives["object-src"] == "'none'"
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp


def test_templates_have_no_inline_script_or_style(app):
    import pathlib
    import re

    for path in pathlib.Path(app.root_path, "templates").rglob("*.html"):
        text = path.read_text()
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", text), path
        assert "<style" not in text and " style=" not in text, path
        assert not re.search(r"\son[a-z]+=", text), path  # no inline event handlers


def test_htmx_is_configured_for_a_strict_csp(client):
    html = client.get("/").get_data(as_text=True)
    for setting in ('"allowEval": false', '"includeIndicatorStyles": false', '"historyCacheSize": 0'):
        assert setting in html


def test_protective_headers(client):
    headers = client.get("/").headers
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Referrer-Policy"] == "same-origin"
    assert headers["Cache-Control"] == "no-store"
    assert "HX-Request" in headers["Vary"]
    assert "Strict-Transport-Security" not in headers  # plain http in tests


def test_hsts_and_secure_cookies_behind_tls(tmp_path):
    app = create_app(make_test_config(tmp_path, PUBLIC_ORIGIN="https://outreach.example.org"))
    client = app.test_client()
    response = client.get("/", base_url="https://outreach.example.org")
    assert response.headers["Strict-Transport-Security"].startswith("max-age=")
    cookie = response.headers["Set-Cookie"]
    assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_session_cookie_is_httponly_and_lax(client):
    cookie = client.get("/").headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


def state_changing_rules(app):
    for rule in app.url_map.iter_rules():
        for method in sorted((rule.methods or set()) & {"POST", "PUT", "PATCH", "DELETE"}):
            yield rule, method


def test_every_state_changing_route_requires_a_csrf_token(app, client):
    rules = list(state_changing_rules(app))
    assert rules, "expected at least one state-changing route"
    for rule, method in rules:
        url = rule.rule.replace("<", "").replace(">", "")
        response = client.open(url, method=method, data={"lang": "en"})
        assert response.status_code == 403, (rule.rule, method, response.status_code)
        assert "abgelaufen" in response.get_data(as_text=True)


def test_csrf_failure_answers_json_with_its_own_code(client):
    response = client.post("/language", json={"lang": "en"})
    assert response.status_code == 403
    assert response.json["error"] == "csrf"


# Written on reads by design: session bookkeeping and the audit trail of who read what.
BOOKKEEPING = {"web_session", "audit_log", "case_on_device"}


def test_no_route_changes_state_on_get(app, client):
    """Every GET route answers without writing: every table but the bookkeeping ones is unchanged."""
    from outreach.db import get_db

    def dump():
        with app.app_context():
            db = get_db()
            return {name: list(db.query(f"SELECT * FROM [{name}]")) for name in db.table_names() if name not in BOOKKEEPING}

    before = dump()
    visited = 0
    for rule in app.url_map.iter_rules():
        if "GET" in rule.methods and not rule.arguments:
            client.get(rule.rule)
            visited += 1
    assert visited >= 5
    assert dump() == before


@pytest.mark.parametrize(
    "accept, expect_json",
    [("application/json", True), ("text/html", False), ("*/*", False), ("text/html,application/json;q=0.5", False)],
)
def test_not_found_answers_html_or_json_by_accept_header(client, accept, expect_json):
    response = client.get("/does-not-exist", headers={"Accept": accept})
    assert response.status_code == 404
    if expect_json:
        assert response.json == {"error": "not_found", "message": "Diese Seite gibt es nicht, oder Sie dürfen sie nicht sehen."}
    else:
        assert "Diese Seite gibt es nicht" in response.get_data(as_text=True)
        assert response.mimetype == "text/html"


def test_internal_errors_reveal_nothing(tmp_path):
    app = create_app(make_test_config(tmp_path, PROPAGATE_EXCEPTIONS=False))

    @app.get("/boom")
    def boom():
        raise RuntimeError("secret internal detail /var/lib/outreach")

    client = app.test_client()
    html = client.get("/boom").get_data(as_text=True)
    assert "secret internal detail" not in html and "Traceback" not in html
    assert "Ihre Eingaben bleiben erhalten" in html
    response = client.get("/boom", headers={"Accept": "application/json"})
    assert response.status_code == 500 and response.json["error"] == "internal_error"
    assert "secret" not in response.get_data(as_text=True)


def test_oversized_request_is_refused_with_a_clear_message(tmp_path):
    app = create_app(make_test_config(tmp_path, MAX_CONTENT_LENGTH=1000, WTF_CSRF_ENABLED=False))
    client = app.test_client()
    response = client.post("/language", data={"lang": "en", "pad": "x" * 5000})
    assert response.status_code == 413
    assert "zu groß" in response.get_data(as_text=True)
