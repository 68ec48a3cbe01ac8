"""The case page on a phone: a compact header (who, where, the most urgent deadline, the one next
step), an index of the sections, and sections that fold as the person left them on this device."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from outreach.cases import sections
from outreach.clock import berlin_today
from outreach.folds import COOKIE
from tests.support.notes import save_note, send
from tests.web.test_cases import form, open_case

HTMX = {"HX-Request": "true"}


def html_of(browser, case_id) -> str:
    return browser.client.get(f"/cases/{case_id}").get_data(as_text=True)


def header(html: str) -> str:
    return html[html.index('<header class="case-header">'):html.index("</header>", html.index('class="case-header"'))]


def next_step(html: str) -> str | None:
    found = re.search(r"data-next-action>.*?<a href=\"([^\"]+)\">([^<]+)</a>", html, re.S)
    return (found[2], found[1]) if found else None


def folds(html: str) -> dict[str, bool]:
    return {name: bool(is_open) for is_open, name in
            ((m[2], m[1]) for m in re.finditer(r'<details class="fold" data-fold="([a-z-]+)"(?: id="[a-z-]+")?( open)?>', html))}


def set_folds(browser, value: str) -> None:
    browser.client.set_cookie(COOKIE, value, domain="localhost")


def member_of(browser, case_id) -> str:
    return re.search(r'<option value="([^"]+)"[^>]*>Anna Müller</option>', html_of(browser, case_id))[1]


@pytest.fixture
def case_id(centre):
    return open_case(centre)


def test_a_new_case_asks_first_for_the_first_contact_attempt(centre, case_id):
    html = html_of(centre.worker, case_id)
    assert next_step(html) == ("Ersten Kontaktversuch erfassen", f"/cases/{case_id}#contact")
    assert "Anna Müller" in header(html) and "Bahnhofstraße 3, 01968 Senftenberg" in header(html)


def test_the_next_step_follows_the_case_from_contact_to_dates_consent_budget_and_visits(centre, case_id):
    worker = centre.worker
    worker.client.post(f"/cases/{case_id}/attempts", data=form(worker, kind="call", on_date=berlin_today().isoformat()))
    assert next_step(html_of(worker, case_id))[0] == "Eckdaten erfassen (Kündigung, Klage, Räumung)"
    worker.client.post(f"/cases/{case_id}/key-dates", data=form(
        worker, kind="suit_served", on_date=(berlin_today() - timedelta(days=20)).isoformat(),
        member_id=member_of(worker, case_id)))
    assert next_step(html_of(worker, case_id)) == ("Einwilligung einholen (Schweigepflichtentbindung)",
                                                    f"/cases/{case_id}/consents/new")


def test_the_header_shows_the_most_urgent_deadline(centre, case_id):
    worker = centre.worker
    worker.client.post(f"/cases/{case_id}/key-dates", data=form(
        worker, kind="suit_served", on_date=(berlin_today() - timedelta(days=20)).isoformat(),
        member_id=member_of(worker, case_id)))
    html = html_of(worker, case_id)
    assert 'class="deadline' in header(html) and re.search(r"in \d+ Tagen", header(html))


def test_a_note_waiting_for_the_team_supervisor_comes_before_everything_else(centre, case_id):
    assert send(centre.worker, save_note(centre.worker.person.id, case_id, status="submitted"))[0]["status"] == "applied"
    assert next_step(html_of(centre.supervisor, case_id)) == ("Über die wartende Besuchsnotiz entscheiden",
                                                               f"/cases/{case_id}#approvals")
    assert next_step(html_of(centre.worker, case_id))[0] == "Ersten Kontaktversuch erfassen"


def test_a_closed_case_has_no_next_step(centre, case_id):
    response = centre.worker.client.post(f"/cases/{case_id}/close", data=form(centre.worker, outcome="flat_kept"))
    assert response.status_code == 303
    assert next_step(html_of(centre.worker, case_id)) is None


def test_the_index_leads_to_every_shown_section_and_each_heading_folds_its_section(centre, case_id):
    html = html_of(centre.worker, case_id)
    index = html[html.index('<nav class="section-index"'):html.index("</nav>", html.index('class="section-index"'))]
    shown = list(folds(html))
    assert re.findall(r'href="#([a-z-]+)-heading"', index) == shown
    assert shown == [s.name for s in sections.registered() if s.name in shown] and "approvals" not in shown
    for name in shown:
        assert re.search(rf'<summary><h2 id="{name}-heading">[^<]+</h2></summary>', html), name
        assert html.count(f'id="{name}-heading"') == 1


def test_sections_start_as_registered_and_follow_what_this_person_left(centre, case_id):
    default = folds(html_of(centre.worker, case_id))
    assert default["deadlines"] and default["visits"] and not default["timeline"] and not default["ledger"]
    set_folds(centre.worker, f"{centre.worker.person.id}.-deadlines.+timeline")
    chosen = folds(html_of(centre.worker, case_id))
    assert not chosen["deadlines"] and chosen["timeline"] and chosen["visits"] == default["visits"]


@pytest.mark.parametrize("value", ["someone-else.-deadlines.+timeline", "", "garbage", ".", "x" * 4000,
                                   "{person}.-DEADLINES.+time line.+<b>.-deadlines\x00"])
def test_another_persons_or_a_malformed_fold_cookie_changes_nothing(centre, case_id, value):
    default = folds(html_of(centre.worker, case_id))
    set_folds(centre.worker, value.replace("{person}", centre.colleague.person.id))
    response = centre.worker.client.get(f"/cases/{case_id}")
    assert response.status_code == 200 and folds(response.get_data(as_text=True)) == default


def test_a_refused_form_opens_its_section_even_when_it_was_folded(centre, case_id):
    set_folds(centre.worker, f"{centre.worker.person.id}.-key-dates")
    response = centre.worker.client.post(f"/cases/{case_id}/key-dates", data=form(
        centre.worker, kind="suit_served", on_date="2026-02-30", member_id=""))
    assert response.status_code == 400
    assert folds(response.get_data(as_text=True))["key-dates"] is True


def test_a_section_answered_to_htmx_comes_without_its_fold_and_heading(centre, case_id):
    response = centre.worker.client.post(f"/cases/{case_id}/key-dates", headers=HTMX, data=form(
        centre.worker, kind="suit_served", on_date="2026-02-30", member_id=""))
    html = response.get_data(as_text=True)
    assert response.status_code == 422 and html.lstrip().startswith('<section id="key-dates"')
    assert "<details" not in html and "<h2" not in html and 'id="key-dates-heading"' not in html


def test_the_budget_form_folds_its_parts_the_same_way(centre, case_id):
    worker = centre.worker
    html = worker.client.get(f"/cases/{case_id}/budget").get_data(as_text=True)
    parts = folds(html)
    assert list(parts) == ["budget-income", "budget-setoffs", "budget-expenses", "budget-household", "budget-debts",
                           "budget-plan"]
    assert parts["budget-income"] and parts["budget-plan"] and not parts["budget-debts"]
    index = html[html.index('<nav class="section-index"'):html.index("</nav>", html.index('class="section-index"'))]
    assert all(f'href="#{name}-heading"' in index for name in parts) and 'href="#b-summary-heading"' in index
    set_folds(worker, f"{worker.person.id}.+budget-debts.-budget-income")
    chosen = folds(worker.client.get(f"/cases/{case_id}/budget").get_data(as_text=True))
    assert chosen["budget-debts"] and not chosen["budget-income"]


def test_next_action_takes_the_most_pressing_of_the_shown_sections_and_none_for_a_closed_case():
    def shown(*priorities):
        return [(sections.Section(f"s{p}", p, lambda *a: {}, "x.html",
                                  action=lambda case, view, data, p=p: sections.Action(p, f"step {p}", "#")), {"data": {}})
                for p in priorities]

    assert sections.next_action(shown(40, 5, 90), {"status": "open"}, None).label == "step 5"
    assert sections.next_action(shown(40, 5), {"status": "closed"}, None) is None
    assert sections.next_action([], {"status": "open"}, None) is None
