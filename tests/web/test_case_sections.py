"""The case page is composed of registered sections: order, refusal by the viewer, and a refused
form that re-renders its own section alone (htmx) or inside the whole page (no JavaScript)."""

from __future__ import annotations

import re

import pytest

from outreach.cases import sections
from tests.support.budgets import save_budget
from tests.support.notes import save_note, send
from tests.web.test_cases import form, open_case

HTMX = {"HX-Request": "true"}


def section_ids(html: str) -> list[str]:
    return re.findall(r'<section id="([a-z-]+)" class="card"', html)


@pytest.fixture
def case_id(centre):
    return open_case(centre)


def test_the_page_shows_each_areas_section_in_the_registered_order(centre, case_id):
    shown = section_ids(centre.worker.client.get(f"/cases/{case_id}").get_data(as_text=True))
    expected = [s.name for s in sections.registered() if s.name in shown]
    assert shown == expected
    assert {"deadlines", "visits", "budget", "household", "consents", "ledger", "timeline"} <= set(shown)


def test_an_area_that_refuses_the_viewer_renders_nothing(centre, case_id):
    note = save_note(centre.worker.person.id, case_id, status="submitted", situation="Zur Freigabe.")
    assert send(centre.worker, note)[0]["status"] == "applied"
    supervisor = centre.supervisor.client.get(f"/cases/{case_id}").get_data(as_text=True)
    worker = centre.worker.client.get(f"/cases/{case_id}").get_data(as_text=True)
    assert "approvals" in section_ids(supervisor) and f"/approvals/{note['entity_id']}" in supervisor
    assert "approvals" not in section_ids(worker) and "Wartet auf Ihre Entscheidung" not in worker
    assert "assign" in section_ids(supervisor) and "assign" not in section_ids(worker)


def test_a_partner_gets_no_section_of_the_case(centre, case_id):
    for who in (centre.partner, centre.city_partner, centre.admin):
        response = who.client.get(f"/cases/{case_id}")
        assert response.status_code == 404 and section_ids(response.get_data(as_text=True)) == []


def test_a_loader_returning_none_leaves_its_section_out(app, centre, case_id):
    sections.register("test-refuses", order=1, partial="cases/_timeline.html", loader=lambda db, case, view: None)
    sections.register("test-shows", order=2, partial="cases/_deadlines.html",
                      loader=lambda db, case, view: {"seen": case["id"]})
    try:
        html = centre.worker.client.get(f"/cases/{case_id}").get_data(as_text=True)
        assert section_ids(html)[0] == "deadlines" and "test-refuses" not in html
    finally:
        sections.unregister("test-refuses")
        sections.unregister("test-shows")


def test_a_refused_form_with_htmx_re_renders_only_its_section_with_what_was_typed(centre, case_id):
    response = centre.worker.client.post(f"/cases/{case_id}/members", headers=HTMX,
                                         data=form(centre.worker, name="", birth_year="1887", relation="Sohn"))
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "<html" not in html and section_ids(html) == ["household"]
    assert 'value="1887"' in html and 'value="Sohn"' in html and 'aria-invalid="true"' in html


def test_the_same_refusal_without_javascript_shows_the_whole_page(centre, case_id):
    response = centre.worker.client.post(f"/cases/{case_id}/members",
                                         data=form(centre.worker, name="", birth_year="1887", relation="Sohn"))
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "<html" in html and len(section_ids(html)) > 5 and 'value="Sohn"' in html
    # only the failed section carries the messages and the typed values
    ledger = re.search(r'<section id="ledger".*?</section>', html, re.S).group(0)
    assert "aria-invalid" not in ledger


@pytest.mark.parametrize("path, data, section", [
    ("/cases/{id}/ledger", {"year": "1999", "month": "13", "due": "abc"}, "ledger"),
    ("/cases/{id}/attempts", {"kind": "carrier_pigeon", "on_date": "gestern"}, "contact"),
    ("/cases/{id}/key-dates", {"kind": "hearing", "on_date": "31.02.2026"}, "key-dates"),
    ("/cases/{id}/budget/handover", {"method": "owl"}, "budget"),
    ("/cases/{id}/disclosures", {"organisation_id": "nope", "purpose": "x", "channel": "phone"}, "consents"),
])
def test_each_areas_form_refusal_swaps_its_own_section(app, centre, case_id, path, data, section):
    if section == "budget":  # a handover needs a plan that reached the server
        assert send(centre.worker, save_budget(centre.worker.person.id, case_id))[0]["status"] == "applied"
    response = centre.worker.client.post(path.format(id=case_id), headers=HTMX, data=form(centre.worker, **data))
    assert response.status_code == 422, response.get_data(as_text=True)[:300]
    assert section_ids(response.get_data(as_text=True)) == [section]


def test_a_saved_form_with_htmx_reloads_the_page_at_its_section(centre, case_id):
    response = centre.worker.client.post(f"/cases/{case_id}/members", headers=HTMX,
                                         data=form(centre.worker, name="Ben Müller", birth_year="2010", relation="Sohn"))
    assert response.status_code == 200 and response.headers["HX-Redirect"] == f"/cases/{case_id}#household"
    assert response.headers["HX-Refresh"] == "true"  # the anchor alone would only scroll
    assert "Ben Müller" in centre.worker.client.get(f"/cases/{case_id}").get_data(as_text=True)


def test_section_forms_post_without_javascript_too(centre, case_id):
    html = centre.worker.client.get(f"/cases/{case_id}").get_data(as_text=True)
    for tag in re.findall(r"<form [^>]*hx-post[^>]*>", html):
        assert 'method="post"' in tag and re.search(r'action="([^"]+)"', tag).group(1) == \
            re.search(r'hx-post="([^"]+)"', tag).group(1)
