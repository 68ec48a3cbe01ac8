"""The offline copy as a phone's service worker takes it: the plan, then the parts it names."""

from __future__ import annotations

from urllib.parse import urlencode


def plan(browser) -> dict:
    response = browser.client.get("/sync/caseload")
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    return response.json


def parts(browser, keys) -> dict:
    response = browser.client.get("/sync/caseload/parts?" + urlencode([("part", key) for key in keys]))
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    return response.json


def offline_pages(browser) -> dict[str, str]:
    """Every page of the person's offline set, URL → HTML, fetched as the phone fetches them."""
    answer = plan(browser)
    keys = list(answer["parts"])
    pages = {}
    for start in range(0, len(keys), answer["parts_per_request"]):
        for part in parts(browser, keys[start:start + answer["parts_per_request"]])["parts"]:
            pages.update({page["url"]: page["html"] for page in part["pages"]})
    return pages
