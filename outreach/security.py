"""Security headers on every response: strict CSP, no framing, no sniffing, no caching of pages;
and every state-changing request must come from this site (Sec-Fetch-Site / Origin), on top of
its CSRF token."""

from __future__ import annotations

from flask import Flask, current_app, request

STATE_CHANGING = {"POST", "PUT", "PATCH", "DELETE"}

CSP = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data: blob:",
        "font-src 'self'",
        "connect-src 'self'",
        "manifest-src 'self'",
        "worker-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)

HSTS = "max-age=63072000; includeSubDomains"


def set_headers(response):
    headers = response.headers
    headers.setdefault("Content-Security-Policy", CSP)
    headers["X-Content-Type-Options"] = "nosniff"
    headers["X-Frame-Options"] = "DENY"
    headers["Referrer-Policy"] = "same-origin"
    headers["Cross-Origin-Opener-Policy"] = "same-origin"
    headers["Permissions-Policy"] = "geolocation=(), microphone=(), camera=(), payment=()"
    if request.is_secure:
        headers["Strict-Transport-Security"] = HSTS
    if request.endpoint != "static":
        # Pages may hold personal data: never stored by the browser's HTTP cache; the service
        # worker decides what is kept offline. htmx fragments differ from full pages.
        headers.setdefault("Cache-Control", "no-store")
        headers.add("Vary", "HX-Request")
    return response


def same_origin() -> bool:
    """Browsers send Sec-Fetch-Site and Origin with a form post or fetch(); both must name this
    site. Clients that send neither (old browsers, tests) are left to the CSRF token."""
    site = request.headers.get("Sec-Fetch-Site")
    if site is not None and site not in ("same-origin", "none"):
        return False
    origin = request.headers.get("Origin")
    return origin is None or origin.rstrip("/") == current_app.config["PUBLIC_ORIGIN"].rstrip("/")


def refuse_cross_site():
    if request.method in STATE_CHANGING and not same_origin():
        from flask_babel import gettext as _

        from .errors import error_response

        return error_response(403, "cross_origin", _("You are not allowed to do this."))
    return None


def init_app(app: Flask) -> None:
    app.before_request(refuse_cross_site)
    app.after_request(set_headers)
