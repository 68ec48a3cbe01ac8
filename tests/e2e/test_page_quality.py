"""Every page of the route list, as each role that may open it, in Chromium on a phone: axe-core
finds no WCAG 2.2 A/AA violation (tap targets included: rule target-size, WCAG 2.5.8), and nothing
is wider than the screen at 360 px or at 320 px (a 640 px window at 200 % zoom, WCAG 1.4.10).
The pages come from the demo site (tests/quality/site.py); a new GET route fails the coverage test
until it is listed there. docs/quality.md."""

from __future__ import annotations

import json
import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import PHONE
from tests.quality import site as demo
from tests.quality import weight
from tests.quality.tools import AXE, install_hint

ROLES = [None, "worker", "supervisor", "admin", "partner", "authority", "service"]
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]
ZOOMED = {"width": 320, "height": 740}  # 640 px window at 200 % zoom: the WCAG reflow width

# What sticks out: the document itself, and each element whose right edge passes the screen.
OVERFLOW = """() => {
  const width = document.documentElement.clientWidth;
  const wide = [...document.querySelectorAll('body *')].filter((element) => {
    const box = element.getBoundingClientRect();
    if (!box.width || getComputedStyle(element).position === 'fixed') return false;
    let parent = element.parentElement;  // inside a box that scrolls on its own (a table wrapper) is fine
    while (parent && parent !== document.body) {
      if (['auto', 'scroll', 'hidden'].includes(getComputedStyle(parent).overflowX)) return false;
      parent = parent.parentElement;
    }
    return box.right > width + 1;
  }).slice(0, 3).map((element) => `${element.tagName.toLowerCase()}${element.id ? '#' + element.id : ''}`
      + `${element.className && typeof element.className === 'string' ? '.' + element.className.split(' ')[0] : ''}`
      + ` (${Math.round(element.getBoundingClientRect().right)} px)`);
  return {scroll: document.documentElement.scrollWidth, width, wide};
}"""


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    running = demo.start(tmp_path_factory.mktemp("quality"))
    yield running
    running.close()


def test_the_route_list_names_every_get_route_and_each_opens_for_some_role(site):
    endpoints = {rule.endpoint for rule in site.app.url_map.iter_rules() if "GET" in rule.methods}
    assert endpoints - set(demo.PAGES) - set(demo.NOT_PAGES) == set(), "list new GET routes in tests/quality/site.py"
    assert set(demo.PAGES) - endpoints == set()
    opened = set().union(*(site.pages(role) for role in ROLES))
    assert set(demo.PAGES) - opened == set(), "these pages opened for no role"


def phone(browser, site, role, viewport=PHONE):
    context = browser.new_context(viewport=viewport, device_scale_factor=2, is_mobile=True, has_touch=True,
                                  locale="de-DE", timezone_id="Europe/Berlin", service_workers="block",
                                  bypass_csp=True)  # only so axe can be injected; the app's CSP is tested elsewhere
    if role:
        context.add_cookies([site.session_cookie(role)])
    return context


@pytest.mark.timeout(600)
def adopt_device(page, site, role):
    """The browser takes the device id the role's session was signed in with (a sign-in through the
    demo form does the same): the phone's vault is given only to the session's own device."""
    page.goto(site.url + "/manifest.webmanifest")  # the origin, without the app starting
    page.evaluate("""(id) => new Promise((resolve, reject) => {
        const q = indexedDB.open('outreach-device', 1);
        q.onupgradeneeded = () => q.result.createObjectStore('device');
        q.onsuccess = () => { const tx = q.result.transaction('device', 'readwrite');
          tx.objectStore('device').put(id, 'id'); tx.oncomplete = () => { q.result.close(); resolve(); }; };
        q.onerror = reject; })""", demo.DEVICE.format(list(demo.PEOPLE).index(role) + 1))


@pytest.mark.parametrize("role", ROLES, ids=lambda role: role or "anonymous")
def test_every_page_passes_axe_and_fits_a_phone_for_each_role_that_may_open_it(browser, site, role):
    assert AXE.exists(), install_hint()
    problems, checked = [], set()
    pages = site.pages(role)
    context = phone(browser, site, role)
    page = context.new_page()
    for endpoint, url in pages.items():
        page.goto(site.url + url, wait_until="load")
        page.add_script_tag(path=str(AXE))
        result = page.evaluate("(tags) => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG)
        checked |= {rule["id"] for key in ("passes", "violations", "incomplete") for rule in result[key]}
        for violation in result["violations"]:
            targets = [node["target"] for node in violation["nodes"][:3]]
            problems.append(f"{endpoint} {url}: axe {violation['id']} ({violation['impact']}) {targets}")
        fit = page.evaluate(OVERFLOW)
        if fit["scroll"] > fit["width"] or fit["wide"]:
            problems.append(f"{endpoint} {url}: wider than 360 px: {fit}")
    page.set_viewport_size(ZOOMED)
    for endpoint, url in pages.items():
        page.goto(site.url + url, wait_until="load")
        fit = page.evaluate(OVERFLOW)
        if fit["scroll"] > fit["width"] or fit["wide"]:
            problems.append(f"{endpoint} {url}: wider than 320 px (200 % zoom): {fit}")
    context.close()
    assert {"target-size", "color-contrast"} <= checked  # WCAG 2.5.8 and friends really ran
    assert pages and problems == [], "\n".join(problems)


HTMX = re.compile(r'<meta name="outreach-htmx" content="/static/vendor/htmx-[^"]+">')
HX_ATTRIBUTE = re.compile(r"\shx-(get|post|put|patch|delete)=")


@pytest.mark.parametrize("role", ROLES, ids=lambda role: role or "anonymous")
def test_htmx_is_loaded_exactly_on_the_pages_that_use_it(site, role):
    client = site.client(role)
    for endpoint, url in site.pages(role).items():
        html = client.get(url).get_data(as_text=True)
        assert bool(HTMX.search(html)) == bool(HX_ATTRIBUTE.search(html)), endpoint


# Scripts that only some pages need, and the pages that need them.
ONLY_ON = {
    "/static/vendor/signature_pad-5.1.4.js": {"consent.new_consent"},
    "/static/js/budget-form.js": {"budgets.budget_form"},
    "/static/js/budget-rules.js": {"budgets.budget_form"},
    "/static/js/budget-charts.js": {"budgets.budget_form"},
    "/static/js/money.js": {"budgets.budget_form"},
    "/static/js/passkey.js": {"auth.sign_in", "auth.invitation", "auth.own_passkeys", "approvals.review"},
    "/static/vendor/htmx-2.0.11.min.js": {"cases.case_page", "cases.caseload"},
}


@pytest.mark.timeout(600)
def test_page_weight_stays_within_its_budgets_and_each_page_loads_only_its_javascript(browser, site):
    """The budgets of tests/quality/weight.py (first visit, warm pages, JavaScript, first HTML)."""
    expected = set().union(*(site.pages(role) for role in weight.ROLES))
    figures = weight.measure(browser, site)
    assert set(figures["pages"]) == expected
    assert weight.over_budget(figures) == [], json.dumps(weight.summary(figures))
    for script, pages in ONLY_ON.items():
        loading = {endpoint for endpoint, page in figures["pages"].items() if script in page["script_names"]}
        assert loading == pages & set(figures["pages"]), script


SHIFTS = """window.__shifts = [];
new PerformanceObserver((list) => { for (const entry of list.getEntries()) if (!entry.hadRecentInput)
  window.__shifts.push({value: entry.value, moved: entry.sources.map((s) => s.node ? s.node.nodeName + '#' + s.node.id : '?')}); })
  .observe({type: 'layout-shift', buffered: true});"""


@pytest.mark.parametrize("path", ["/cases", "/cases/{case}", "/cases/{case}/budget", "/deadlines"])
def test_a_first_visit_offers_no_update_and_nothing_moves_while_the_app_starts(browser, site, path):
    """The service worker installs, the caseload is copied, the status line fills in: the page
    stays where it is (no layout shift) and no "new version" banner appears for the first version."""
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True, locale="de-DE")
    context.add_cookies([site.session_cookie("worker")])
    context.add_init_script(SHIFTS)
    page = context.new_page()
    adopt_device(page, site, "worker")
    page.goto(site.url + path.format(**site.ids))
    page.evaluate(weight.SHELL_READY)
    # The demo's worker protects the offline data with a PIN first, and is told why (the demo has no
    # passkeys); the vault's sheet does not move the page.
    expect(page.locator("[data-vault-message]")).to_contain_text("Demo: Die Offline-Daten werden mit einer Geräte-PIN verschlüsselt",
                                                                 timeout=20000)  # after the worker's first install
    page.get_by_label("Neue Geräte-PIN (mindestens 6 Ziffern)").fill("482915")
    page.get_by_label("Dieselbe PIN noch einmal").fill("482915")
    page.get_by_role("button", name="PIN festlegen").tap()
    # (the copy starts once the vault is open: after the PIN's key derivation, not at the worker's start)
    page.wait_for_function("() => document.querySelector('[data-sync-status]').textContent.includes('offline')",
                           timeout=45000)
    assert page.locator("[data-update-banner]").is_hidden()
    shifts = page.evaluate("window.__shifts")
    context.close()
    assert sum(shift["value"] for shift in shifts) < 0.01, shifts
