"""Real headless Chromium (Debian's package) against the app served by waitress on loopback."""

from __future__ import annotations

import shutil
import threading

import pytest
from waitress.server import create_server

from outreach import create_app
from tests.conftest import make_test_config

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PHONE = {"width": 360, "height": 740}


def pytest_collection_modifyitems(items):
    for item in items:
        if "/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)
            # Real browsers, service workers and timers: a rare timing flake is retried twice and
            # reported as a rerun in the summary (known cases: docs/offline.md "Test notes").
            item.add_marker(pytest.mark.flaky(reruns=2))


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS, "headless": True}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    # A phone: 360 px wide, touch, German.
    return {
        **browser_context_args,
        "viewport": PHONE,
        "device_scale_factor": 2,
        "is_mobile": True,
        "has_touch": True,
        "locale": "de-DE",
        "timezone_id": "Europe/Berlin",
    }


def wait_until(page, predicate: str, timeout: float = 15000) -> None:
    """Wait until an async predicate (JavaScript source of a function) is true in the page.

    Playwright's wait_for_function does not await a promise: an async predicate returns a Promise,
    which is truthy, so it would return at once. This polls and awaits each answer."""
    script = f"""async (timeout) => {{ const predicate = {predicate}; const end = Date.now() + timeout;
        while (Date.now() < end) {{ if (await predicate()) return true; await new Promise((r) => setTimeout(r, 50)); }}
        return false; }}"""
    assert page.evaluate(script, timeout), f"not true within {timeout:.0f} ms: {predicate}"


def static_url(app, name: str) -> str:
    """A static file's address as pages use it (content-hashed, what the service worker holds)."""
    return "/static/" + app.extensions["outreach_assets"].url_name(name)


class LiveServer:
    """The app on a free loopback port; URLs use `localhost` (WebAuthn refuses 127.0.0.1)."""

    def __init__(self, app):
        self.app = app
        self.server = create_server(app, host="127.0.0.1", port=0, threads=8, ident="outreach-test")
        self.port = self.server.effective_port
        self.url = f"http://localhost:{self.port}"
        self.closing = False
        self.thread = threading.Thread(target=self._serve, daemon=True)

    def _serve(self):
        try:
            self.server.run()
        except OSError:
            if not self.closing:  # closing the socket under a running select() is how it stops
                raise

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.closing = True
        self.server.close()
        self.thread.join(timeout=5)


@pytest.fixture
def live_app_factory(tmp_path):
    """Start an app with extra test settings; PUBLIC_ORIGIN follows the chosen port."""
    servers = []

    def start(**overrides) -> LiveServer:
        config = make_test_config(tmp_path, **overrides)
        server = LiveServer(create_app(config))
        server.app.config["PUBLIC_ORIGIN"] = server.url
        servers.append(server.__enter__())
        return server

    yield start
    for server in servers:
        server.__exit__(None, None, None)


@pytest.fixture
def live_server(live_app_factory) -> str:
    return live_app_factory().url


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    """In CI no browser test may be skipped: a skipped e2e test fails the run."""
    import os

    skipped = [r for r in terminalreporter.stats.get("skipped", []) if "/e2e/" in str(getattr(r, "fspath", "")) or "e2e" in r.nodeid]
    if os.environ.get("CI") and skipped:
        terminalreporter.write_line(f"FAILED: {len(skipped)} browser test(s) skipped in CI", red=True)
        terminalreporter._session.exitstatus = 1


VIRTUAL_AUTHENTICATOR = {
    "protocol": "ctap2", "ctap2Version": "ctap2_1", "transport": "internal", "hasResidentKey": True,
    "hasUserVerification": True, "isUserVerified": True, "hasPrf": True, "automaticPresenceSimulation": True,
}


@pytest.fixture
def signed_in_phone(browser, browser_context_args):
    """A phone (fresh browser context with its own virtual authenticator) on which `person`
    registered a passkey from an invitation, through the real UI. Returns the page."""
    from playwright.sync_api import expect

    from tests.support.people import make_invitation

    contexts = []

    def open_phone(server, person):
        context = browser.new_context(**browser_context_args)
        contexts.append(context)
        page = context.new_page()
        cdp = context.new_cdp_session(page)
        cdp.send("WebAuthn.enable")
        cdp.send("WebAuthn.addVirtualAuthenticator", {"options": VIRTUAL_AUTHENTICATOR})
        page.goto(server.url + "/invite/" + make_invitation(server.app, person.id))
        page.get_by_role("button", name="Passkey einrichten").tap()
        expect(page).to_have_url(server.url + "/account/passkeys")
        return page

    yield open_phone
    for context in contexts:
        context.close()
