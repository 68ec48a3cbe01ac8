"""Wires the web-wide pieces onto the app: CSRF, htmx, hashed static files, compression, i18n, security
headers, errors."""

from __future__ import annotations

from flask import Flask
from flask.json.provider import DefaultJSONProvider
from flask_compress import Compress
from flask_htmx import HTMX
from flask_wtf.csrf import CSRFProtect
from werkzeug.middleware.proxy_fix import ProxyFix

from . import assets, audit, errors, folds, i18n, security

csrf = CSRFProtect()
htmx = HTMX()
compress = Compress()


class DoorJSONProvider(DefaultJSONProvider):
    """Every JSON body the app reads passes the input rules of domain/text_input.py: too deep is
    refused before parsing (a ValueError: get_json answers 400, or None when silent), and every
    string comes out cleaned (lone surrogates replaced, control characters removed, NFC)."""

    def loads(self, s, **kwargs):
        from .domain.text_input import check_depth, clean_json

        check_depth(s)
        return clean_json(super().loads(s, **kwargs))


def init_app(app: Flask) -> None:
    app.json = DoorJSONProvider(app)
    proxies = int(app.config["TRUSTED_PROXIES"])
    if proxies:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=proxies)
    csrf.init_app(app)
    htmx.init_app(app)
    assets.init_app(app)
    compress.init_app(app)
    i18n.init_app(app)
    security.init_app(app)
    errors.init_app(app)
    audit.init_app(app)

    @app.template_filter("local_datetime")
    def local_datetime(stamp: str | None) -> str:
        """A stored UTC timestamp as a short Berlin date and time in the person's language."""
        from flask_babel import format_datetime

        from .clock import parse_stamp

        return format_datetime(parse_stamp(stamp), "short") if stamp else ""

    @app.template_filter("format_date")
    def format_date_filter(day) -> str:
        """A calendar date (date or ISO text) the way the person's language writes it."""
        from datetime import date

        from flask_babel import format_date

        if not day:
            return ""
        return format_date(date.fromisoformat(day) if isinstance(day, str) else day, "medium")

    @app.template_filter("euro")
    def euro(cents: int | None) -> str:
        from .domain.money import format_cents

        return format_cents(cents or 0)

    @app.template_filter("euro_plain")
    def euro_plain(cents: int | None) -> str:
        """For input fields: the amount as people type it, without the € sign ("" for zero)."""
        from .domain.money import format_cents

        return format_cents(cents).replace("\u00a0€", "") if cents else ""

    app.jinja_env.globals["fold_open"] = folds.is_open

    @app.context_processor
    def shell_context():
        from .modes import DEMO

        from flask_login import current_user

        # Those who keep cases on their phone have a vault for them (issue 25).
        keeps = current_user.is_authenticated and (current_user.has("worker") or current_user.has("supervisor"))
        return {"demo_mode": app.extensions["outreach_mode"] == DEMO, "current_locale": i18n.current_locale(),
                "keeps_offline_data": keeps}
