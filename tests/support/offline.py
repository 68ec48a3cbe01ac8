"""The offline copy as a phone's service worker takes it: the plan, then the parts it names."""

from __future__ import annotations

from urllib.parse import urlencode

from outreach.sync import page_delta


def plan(browser) -> dict:
    response = browser.client.get("/sync/caseload")
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    return response.json


def parts(browser, keys, have=()) -> dict:
    query = [("part", key) for key in keys] + [("have", frame_id) for frame_id in have]
    response = browser.client.get("/sync/caseload/parts?" + urlencode(query))
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    return response.json


def pages_of(answer: dict, frames: dict[str, list[str]]) -> dict[str, str]:
    """URL → HTML of every page in a parts answer, put back together from the frames as the
    service worker does (the frames of this answer are added to `frames`)."""
    frames.update(answer.get("frames", {}))
    pages = {}
    for part in answer["parts"]:
        for page in part["pages"]:
            pages[page["url"]] = (page["html"] if "html" in page
                                  else page_delta.rebuild(frames[page["frame"]], page["ops"], page["url"]))
    return pages


def offline_pages(browser) -> dict[str, str]:
    """Every page of the person's offline set, URL → HTML, fetched as the phone fetches them."""
    answer = plan(browser)
    keys = list(answer["parts"])
    pages, frames = {}, {}
    for start in range(0, len(keys), answer["parts_per_request"]):
        pages.update(pages_of(parts(browser, keys[start:start + answer["parts_per_request"]], frames), frames))
    return pages
