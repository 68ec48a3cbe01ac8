"""The app shell in real Chromium on a phone-sized screen: German, installable, offline-safe."""

from __future__ import annotations

import json
import re
import shutil

from playwright.sync_api import Page, expect

from outreach.assets import Assets
from tests.e2e.conftest import static_url


def wait_for_service_worker_control(page: Page) -> None:
    page.wait_for_function("() => navigator.serviceWorker.controller !== null", timeout=15000)


def collect_csp_violations(page: Page) -> list[str]:
    violations: list[str] = []
    page.on("console", lambda msg: violations.append(msg.text) if "Content Security Policy" in msg.text else None)
    return violations


def test_start_page_renders_in_german_without_csp_violations(page: Page, live_server):
    violations = collect_csp_violations(page)
    page.goto(live_server + "/")
    expect(page.locator("html")).to_have_attribute("lang", "de")
    expect(page.get_by_role("heading", level=1)).to_have_text("Die Wohnung erhalten")
    expect(page.get_by_role("main")).to_be_visible()
    page.wait_for_load_state("networkidle")
    assert page.evaluate("window.htmx") is None  # a page without hx- attributes does not load htmx
    assert page.evaluate("document.querySelectorAll('style').length") == 0
    assert violations == []


def test_page_fits_a_phone_and_touch_targets_are_large_enough(page: Page, live_server):
    page.goto(live_server + "/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    sizes = page.evaluate(
        """() => [...document.querySelectorAll('button, a.button, .brand, input, select, textarea')]
              .filter(el => el.offsetParent !== null)
              .map(el => { const r = el.getBoundingClientRect(); return [el.textContent.trim(), r.width, r.height]; })"""
    )
    assert sizes
    for label, width, height in sizes:
        assert width >= 44 and height >= 44, (label, width, height)


def test_tapping_english_switches_the_language(page: Page, live_server):
    page.goto(live_server + "/")
    page.get_by_role("button", name="English").tap()
    expect(page.get_by_role("heading", level=1)).to_have_text("Keep the home")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    page.get_by_role("button", name="Deutsch").tap()
    expect(page.get_by_role("heading", level=1)).to_have_text("Die Wohnung erhalten")


def test_manifest_is_linked_valid_and_its_icons_load(page: Page, live_server):
    page.goto(live_server + "/")
    href = page.locator("link[rel=manifest]").get_attribute("href")
    manifest = page.evaluate("async (href) => (await fetch(href)).json()", href)
    assert manifest["display"] == "standalone" and manifest["start_url"] == "/"
    for icon in manifest["icons"]:
        size = page.evaluate(
            """async (src) => { const img = new Image(); img.src = src; await img.decode();
                                return [img.naturalWidth, img.naturalHeight]; }""",
            icon["src"],
        )
        assert f"{size[0]}x{size[1]}" == icon["sizes"]
    # Chromium's own view of the manifest: parsed without errors, installable icons.
    cdp = page.context.new_cdp_session(page)
    parsed = cdp.send("Page.getAppManifest")
    assert parsed["errors"] == [], json.dumps(parsed["errors"])
    assert parsed["url"].endswith("/manifest.webmanifest")


def test_service_worker_controls_the_page(page: Page, live_server):
    page.goto(live_server + "/")
    wait_for_service_worker_control(page)
    scope = page.evaluate("(async () => (await navigator.serviceWorker.ready).scope)()")
    assert scope == live_server + "/"
    cached = page.evaluate(
        """async () => { const names = await caches.keys();
                         const cache = await caches.open(names.find(n => n.startsWith('outreach-shell-')));
                         return (await cache.keys()).map(r => new URL(r.url).pathname); }"""
    )
    assert "/offline" in cached
    assert any(re.fullmatch(r"/static/vendor/htmx-2\.0\.11\.min\.[0-9a-f]{10}\.js", path) for path in cached)


def test_offline_reload_shows_the_apps_offline_page(page: Page, live_server):
    page.goto(live_server + "/")
    wait_for_service_worker_control(page)
    page.context.set_offline(True)
    page.reload()
    expect(page.get_by_role("heading", level=1)).to_have_text("Keine Verbindung")
    # The shell's own styles and scripts still load from the cache.
    assert page.evaluate("getComputedStyle(document.querySelector('.app-header')).backgroundColor") == "rgb(122, 31, 43)"
    page.goto(live_server + "/some/page/never/visited")
    expect(page.get_by_role("heading", level=1)).to_have_text("Keine Verbindung")
    page.context.set_offline(False)
    page.reload()
    expect(page.get_by_role("heading", level=1)).not_to_have_text("Keine Verbindung")


def test_an_update_fetches_only_the_static_files_that_changed(page: Page, live_app_factory, tmp_path):
    """Content-hashed names: a new release in which only the style sheet changed makes the new
    service worker fetch that one file; every other file comes from the old shell."""
    server = live_app_factory()
    page.goto(server.url + "/")
    wait_for_service_worker_control(page)
    static = tmp_path / "static"
    shutil.copytree(server.app.static_folder, static)
    with (static / "css" / "app.css").open("a") as css:
        css.write("\n/* release 2 */\n")
    server.app.extensions["outreach_assets"] = Assets(static)
    server.app.extensions.pop("outreach_shell", None)  # the shell's version follows the new names
    fetched = []
    serve = server.app.wsgi_app

    def recording(environ, start_response):
        fetched.append(environ["PATH_INFO"])
        return serve(environ, start_response)

    server.app.wsgi_app = recording
    page.evaluate("async () => (await navigator.serviceWorker.getRegistration()).update()")
    page.evaluate("""async () => { const registration = await navigator.serviceWorker.getRegistration();
        while (!registration.waiting) await new Promise((resolve) => setTimeout(resolve, 50)); }""")
    statics = [path for path in fetched if path.startswith("/static/")]
    assert statics == [static_url(server.app, "css/app.css")], fetched
    assert "/sw.js" in fetched and len(fetched) < 10
