"""Page weight against the budgets of issue 17, counted as Chromium counts them (Resource Timing:
`transferSize` = compressed bytes on the wire with headers, 0 when served from the HTTP cache;
`encodedBodySize` = the compressed body, wherever it came from), on the demo site, in fresh
browser contexts on a phone-sized screen.

- first visit: the start page in a new context, service worker installed and its precache done
  (the page's requests plus the worker's own) ≤ 120 KB;
- each signed-in page with a warm shell (static files already in the browser) ≤ 60 KB;
- the JavaScript of a page that takes no input (no field in <main>) ≤ 30 KB compressed;
- the first HTML of every page ≤ 14 KB on the wire (one round trip of TCP's initial window).

Run: .venv/bin/python -m tests.quality.weight — prints JSON; exits 1 when a budget is exceeded.
tests/e2e/test_page_quality.py runs the same check in CI. docs/quality.md.
"""

from __future__ import annotations

import json
import sys

KB = 1024
BUDGETS = {"first_visit": 120 * KB, "signed_in_page": 60 * KB, "input_free_js": 30 * KB, "first_html": 14 * KB}
PHONE = {"viewport": {"width": 360, "height": 740}, "device_scale_factor": 2, "is_mobile": True, "has_touch": True,
         "locale": "de-DE", "timezone_id": "Europe/Berlin"}
ROLES = ("worker", "supervisor", "admin", "partner", "authority", "service")

ENTRIES = r"""() => {
  const navigation = performance.getEntriesByType('navigation')[0];
  const resources = performance.getEntriesByType('resource');
  const scripts = resources.filter((entry) => new URL(entry.name).pathname.endsWith('.js'));
  return {
    html_transfer: navigation.transferSize, html_body: navigation.encodedBodySize,
    transfer: navigation.transferSize + resources.reduce((sum, entry) => sum + entry.transferSize, 0),
    js: scripts.reduce((sum, entry) => sum + entry.encodedBodySize, 0), scripts: scripts.length,
    script_names: scripts.map((entry) => new URL(entry.name).pathname.replace(/\.[0-9a-f]{10}\.js$/, '.js')),
    takes_input: Boolean(document.querySelector(
      'main input:not([type=hidden]), main textarea, main select, main [contenteditable], main canvas')),
  };
}"""

SHELL_READY = """async () => {
  const registration = await navigator.serviceWorker.ready;
  while (!registration.active || registration.active.state !== 'activated') await new Promise((r) => setTimeout(r, 50));
  return true;
}"""


def settle(page) -> None:
    """Scripts a page imports after load (sync, offline, status line) are part of its weight."""
    page.wait_for_load_state("networkidle")


def first_visit(browser, site) -> dict:
    context = browser.new_context(**PHONE)
    page = context.new_page()
    page.goto(site.url + "/")
    page.evaluate(SHELL_READY)
    settle(page)
    worker = context.service_workers[0]
    own = worker.evaluate("performance.getEntriesByType('resource').reduce((s, e) => s + e.transferSize, 0)")
    count = worker.evaluate("performance.getEntriesByType('resource').length")
    measured = page.evaluate(ENTRIES)
    context.close()
    return {"bytes": measured["transfer"] + own, "page_bytes": measured["transfer"], "service_worker_bytes": own,
            "service_worker_requests": count}


def pages_of(browser, site, role: str) -> dict:
    """Each page the role may open: once cold (first HTML, JavaScript) and once with a warm shell."""
    from .site import PAGES  # noqa: F401  (the route list the pages come from)

    context = browser.new_context(**PHONE, service_workers="block")
    context.add_cookies([site.session_cookie(role)])
    page = context.new_page()
    results = {}
    for endpoint, url in site.pages(role).items():
        page.goto(site.url + url)
        settle(page)
        cold = page.evaluate(ENTRIES)
        page.goto(site.url + url)  # the shell (static files) is now in the browser's cache
        settle(page)
        warm = page.evaluate(ENTRIES)
        results[endpoint] = {"url": url, "first_html": cold["html_transfer"], "js": cold["js"],
                             "scripts": cold["scripts"], "script_names": sorted(set(cold["script_names"])),
                             "takes_input": cold["takes_input"],
                             "warm_page": warm["transfer"]}
    context.close()
    return results


def measure(browser, site) -> dict:
    pages = {}
    for role in ROLES:
        for endpoint, figures in pages_of(browser, site, role).items():
            pages.setdefault(endpoint, {**figures, "role": role})
    return {"first_visit": first_visit(browser, site), "pages": pages}


def over_budget(figures: dict) -> list[str]:
    problems = []
    if figures["first_visit"]["bytes"] > BUDGETS["first_visit"]:
        problems.append(f"first visit {figures['first_visit']['bytes']} B > {BUDGETS['first_visit']} B")
    for endpoint, page in figures["pages"].items():
        if page["warm_page"] > BUDGETS["signed_in_page"]:
            problems.append(f"{endpoint}: {page['warm_page']} B with a warm shell > {BUDGETS['signed_in_page']} B")
        if not page["takes_input"] and page["js"] > BUDGETS["input_free_js"]:
            problems.append(f"{endpoint}: {page['js']} B of JavaScript on a page without input")
        if page["first_html"] > BUDGETS["first_html"]:
            problems.append(f"{endpoint}: first HTML {page['first_html']} B > {BUDGETS['first_html']} B")
    return problems


def summary(figures: dict) -> dict:
    pages = figures["pages"].values()
    no_input = [page["js"] for page in pages if not page["takes_input"]]
    return {
        "first_visit_kb": round(figures["first_visit"]["bytes"] / KB, 1),
        "largest_warm_page_kb": round(max(page["warm_page"] for page in pages) / KB, 1),
        "largest_input_free_js_kb": round(max(no_input) / KB, 1) if no_input else 0,
        "largest_first_html_kb": round(max(page["first_html"] for page in pages) / KB, 1),
        "pages": len(figures["pages"]),
    }


def main() -> int:
    from playwright.sync_api import sync_playwright

    from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS

    from . import site as demo

    running = demo.start()
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            figures = measure(browser, running)
            browser.close()
    finally:
        running.close()
    problems = over_budget(figures)
    print(json.dumps({"summary": summary(figures), "budgets": BUDGETS, "over_budget": problems, **figures}, indent=1))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
