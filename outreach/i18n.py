"""German first, English second: the person's choice (a cookie) or German."""

from __future__ import annotations

from flask import Flask, current_app, request
from flask_babel import Babel, get_locale

LANGUAGE_COOKIE = "outreach_lang"

babel = Babel()


def select_locale() -> str:
    languages = current_app.config["LANGUAGES"]
    chosen = request.cookies.get(LANGUAGE_COOKIE)
    return chosen if chosen in languages else languages[0]


def current_locale() -> str:
    return str(get_locale() or current_app.config["LANGUAGES"][0])


def init_app(app: Flask) -> None:
    babel.init_app(app, locale_selector=select_locale)
