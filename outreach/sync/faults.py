"""Fault injection for tests: installed only by the test factory, so no setting can enable it.

`unavailable`: answer the next N /sync requests with 503 before the app sees them.
`drop_after_commit`: let the next N /sync requests take full effect, then cut the answer short
(the declared length is not sent), so the browser sees a broken connection although the server
committed. `fired` records each fault that really happened, for the test to assert on.
"""

from __future__ import annotations

import json
import threading


class Faults:
    def __init__(self):
        self.lock = threading.Lock()
        self.unavailable = 0
        self.drop_after_commit = 0
        self.fired: list[str] = []

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
        if environ.get("PATH_INFO") != "/sync" or environ.get("REQUEST_METHOD") != "POST":
            return self.app(environ, start_response)
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
