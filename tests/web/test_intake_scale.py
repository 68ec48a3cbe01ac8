"""Likely duplicates in the intake queue are found through indexed, normalised keys: the work per
waiting referral does not grow with the number of open cases (a centre's tenth year)."""

from __future__ import annotations

from outreach.auth.people import create_person, create_team
from outreach.cases import referrals, store
from outreach.clock import berlin_today
from outreach.db import get_db


def steps_for(db, referral) -> tuple[int, list[dict]]:
    """SQLite virtual-machine steps (in thousands) that finding the duplicates costs."""
    counted = [0]

    def tick():
        counted[0] += 1
        return 0

    db.conn.set_progress_handler(tick, 1000)
    try:
        found = referrals.likely_duplicates(db, referral)
    finally:
        db.conn.set_progress_handler(None, 0)
    return counted[0], found


def test_the_cost_of_finding_duplicates_does_not_grow_with_the_open_cases(app):
    with app.app_context():
        db = get_db()
        team = create_team(db, "Team")
        worker = create_person(db, "w@example.org", "W", {"worker"}, team_id=team)

        def add_cases(start, count):
            for n in range(start, start + count):
                store.create_case(db, stage="arrears", source="self", street=f"Lange Straße {n}", postcode="01968",
                                  city="Senftenberg", report_received_on=berlin_today(), worker_id=worker.id,
                                  team_id=team, by=None, today=berlin_today(),
                                  members=[{"name": f"Mieter {n}", "birth_year": 1970, "relation": "Mieter/in",
                                            "lease_party": True}])

        probe = {"id": "probe", "street": "Lange Str. 7", "postcode": "01968", "tenant_name": "mieter 7"}
        add_cases(0, 50)
        small, found = steps_for(db, probe)
        assert [c["number"] for c in found if c["kind"] == "case"] == [found[0]["number"]]  # "Lange Straße 7"
        add_cases(50, 1500)
        large, found_again = steps_for(db, probe)
        assert len(found_again) == len(found)
        assert large <= small + 2, (small, large)  # 30 times the cases, the same work


def test_the_queue_counts_the_same_duplicates_in_one_statement_however_many_wait(app):
    from outreach.auth.people import create_organisation

    with app.app_context():
        db = get_db()
        team = create_team(db, "Team")
        worker = create_person(db, "w@example.org", "W", {"worker"}, team_id=team)
        housing = create_organisation(db, "Wohnbau", "housing_company", "DSGVO")
        partner = create_person(db, "p@example.org", "P", {"partner"}, organisation_id=housing)
        for n in range(30):
            store.create_case(db, stage="arrears", source="self", street=f"Lange Straße {n % 10}", postcode="01968",
                              city="Senftenberg", report_received_on=berlin_today(), worker_id=worker.id,
                              team_id=team, by=None, today=berlin_today(),
                              members=[{"name": f"Mieter {n % 7}", "birth_year": 1970, "relation": "",
                                        "lease_party": True}])

        def submit(count, start=0):
            for n in range(start, start + count):
                referrals.submit(db, organisation_id=housing, by=partner.id, tenant_name=f"mieter {n % 9}",
                                 street=f"Lange Str. {n % 12}", postcode="01968", city="Senftenberg",
                                 arrears_cents=1000, stage="termination", known_dates={}, tenant_informed=True,
                                 note="")

        def statements():
            captured = []
            db.conn.set_trace_callback(captured.append)
            try:
                waiting = referrals.queue(db)
            finally:
                db.conn.set_trace_callback(None)
            return len(captured), waiting

        submit(5)
        few, _ = statements()
        submit(45, start=5)
        many, waiting = statements()
        assert few == many <= 3 and len(waiting) == 50  # one query (sqlite-utils wraps it in a savepoint)
        for row in waiting:
            assert row["duplicates"] == len(referrals.likely_duplicates(db, row)), row
        assert any(row["duplicates"] > 1 for row in waiting)


def test_the_intake_queue_is_paged_oldest_first_and_says_how_many_wait(app, centre, monkeypatch):
    import re

    from outreach.cases import referral_views

    monkeypatch.setattr(referral_views, "INTAKE_PAGE_SIZE", 4)
    with app.app_context():
        db = get_db()
        partner = centre.partner.person.id
        for n in range(10):
            referrals.submit(db, organisation_id=centre.housing, by=partner, tenant_name=f"Mieterin {n:02d}",
                             street=f"Weg {n}", postcode="01968", city="Senftenberg", arrears_cents=1000,
                             stage="termination", known_dates={}, tenant_informed=True, note="")
    supervisor = centre.supervisor
    names = []
    for page in (1, 2, 3):
        html = supervisor.client.get(f"/intake?page={page}").get_data(as_text=True)
        assert "10 warten." in html and f"Seite {page} von 3" in html
        names += re.findall(r'class="case-title">(Mieterin \d+)<', html)
    assert names == [f"Mieterin {n:02d}" for n in range(10)]
    for odd in ("0", "-3", "x", "99", "1e9"):
        response = supervisor.client.get(f"/intake?page={odd}")
        assert response.status_code == 200 and "Mieterin" in response.get_data(as_text=True)
