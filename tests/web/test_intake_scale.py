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
