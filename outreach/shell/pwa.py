"""Manifest and service worker: the installable, offline-capable app shell."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from flask import current_app, url_for
from flask_babel import gettext as _

from ..modes import VERSION

PACKAGE = Path(__file__).resolve().parents[1]
SW_SOURCE = PACKAGE.parent / "sw" / "sw.js"

# The app shell: what every page needs, plus the offline fallback. Later areas add their forms.
STATIC_SHELL = (
    "css/app.css",
    "css/print.css",
    "js/app.js",
    "js/device.js",
    "js/outbox.js",
    "js/messages.js",
    "js/outbox-page.js",
    "js/passkey.js",
    "js/pending.js",
    "js/sync.js",
    "js/sync-status.js",
    "js/visit-form.js",
    "js/budget-form.js",
    "js/budget-rules.js",
    "js/budget-charts.js",
    "js/money.js",
    "js/offline.js",
    "js/vault.js",
    "js/keyring.js",
    "js/vault-panel.js",
    "js/vault-ui.js",
    "js/consent.js",
    "js/follow-up-form.js",
    "js/photos.js",
    "js/document-form.js",
    "js/service-filter.js",
    "js/onward-referral-form.js",
    "vendor/htmx-2.0.11.min.js",
    "vendor/idb-8.0.4.js",
    "vendor/signature_pad-5.1.4.js",
    "icons/icon-192.png",
    "icons/icon-512.png",
    "icons/icon-maskable-512.png",
)
PAGES_SHELL = ("/offline", "/offline/expired", "/offline/locked", "/outbox", "/manifest.webmanifest")
TEMPLATES_IN_SHELL = ("base.html", "shell/offline.html", "visits/outbox.html", "_nav.html", "_vault_panel.html")


def manifest_data() -> dict:
    return {
        "name": _("Outreach – home visits and tenancy rescue"),
        "short_name": "Outreach",
        "description": _("Visits, budgets and consents for homelessness prevention, with or without a connection."),
        "lang": "de",
        "start_url": "/",
        "scope": "/",
        "id": "/",
        "display": "standalone",
        "orientation": "portrait",
        "background_color": "#ffffff",
        "theme_color": "#7a1f2b",
        "icons": [
            {"src": url_for("static", filename="icons/icon-192.png"), "sizes": "192x192", "type": "image/png",
             "purpose": "any"},
            {"src": url_for("static", filename="icons/icon-512.png"), "sizes": "512x512", "type": "image/png",
             "purpose": "any"},
            {"src": url_for("static", filename="icons/icon-maskable-512.png"), "sizes": "512x512",
             "type": "image/png", "purpose": "maskable"},
        ],
    }


def precache_urls() -> list[str]:
    """Static files under their content-hashed names: an update fetches only what changed."""
    return list(PAGES_SHELL) + [url_for("static", filename=name) for name in STATIC_SHELL]


def shell_version() -> str:
    """Changes whenever anything in the shell changes, so the worker re-caches it."""
    cache = current_app.extensions.setdefault("outreach_shell", {})
    if "version" not in cache:
        digest = hashlib.sha256(VERSION.encode())
        digest.update(SW_SOURCE.read_bytes())
        digest.update("\n".join(precache_urls()).encode())  # hashed names: they change with the files
        for name in TEMPLATES_IN_SHELL:
            digest.update((PACKAGE / "templates" / name).read_bytes())
        cache["version"] = digest.hexdigest()[:16]
    return cache["version"]


def service_worker_source() -> str:
    settings = {"version": shell_version(), "precache": precache_urls(), "offline": "/offline",
                "expired": "/offline/expired", "locked": "/offline/locked"}
    # A module worker: it imports the vault's cryptography under the file's hashed name.
    source = SW_SOURCE.read_text(encoding="utf-8").replace('"/static/js/vault.js"',
                                                           json.dumps(url_for("static", filename="js/vault.js")))
    return f"const SHELL = {json.dumps(settings)};\n" + source
