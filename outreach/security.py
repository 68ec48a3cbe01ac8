"""Security headers on every response: strict CSP, no framing, no sniffing, no caching of pages."""

from __future__ import annotations

from flask import Flask, request

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


def init_app(app: Flask) -> None:
    app.after_request(set_headers)
