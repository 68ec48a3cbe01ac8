"""Error answers: an HTML page or JSON by what the client accepts; nothing internal revealed.

Every request gets an id (the `X-Request-Id` answer header). A 4xx writes no traceback; an
unexpected error writes exactly one, with that id, and the person sees the id on the error page,
so what they report can be found in the log."""

from __future__ import annotations

import secrets

from flask import Flask, g, jsonify, render_template, request
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError


def _messages() -> dict[int, str]:
    return {
        400: _("The request could not be understood. Please check your input and try again."),
        401: _("Please sign in again."),
        403: _("You are not allowed to do this."),
        404: _("This page does not exist or you may not see it."),
        405: _("This action is not possible here."),
        409: _("This is no longer possible: it has changed in the meantime. Please reload the page."),
        413: _("What you sent is too large."),
        429: _("Too many attempts. Please wait a moment and try again."),
        500: _("Something went wrong on our side. What you entered is kept; please try again later."),
    }


def wants_json() -> bool:
    if request.path.startswith(("/sync", "/api/")) or request.is_json:
        return True
    best = request.accept_mimetypes.best_match(["text/html", "application/json"])
    return best == "application/json"


def request_id() -> str:
    if "request_id" not in g:
        g.request_id = secrets.token_hex(8)
    return g.request_id


def error_response(status: int, code: str, message: str | None = None):
    message = message or _messages().get(status) or _messages()[500]
    reference = request_id() if status >= 500 else None
    if wants_json():
        extra = {"request_id": reference} if reference else {}
        return jsonify(error=code, message=message, **extra), status
    return render_template("errors/error.html", status=status, message=message, request_id=reference), status


def handle_http(exc: HTTPException):
    status = exc.code or 500
    return error_response(status, code=(exc.name or "error").lower().replace(" ", "_"))


def handle_csrf(exc: CSRFError):
    # Its own code, so the sync client knows to fetch a fresh token and retry once.
    return error_response(
        403, "csrf", _("Your form has expired for security reasons. Please reload the page and send it again.")
    )


def handle_unexpected(exc: Exception):
    if isinstance(exc, HTTPException):
        return handle_http(exc)
    from flask import current_app

    from .db import mark_request_failed

    current_app.logger.exception("Unhandled error (request %s, %s %s)", request_id(), request.method, request.path)
    mark_request_failed()  # nothing of a request that failed half-way is kept
    return error_response(500, "internal_error")


def tag_response(response):
    response.headers["X-Request-Id"] = request_id()
    return response


def init_app(app: Flask) -> None:
    app.after_request(tag_response)
    app.register_error_handler(CSRFError, handle_csrf)
    app.register_error_handler(HTTPException, handle_http)
    app.register_error_handler(InternalServerError, handle_unexpected)
    app.register_error_handler(Exception, handle_unexpected)
