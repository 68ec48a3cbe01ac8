"""The lists (caseload, deadline board, search) read their cases' facts in a fixed number of
queries: the statements a page runs do not grow with the cases on it, and the views are exactly
those the case page computes one by one."""

from __future__ import annotations

import re

from datetime import timedelta

from outreach import db as database
from outreach.auth.people import create_person, create_team
from outreach.cases import store
from outreach.clock import berlin_today
from outreach.db import get_db
from tests.web.test_cases import form


def add_cases(app, worker_id, team, start, count):
    today = berlin_today()
    with app.app_context():
        db = get_db()
        for n in range(start, start + count):
            case = store.create_case(db, stage="eviction_suit", source="court_notice", street=f"Weg {n}",
                                     postcode="01968", city="Senftenberg", report_received_on=today - timedelta(days=n),
                                     worker_id=worker_id, team_id=team, by=None, today=today,
                                     members=[{"name": f"Mieterin {n}", "birth_year": 1970, "relation": "",
                                               "lease_party": True}])
            member = store.members(db, case["id"])[0]["id"]
            if n % 2:
                store.add_key_date(db, case["id"], "suit_served", today - timedelta(days=n % 40), None, member_id=member)
            if n % 3:
                store.add_attempt(db, case["id"], "call", today - timedelta(days=n % 5), None)
            if n % 4 == 0:
                store.set_tenancy(db, case["id"], tenancy_start=None, base_rent_cents=50_000, service_charge_cents=8_000,
                                  heating_cents=5_000)
                for back in range(1 + n % 3):
                    store.set_ledger_month(db, case["id"], 2026, 1 + back, 63_000, 0)
            if n == 7:  # contradicting dates: the view says so
                store.add_key_date(db, case["id"], "judgment", today - timedelta(days=400), None, member_id=member)


def test_many_views_at_once_are_the_views_one_by_one(app, centre):
    add_cases(app, centre.worker.person.id, centre.north, 0, 24)
    with app.app_context():
        db = get_db()
        cases = store.visible_cases(db, type("Actor", (), {"has": lambda self, r: r == "worker",
                                                             "id": centre.worker.person.id, "team_id": None})())
        together = store.case_views(db, cases, berlin_today(), "BB")
        alone = [store.case_view(db, case, berlin_today(), "BB") for case in cases]
    assert len(together) == 24 and together == alone


def statements_for(app, browser, method, url) -> int:
    captured: list[str] = []
    with database.trace_requests(captured.append):
        if method == "GET":
            assert browser.client.get(url).status_code == 200
        else:
            assert browser.client.post(url, data=form(browser, q="Mieterin")).status_code == 200
    return len(captured)


def test_the_lists_run_the_same_number_of_statements_for_10_and_60_cases(app, centre):
    supervisor = centre.supervisor
    add_cases(app, centre.worker.person.id, centre.north, 0, 10)
    few = {page: statements_for(app, supervisor, method, page)
           for method, page in (("GET", "/cases"), ("GET", "/deadlines"), ("POST", "/cases/search"))}
    add_cases(app, centre.worker.person.id, centre.north, 10, 50)
    many = {page: statements_for(app, supervisor, method, page)
            for method, page in (("GET", "/cases"), ("GET", "/deadlines"), ("POST", "/cases/search"))}
    assert many == few, (few, many)


def case_links(html: str) -> list[str]:
    import re

    return re.findall(r'class="case-link" href="/cases/([^"]+)"', html)


def test_a_long_caseload_is_paged_most_urgent_first_and_search_is_cut_to_a_page(app, centre, monkeypatch):
    from outreach.cases import caseload_views

    monkeypatch.setattr(caseload_views, "PAGE_SIZE", 5)
    add_cases(app, centre.worker.person.id, centre.north, 0, 12)
    supervisor = centre.supervisor
    first = supervisor.client.get("/cases").get_data(as_text=True)
    assert len(case_links(first)) == 5 and "Fälle 1–5 von 12" in first
    assert 'href="/cases?page=2"' in first and "Seite 1 von 3" in first
    second = supervisor.client.get("/cases?page=2").get_data(as_text=True)
    third = supervisor.client.get("/cases?page=3").get_data(as_text=True)
    assert len(case_links(third)) == 2 and 'href="/cases?page=2"' in third
    everything = case_links(first) + case_links(second) + case_links(third)
    assert len(set(everything)) == 12
    for odd in ("99", "0", "-1", "x", "1e9", "²"):  # past the end or nonsense: a page, never an error
        response = supervisor.client.get(f"/cases?page={odd}")
        assert response.status_code == 200 and case_links(response.get_data(as_text=True))
    found = supervisor.client.post("/cases/search", data=form(supervisor, q="Mieterin")).get_data(as_text=True)
    assert len(case_links(found)) == 5 and "Suche genauer eingrenzen" in found


def test_a_long_deadline_board_shows_each_groups_most_urgent_and_all_of_a_group_a_page_at_a_time(app, centre,
                                                                                              monkeypatch):
    import re

    from outreach.cases import caseload_views

    monkeypatch.setattr(caseload_views, "BOARD_GROUP_SIZE", 3)
    monkeypatch.setattr(caseload_views, "PAGE_SIZE", 4)
    add_cases(app, centre.worker.person.id, centre.north, 0, 30)
    supervisor = centre.supervisor
    board = supervisor.client.get("/deadlines").get_data(as_text=True)
    counts = {group: int(n) for group, n in
              re.findall(r'id="group-([a-z_0-9]+)">[^<]*<span class="count">\((\d+)\)', board)}
    group = max(counts, key=counts.get)
    total = counts[group]
    assert total > 4, counts  # the count never drops what is not shown
    section = board.split(f'id="group-{group}"')[1].split("</section>")[0]
    assert len(case_links(section)) == 3 and f"Alle {total} anzeigen" in section
    assert f'href="/deadlines?level={group}"' in section
    seen = []
    for page in range(1, -(-total // 4) + 1):
        html = supervisor.client.get(f"/deadlines?level={group}&page={page}").get_data(as_text=True)
        assert html.count('class="deadline-group') == 1 and f"Seite {page} von" in html
        seen += case_links(html)
    assert len(seen) == total and case_links(section) == seen[:3]  # the same order: most urgent first
    for odd in ("level=x", "level=overdue&page=x", "level=overdue&page=999", "level=&page=-1", "level=%00"):
        assert supervisor.client.get(f"/deadlines?{odd}").status_code == 200, odd


def test_a_search_computes_the_views_of_the_matching_cases_only(app, centre, monkeypatch):
    """Matching needs no deadlines: with 1,000 cases on a supervisor's team, computing every view
    first and filtering after was most of the search's time."""
    add_cases(app, centre.worker.person.id, centre.north, 0, 12)
    computed = []
    case_views = store.case_views

    def counting(db, cases, today, state):
        computed.append(len(cases))
        return case_views(db, cases, today, state)

    monkeypatch.setattr(store, "case_views", counting)
    supervisor = centre.supervisor
    found = supervisor.client.post("/cases/search", data=form(supervisor, q="mieterin 11")).get_data(as_text=True)
    assert computed == [len(case_links(found))] and 1 <= computed[0] < 12  # "11" may match a case number too
    computed.clear()
    everything = supervisor.client.post("/cases/search", data=form(supervisor, q="  ")).get_data(as_text=True)
    assert computed == [12] and len(case_links(everything)) == 12


def test_a_list_computes_again_only_the_cases_changed_since_it_was_last_shown(app, centre, monkeypatch):
    add_cases(app, centre.worker.person.id, centre.north, 0, 12)
    computed = []
    derive = store._derive

    def counting(case, *args):
        computed.append(case["id"])
        return derive(case, *args)

    monkeypatch.setattr(store, "_derive", counting)
    supervisor = centre.supervisor
    first = supervisor.client.get("/deadlines").get_data(as_text=True)
    assert len(computed) >= 12
    computed.clear()
    again = supervisor.client.get("/deadlines").get_data(as_text=True)
    assert without_token(again) == without_token(first) and computed == []  # the token carries its second
    with app.app_context():
        db = get_db()
        changed = db.execute("SELECT id FROM household_case WHERE street = 'Weg 2'").fetchone()[0]
        member = store.members(db, changed)[0]["id"]
        store.add_key_date(db, changed, "eviction_date", berlin_today() + timedelta(days=3), None, member_id=member)
    after = supervisor.client.get("/deadlines").get_data(as_text=True)
    assert computed == [changed]  # the one case whose version moved, no other
    assert after != first  # and the board shows the new eviction date


def without_token(html: str) -> str:
    html = re.sub(r'name="csrf-token" content="[^"]*"', 'name="csrf-token"', html)
    return re.sub(r'name="csrf_token" value="[^"]*"', 'name="csrf_token"', html)


def test_remembered_views_are_the_views_computed_afresh(app, centre):
    """Day after day and edit after edit, a remembered view equals one computed from scratch."""
    add_cases(app, centre.worker.person.id, centre.north, 0, 16)
    actor = type("Actor", (), {"has": lambda self, r: r == "worker", "id": centre.worker.person.id, "team_id": None})()
    with app.app_context():
        db = get_db()
        for offset in (0, 1, 40):
            day = berlin_today() + timedelta(days=offset)
            remembered = store.case_views(db, store.visible_cases(db, actor), day, "BB")
            again = store.case_views(db, store.visible_cases(db, actor), day, "BB")
            store._derived.clear()
            fresh = store.case_views(db, store.visible_cases(db, actor), day, "BB")
            assert remembered == again == fresh
            case_id = fresh[offset % 16].case["id"]
            store.add_attempt(db, case_id, "reached", day, None)
            after = {v.case["id"]: v for v in store.case_views(db, store.visible_cases(db, actor), day, "BB")}
            store._derived.clear()
            assert after == {v.case["id"]: v for v in store.case_views(db, store.visible_cases(db, actor), day, "BB")}
