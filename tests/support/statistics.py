"""A small centre whose 2026 figures were counted by hand (the numbers in tests/web/test_statistics.py).

Team Nord: A, B, C, D, G, H and the old case I; Team Süd: E and F.
- A 10.02. housing company, referred by the housing company with 1,200 € arrears; stage termination;
  reached 13.02. (30 min + 20 travel); home visit 20.02. (60 + 20); closed 01.05. flat kept
  (SGB II loan, instalment agreement; cause loss of income; Schonfrist yes; no eviction date;
  female, 30–39); check-ins: 3 months stands, 6 months stands.
- B 01.03. court notice, eviction suit, 800 € in the ledger before the report; reached 05.03.
  (15 min); closed 15.06. flat kept (SGB XII help; eviction date set; female, 40–49); check-ins:
  3 months lost, 6 months no contact.
- C 01.04. court notice, eviction order, 2,000 € before the report (+500 € after it); reached
  21.04. (no minutes); home visit 21.04. (90 + 30); closed 31.12. emergency accommodation
  (eviction date set; male).
- D 31.12. self-referral, attempt nobody home 31.12. (5 + 25); closed 01.01.2027 (outside 2026).
- E 31.12.2025 (outside) other, Team Süd; closed 01.01.2026 help refused (male); reopened 01.03.2026.
- F 01.06. Jobcenter, Team Süd, stage arrears; reached 02.06. (10 + 10); closed 01.07. flat kept;
  its 3-month check-in (01.10.) not yet recorded.
- G 01.11. housing company (not referred) at A's address: a repeat within 12 months.
- H 01.08. other, at the address of I (closed 01.03.2025): a repeat within 24, not 12 months.
"""

from __future__ import annotations

import json
import secrets
from datetime import date

from outreach import clock
from outreach.cases import closing, store
from outreach.db import get_db, insert_row, write


def _case(db, team, worker, *, street, reported, source="other", stage="arrears", name="Haushalt"):
    return store.create_case(db, stage=stage, source=source, street=street, postcode="01968", city="Senftenberg",
                             report_received_on=reported, worker_id=worker, team_id=team, by=None, today=reported,
                             members=[{"name": name, "birth_year": 1980, "relation": "Mieter/in", "lease_party": True}])["id"]


def _attempt(db, case_id, kind, on, minutes=None, travel=None):
    """Recorded by the case's worker (a worker's own month counts what she recorded)."""
    worker = db.execute("SELECT assigned_worker_id FROM household_case WHERE id = ?", [case_id]).fetchone()[0]
    store.add_attempt(db, case_id, kind, on, worker, minutes=minutes, travel_minutes=travel)


def _note(db, case_id, author, kind, on, minutes=None, travel=None):
    note_id, revision_id = secrets.token_urlsafe(8), secrets.token_urlsafe(8)
    payload = {"case_id": case_id, "visited_at": f"{on.isoformat()}T10:00", "kind": kind, "situation": "Gespräch",
               "agreed_steps": [], "tasks": [], "minutes": minutes, "travel_minutes": travel}
    with write(db):
        insert_row(db, "visit_note", {"id": note_id, "case_id": case_id, "author_id": author, "current_revision_id": revision_id,
                                      "status": "draft", "created_at": clock.stamp(), "updated_at": clock.stamp()})
        insert_row(db, "note_revision", {"id": revision_id, "note_id": note_id, "author_id": author, "mutation_id": revision_id,
                                         "schema_version": 1, "payload": json.dumps(payload), "content_hash": "x",
                                         "state": "current", "received_at": clock.stamp()})


def _check_in(db, case_id, months, result, on):
    follow_up = db.execute("SELECT id FROM follow_up WHERE case_id = ? AND months = ?", [case_id, months]).fetchone()[0]
    closing.record_follow_up(db, follow_up, result=result, note="", checked_on=on, by=None)


def build(app, centre) -> dict:
    """The cases above, in the web tests' centre (its teams, housing company and workers)."""
    nord, sued, housing = centre.north, centre.south, centre.housing
    worker_id, other_worker_id = centre.worker.person.id, centre.other_team_worker.person.id
    with app.app_context():
        db = get_db()
        d = date
        a = _case(db, nord, worker_id, street="Bahnhofstraße 1", reported=d(2026, 2, 10), source="housing_company",
                  stage="termination")
        referral = secrets.token_urlsafe(8)
        with write(db):
            insert_row(db, "referral", {"id": referral, "organisation_id": housing, "submitted_by": worker_id,
                                        "submitted_at": "2026-02-09T10:00:00.000000Z", "tenant_name": "A",
                                        "street": "Bahnhofstraße 1", "postcode": "01968", "city": "Senftenberg",
                                        "arrears_cents": 120000, "stage": "termination", "tenant_informed": 1,
                                        "status": "accepted", "case_id": a})
            db.execute("UPDATE household_case SET referral_id = ? WHERE id = ?", [referral, a])
        _attempt(db, a, "reached", d(2026, 2, 13), 30, 20)
        _note(db, a, worker_id, "home_visit", d(2026, 2, 20), 60, 20)
        closing.close(db, a, outcome="flat_kept", on=d(2026, 5, 1), by=None, causes=["income_loss"],
                      tools=["sgb2_loan", "instalment_agreement"],
                      details={"schonfrist_used": "yes", "eviction_date_set": "no", "sex": "female", "age_band": "30_39"})
        _check_in(db, a, 3, "stands", d(2026, 8, 2))
        _check_in(db, a, 6, "stands", d(2026, 11, 2))

        b = _case(db, nord, worker_id, street="Markt 2", reported=d(2026, 3, 1), source="court_notice", stage="eviction_suit")
        for month in (1, 2):
            store.set_ledger_month(db, b, 2026, month, 40000, 0)
        _attempt(db, b, "reached", d(2026, 3, 5), 15)
        closing.close(db, b, outcome="flat_kept", on=d(2026, 6, 15), by=None, tools=["sgb12_help"],
                      details={"eviction_date_set": "yes", "sex": "female", "age_band": "40_49"})
        _check_in(db, b, 3, "lost", d(2026, 9, 16))
        _check_in(db, b, 6, "no_contact", d(2026, 12, 16))

        c = _case(db, nord, worker_id, street="Weg 3", reported=d(2026, 4, 1), source="court_notice", stage="eviction_title")
        for year, month in ((2025, 12), (2026, 1), (2026, 2), (2026, 3), (2026, 5)):
            store.set_ledger_month(db, c, year, month, 50000, 0)
        _attempt(db, c, "reached", d(2026, 4, 21))
        _note(db, c, worker_id, "home_visit", d(2026, 4, 21), 90, 30)
        closing.close(db, c, outcome="emergency_accommodation", on=d(2026, 12, 31), by=None,
                      details={"eviction_date_set": "yes", "sex": "male"})

        dd = _case(db, nord, worker_id, street="Gasse 4", reported=d(2026, 12, 31), source="self")
        _attempt(db, dd, "visit_nobody_home", d(2026, 12, 31), 5, 25)
        closing.close(db, dd, outcome="moved_away_no_contact", on=d(2027, 1, 1), by=None)

        e = _case(db, sued, other_worker_id, street="Allee 5", reported=d(2025, 12, 31))
        closing.close(db, e, outcome="help_refused", on=d(2026, 1, 1), by=None, details={"sex": "male"})
        closing.reopen(db, e, on=d(2026, 3, 1), by=None)

        f = _case(db, sued, other_worker_id, street="Ring 6", reported=d(2026, 6, 1), source="jobcenter_sozialamt")
        _attempt(db, f, "reached", d(2026, 6, 2), 10, 10)
        closing.close(db, f, outcome="flat_kept", on=d(2026, 7, 1), by=None)

        g = _case(db, nord, worker_id, street="Bahnhofstr. 1", reported=d(2026, 11, 1), source="housing_company")
        i = _case(db, nord, worker_id, street="Hof 9", reported=d(2024, 12, 1))
        closing.close(db, i, outcome="moved_away_no_contact", on=d(2025, 3, 1), by=None)
        h = _case(db, nord, worker_id, street="Hof 9", reported=d(2026, 8, 1))
    return {"nord": nord, "sued": sued, "housing": housing, "cases": {"A": a, "B": b, "C": c, "D": dd, "E": e, "F": f,
                                                                       "G": g, "H": h, "I": i}}
