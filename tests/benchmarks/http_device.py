"""A simulated device for benchmarks: HTTP with cookies, a software authenticator, passkey sign-up."""

from __future__ import annotations

import http.client
import http.cookiejar
import json
import re
import time
import urllib.error
import urllib.request

from tests.support.soft_authenticator import SoftAuthenticator


class Device:
    def __init__(self, base_url: str, device_id: str, keep_alive: bool = True):
        self.base_url, self.device_id, self.keep_alive = base_url, device_id, keep_alive
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.cookies))
        self.soft = SoftAuthenticator()
        self.token = ""
        self.connection: http.client.HTTPConnection | None = None

    def get(self, path: str) -> str:
        with self.opener.open(self.base_url + path, timeout=30) as response:
            html = response.read().decode()
        found = re.search(r'name="csrf-token" content="([^"]+)"', html)
        if found:
            self.token = found.group(1)
        return html

    def post(self, path: str, body) -> tuple[int, dict, float]:
        request = urllib.request.Request(
            self.base_url + path, data=json.dumps(body).encode(), method="POST",
            headers={"Content-Type": "application/json", "Accept": "application/json", "X-CSRFToken": self.token,
                     "Origin": self.base_url})
        started = time.perf_counter()
        try:
            with self.opener.open(request, timeout=60) as response:
                status, data = response.status, json.loads(response.read())
        except urllib.error.HTTPError as error:
            status, data = error.code, json.loads(error.read() or b"{}")
        return status, data, time.perf_counter() - started

    def register(self, invite_token: str) -> None:
        self.get(f"/invite/{invite_token}")
        _, options, _ = self.post(f"/invite/{invite_token}/options", {})
        credential = self.soft.create(options["publicKey"], origin=self.base_url)
        status, data, _ = self.post(f"/invite/{invite_token}/verify",
                                    {"credential": credential, "device_id": self.device_id, "name": "Bench"})
        assert status == 200, data
        self.get("/")

    def sync(self, mutations: list[dict]) -> tuple[int, dict, float]:
        """As a phone's browser sends it: over a connection kept open between requests (HTTP/1.1
        keep-alive), not a new TCP connection for each."""
        envelope = {"device_id": self.device_id, "unsent": len(mutations), "mutations": mutations}
        if not self.keep_alive:
            return self.post("/sync", envelope)  # a new connection for each request
        body = json.dumps(envelope).encode()
        headers = {"Content-Type": "application/json", "Accept": "application/json", "X-CSRFToken": self.token,
                   "Origin": self.base_url, "Cookie": "; ".join(f"{c.name}={c.value}" for c in self.cookies)}
        started = time.perf_counter()
        if self.connection is None:
            host, port = self.base_url.split("//", 1)[1].rsplit(":", 1)
            self.connection = http.client.HTTPConnection(host, int(port), timeout=60)
        try:
            self.connection.request("POST", "/sync", body=body, headers=headers)
            response = self.connection.getresponse()
            status, data = response.status, json.loads(response.read() or b"{}")
        except (OSError, http.client.HTTPException):
            self.connection.close()
            self.connection = None
            raise
        return status, data, time.perf_counter() - started
