from __future__ import annotations

from flask import current_app, jsonify, redirect, render_template, request
from ..i18n import LANGUAGE_COOKIE
from ..redirects import safe_next
from . import bp
from .pwa import manifest_data, service_worker_source


@bp.get("/")
def index():
    return render_template("shell/index.html")


@bp.get("/offline")
def offline():
    # Precached by the service worker; holds nothing personal and no CSRF token.
    return render_template("shell/offline.html", shell_only=True)


@bp.get("/offline/locked")
def offline_locked():
    # Precached too: the service worker answers it in place of a stored page while the vault is
    # locked (never the page itself), and a page idle too long goes here. No personal data.
    return render_template("shell/offline.html", shell_only=True, locked=True)


@bp.get("/offline/expired")
def offline_expired():
    # Precached too: what the worker sees when cached case pages outlived their offline lifetime.
    return render_template("shell/offline.html", shell_only=True, expired=True)


@bp.get("/manifest.webmanifest")
def manifest():
    response = jsonify(manifest_data())
    response.mimetype = "application/manifest+json"
    response.headers["Cache-Control"] = "no-cache"
    response.add_etag()
    return response.make_conditional(request)


@bp.get("/sw.js")
def service_worker():
    response = current_app.response_class(service_worker_source(), mimetype="text/javascript")
    response.headers["Cache-Control"] = "no-cache"
    response.headers["Service-Worker-Allowed"] = "/"
    response.add_etag()  # a validator: the browser's update check gets 304 when nothing changed
    return response.make_conditional(request)


@bp.post("/language")
def choose_language():
    lang = request.form.get("lang", "")
    target = safe_next(request.form.get("next"))
    response = redirect(target, code=303)
    if lang in current_app.config["LANGUAGES"]:
        response.set_cookie(
            LANGUAGE_COOKIE, lang, max_age=365 * 24 * 3600, httponly=True, samesite="Lax",
            secure=current_app.config.get("SESSION_COOKIE_SECURE", False),
        )
    return response


