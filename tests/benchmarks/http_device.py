"""A simulated device for benchmarks: HTTP with cookies, a software authenticator, passkey sign-up."""

from __future__ import annotations

import http.cookiejar
import json
import re
import time
import urllib.error
import urllib.request

from tests.support.soft_authenticator import SoftAuthenticator


class Device:
    def __init__(self, base_url: str, device_id: str):
        self.base_url, self.device_id = base_url, device_id
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
        self.soft = SoftAuthenticator()
        self.token = ""

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
        return self.post("/sync", {"device_id": self.device_id, "unsent": len(mutations), "mutations": mutations})
