"""Chromium's own network throttling and response sizes, for a page and its service worker.

Playwright neither throttles nor sees a service worker's fetches, so this speaks CDP directly: a
browser-level session attaches to every service-worker target (non-flat sessions, messages
through Target.sendMessageToTarget), and a page session is used for the page. Both get
`Network.emulateNetworkConditions` and report `Network.loadingFinished.encodedDataLength`:
the bytes that crossed the wire (headers and compressed body) per request.
"""

from __future__ import annotations

import itertools
import json
import threading
from dataclasses import dataclass

# The profile of the scale issue: slow 4G as Chromium's DevTools defines it.
SLOW_4G = {"offline": False, "latency": 150, "downloadThroughput": 1.6e6 / 8, "uploadThroughput": 750e3 / 8}


@dataclass
class Transfer:
    url: str
    bytes: int
    source: str  # "page" or "worker"


class SlowLine:
    def __init__(self, browser, page, origin: str, conditions: dict | None = SLOW_4G):
        self.origin, self.conditions = origin, conditions
        self.lock = threading.Lock()
        self.urls: dict[str, str] = {}
        self.transfers: list[Transfer] = []
        self.ids = itertools.count(1)
        self.workers: dict[str, str] = {}  # target id -> session id
        self.browser_session = browser.new_browser_cdp_session()
        self.browser_session.on("Target.receivedMessageFromTarget", self._from_worker)
        self.page_session = page.context.new_cdp_session(page)
        self.page_session.on("Network.requestWillBeSent", lambda p: self._sent(p, "page"))
        self.page_session.on("Network.loadingFinished", lambda p: self._finished(p, "page"))
        self.page_session.send("Network.enable")
        if conditions:
            self.page_session.send("Network.emulateNetworkConditions", conditions)
        self.attach_workers()

    def attach_workers(self) -> int:
        """Attach to service workers of the origin not yet attached (call again after an update)."""
        for target in self.browser_session.send("Target.getTargets")["targetInfos"]:
            if target["type"] != "service_worker" or not target["url"].startswith(self.origin):
                continue
            if target["targetId"] in self.workers:
                continue
            session = self.browser_session.send("Target.attachToTarget",
                                                {"targetId": target["targetId"], "flatten": False})["sessionId"]
            self.workers[target["targetId"]] = session
            self._to_worker(session, "Network.enable")
            if self.conditions:
                self._to_worker(session, "Network.emulateNetworkConditions", self.conditions)
        return len(self.workers)

    def _to_worker(self, session: str, method: str, params: dict | None = None) -> None:
        message = {"id": next(self.ids), "method": method, "params": params or {}}
        self.browser_session.send("Target.sendMessageToTarget", {"sessionId": session, "message": json.dumps(message)})

    def _from_worker(self, event) -> None:
        message = json.loads(event["message"])
        if message.get("method") == "Network.requestWillBeSent":
            self._sent(message["params"], "worker")
        elif message.get("method") == "Network.loadingFinished":
            self._finished(message["params"], "worker")

    def _sent(self, params, source) -> None:
        with self.lock:
            self.urls[f"{source}:{params['requestId']}"] = params["request"]["url"]

    def _finished(self, params, source) -> None:
        with self.lock:
            url = self.urls.get(f"{source}:{params['requestId']}", "")
            self.transfers.append(Transfer(url, int(params["encodedDataLength"]), source))

    def reset(self) -> None:
        with self.lock:
            self.transfers.clear()

    def sent(self, path_prefix: str = "", source: str | None = None) -> list[Transfer]:
        with self.lock:
            return [t for t in self.transfers if t.url.startswith(self.origin + path_prefix)
                    and (source is None or t.source == source)]

    def total(self, path_prefix: str = "", source: str | None = None) -> int:
        return sum(t.bytes for t in self.sent(path_prefix, source))
