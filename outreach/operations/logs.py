"""One line per request (issue 24): time, method, route, status, duration and the request id —
the id the answer carries in `X-Request-Id` and an error page shows. Never a path (it can hold an
invitation token), a query, a name or any text a person typed. As text for a terminal, or as one
JSON object per line for a log collector (`outreach serve --log-format json`)."""

from __future__ import annotations

import json
import logging
import time

from flask import request

from ..errors import request_id
from .metrics import elapsed

log = logging.getLogger("outreach.requests")
FIELDS = ("time", "method", "route", "status", "duration_ms", "request_id")


class JsonLines(logging.Formatter):
    """A record's fields as one JSON object (the standard library's json: nothing to add)."""

    def format(self, record: logging.LogRecord) -> str:
        fields = getattr(record, "fields", None)
        if fields is None:  # any other logger's line: its level and message
            fields = {"time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S"), "level": record.levelname,
                      "logger": record.name, "message": record.getMessage()}
        return json.dumps(fields, ensure_ascii=False, separators=(",", ":"))


class Text(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        fields = getattr(record, "fields", None)
        if fields is None:
            return super().format(record)
        return (f"{fields['time']} {fields['method']} {fields['route']} {fields['status']} "
                f"{fields['duration_ms']} ms req={fields['request_id']}")


def configure(log_format: str) -> None:
    """Every line of the app (requests, errors, the sender) to stderr in the chosen format."""
    handler = logging.StreamHandler()
    handler.setFormatter(JsonLines() if log_format == "json" else Text("%(asctime)s %(levelname)s %(name)s %(message)s"))
    root = logging.getLogger()
    for old in list(root.handlers):
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(logging.INFO)


def line(response):
    seconds = elapsed()
    fields = {
        "time": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "method": request.method if len(request.method) <= 10 else "other",
        "route": request.endpoint or "unmatched",
        "status": response.status_code,
        "duration_ms": round(seconds * 1000, 1) if seconds is not None else None,
        "request_id": request_id(),
    }
    log.info("request", extra={"fields": fields})
    return response
