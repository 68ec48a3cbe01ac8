"""Fault injection for tests: installed only by the test factory, so no setting can enable it.

`unavailable`: answer the next N /sync requests with 503 before the app sees them.
`drop_after_commit`: let the next N /sync requests take full effect, then cut the answer short
(the declared length is not sent), so the browser sees a broken connection although the server
committed. `hang`: accept the next N /sync requests and never answer them (a half-open connection
on a phone between cells) until `release` is set or a minute passed. `fail_item`: the handler of
request whose body holds this text is answered 500 before the app sees it, every time (a batch
that keeps failing because of one item in it, as behind a proxy that refuses it). `fired` records each
fault that really happened, for the test to assert on; `parts_asked` the parts each request of
the offline copy asked for. `slow_case_pages`: every GET of a page
under /cases/ and of the offline copy's parts waits this many seconds first (a slow 4G copy).
"""

from __future__ import annotations

import io
import json
import threading
import time
from urllib.parse import parse_qs


class Faults:
    def __init__(self):
        self.lock = threading.Lock()
        self.unavailable = 0
        self.drop_after_commit = 0
        self.hang = 0
        self.release = threading.Event()
        self.fail_item = ""
        self.slow_case_pages = 0.0
        self.fired: list[str] = []
        self.parts_asked: list[list[str]] = []

    def take(self, name: str) -> bool:
        with self.lock:
            if getattr(self, name) > 0:
                setattr(self, name, getattr(self, name) - 1)
                self.fired.append(name)
                return True
            return False


class FaultMiddleware:
    def __init__(self, app, faults: Faults):
        self.app, self.faults = app, faults

    def __call__(self, environ, start_response):
        if environ.get("PATH_INFO") == "/sync/caseload/parts":
            with self.faults.lock:
                self.faults.parts_asked.append(parse_qs(environ.get("QUERY_STRING", "")).get("part", []))
        if self.faults.slow_case_pages and environ.get("REQUEST_METHOD") == "GET" \
                and environ.get("PATH_INFO", "").startswith(("/cases/", "/sync/caseload/parts")):
            time.sleep(self.faults.slow_case_pages)
        if environ.get("PATH_INFO") != "/sync" or environ.get("REQUEST_METHOD") != "POST":
            return self.app(environ, start_response)
        if self.faults.take("hang"):
            self.faults.release.wait(60)  # the phone gives up long before; then the thread is freed
            start_response("503 Service Unavailable", [("Content-Type", "application/json")])
            return [b'{"error": "unavailable"}']
        if self.faults.fail_item:
            length = int(environ.get("CONTENT_LENGTH") or 0)
            sent = environ["wsgi.input"].read(length)
            environ["wsgi.input"] = io.BytesIO(sent)
            if self.faults.fail_item.encode() in sent:
                with self.faults.lock:
                    self.faults.fired.append("fail_item")
                body = json.dumps({"error": "internal_error", "message": "test fault"}).encode()
                start_response("500 Internal Server Error", [("Content-Type", "application/json"),
                                                             ("Content-Length", str(len(body)))])
                return [body]
        if self.faults.take("unavailable"):
            body = json.dumps({"error": "unavailable", "message": "test fault"}).encode()
            start_response("503 Service Unavailable", [("Content-Type", "application/json"),
                                                       ("Content-Length", str(len(body)))])
            return [body]
        if self.faults.take("drop_after_commit"):
            captured = {}

            def capture(status, headers, exc_info=None):
                captured.update(status=status, headers=headers)
                return lambda data: None

            body = b"".join(self.app(environ, capture))  # the request takes full effect here
            headers = [(k, v) for k, v in captured["headers"] if k.lower() != "content-length"]
            start_response(captured["status"], headers + [("Content-Length", str(len(body) + 100))])
            return [body[: len(body) // 2]]  # fewer bytes than declared: the server closes the connection
        return self.app(environ, start_response)


def install(app) -> Faults:
    faults = Faults()
    app.wsgi_app = FaultMiddleware(app.wsgi_app, faults)
    app.extensions["outreach_faults"] = faults
    return faults
