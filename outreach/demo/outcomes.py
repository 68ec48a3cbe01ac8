"""Demo: two years of finished work, so every statistic has something to show — closed cases with
each outcome, their tools, causes and households, contacts with minutes, home visits, follow-ups
done and still due, a reopened (repeat) case, a new report at an earlier case's address, and the
housing company's referrals. Invented and reproducible (a fixed random seed), dated from `today`."""

from __future__ import annotations

import json
import random
import secrets
from datetime import date, timedelta

import sqlite_utils

from .. import clock
from ..cases import closing, store
from ..db import insert_row, write
from ..domain import outcomes

FIRST = ("Anna", "Bernd", "Claudia", "Dennis", "Elke", "Frank", "Gabriele", "Holger", "Ines", "Jörg", "Karin",
         "Lars", "Monika", "Nico", "Olga", "Peter", "Ramona", "Sven", "Tanja", "Uwe", "Vanessa", "Wolfgang",
         "Yvonne", "Zoran", "Aylin", "Dariusz", "Mariam", "Oksana")
LAST = ("Albrecht", "Bauer", "Dietrich", "Engel", "Fuchs", "Graf", "Hahn", "Jäger", "Kühn", "Lorenz", "Mayer",
        "Nowak", "Otto", "Pohl", "Ritter", "Sommer", "Thiel", "Ulrich", "Voigt", "Winkler", "Zimmermann", "Yilmaz",
        "Kowalski", "Schubert")
STREETS = ("Am Steindamm", "Bergstraße", "Dresdener Straße", "Ernst-Thälmann-Straße", "Fischreiherstraße",
           "Glück-Auf-Straße", "Kreuzstraße", "Laugkfeld", "Melanchthonstraße", "Rathenaustraße", "Schmiedestraße",
           "Thomas-Müntzer-Straße", "Wendische Straße", "Züllsdorfer Straße")
# How often each outcome occurs (roughly as prevention services report: most flats are kept).
OUTCOME_WEIGHTS = {"flat_kept": 52, "moved_other_flat": 14, "emergency_accommodation": 5, "precarious": 7,
                   "moved_away_no_contact": 12, "help_refused": 10}
TOOLS_FOR_KEPT = ("sgb2_loan", "sgb12_help", "instalment_agreement", "own_funds", "charity_funds",
                  "direct_rent_payment", "wohngeld_kinderzuschlag", "authority_commitment")
CLOSED_CASES = 90


def _choice_weights(rng: random.Random, weights: dict) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _note(db, case_id: str, author: str, kind: str, on: date, minutes: int, travel: int) -> None:
    note_id, revision_id = secrets.token_urlsafe(12), secrets.token_urlsafe(12)
    payload = {"case_id": case_id, "visited_at": f"{on.isoformat()}T10:30", "kind": kind, "status": "approved",
               "present": "Mieter/in", "situation": "Gespräch über Mietschulden, Einkommen und nächste Schritte.",
               "money": "", "tenancy_legal": "", "agreed_steps": [], "next_visit": "", "next_visit_note": "",
               "free_text": "", "tasks": [], "resolves": [], "addendum_of": "", "minutes": minutes,
               "travel_minutes": travel}
    now = clock.stamp()
    insert_row(db, "visit_note", {"id": note_id, "case_id": case_id, "author_id": author, "current_revision_id": revision_id,
                                  "status": "draft", "created_at": now, "updated_at": now})
    insert_row(db, "note_revision", {"id": revision_id, "note_id": note_id, "author_id": author,
                                     "mutation_id": revision_id, "schema_version": 1, "payload": json.dumps(payload),
                                     "content_hash": secrets.token_hex(16), "state": "current", "received_at": now})


def _details(rng: random.Random, age: int, today: date, children: int) -> dict:
    pick = lambda name, skip=0.15: (outcomes.UNKNOWN if rng.random() < skip  # noqa: E731
                                    else rng.choice([v for v in outcomes.DEMOGRAPHICS[name] if v != outcomes.UNKNOWN]))
    return {"sex": pick("sex", 0.05), "age_band": outcomes.age_band(today.year - age, today),
            "household_type": "single_parent" if children and rng.random() < 0.5 else pick("household_type", 0.05),
            "children": outcomes.children_band(children), "income_source": pick("income_source"),
            "nationality": pick("nationality", 0.1),
            "housing_situation": "own_tenancy" if rng.random() < 0.85 else rng.choice(["sublease", "other", "unknown"]),
            "education": pick("education", 0.3), "employment": pick("employment", 0.2),
            "bank_account": pick("bank_account", 0.3), "over_indebtedness": pick("over_indebtedness", 0.25)}


def seed_outcomes(db: sqlite_utils.Database, today: date) -> None:
    rng = random.Random(19)
    workers = {row[0]: (row[1], row[2]) for row in db.execute(
        """SELECT p.email, p.id, p.team_id FROM person p JOIN person_role r ON r.person_id = p.id
           WHERE r.role = 'worker' AND p.email IN ('lukas.hoffmann@caritas-demo.de', 'selin.kaya@caritas-demo.de',
                                                   'jana.becker@caritas-demo.de')""")}
    # Lukas's and Selin's: Jana's phone keeps the written-out caseload of demo/households.py only (each
    # case with a check-in due would join her offline copy and her first page's work).
    order = ["lukas.hoffmann@caritas-demo.de", "selin.kaya@caritas-demo.de"]
    housing, partner = db.execute(
        """SELECT o.id, p.id FROM organisation o JOIN person p ON p.organisation_id = o.id
           WHERE o.kind = 'housing_company' ORDER BY o.name LIMIT 1""").fetchone()
    addresses = []
    for number in range(CLOSED_CASES):
        worker, team = workers[order[number % len(order)]]
        reported = today - timedelta(days=rng.randint(60, 700))
        source = rng.choices(["housing_company", "court_notice", "jobcenter_sozialamt", "self", "other"],
                             weights=[50, 20, 12, 12, 6])[0]
        stage = rng.choices(["arrears", "termination", "eviction_suit", "eviction_title", "eviction_date"],
                            weights=[30, 30, 25, 8, 7])[0]
        street = f"{rng.choice(STREETS)} {rng.randint(1, 60)}"
        age, children = rng.randint(19, 78), rng.choice([0, 0, 0, 1, 2, 3])
        name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
        case_id = store.create_case(db, stage=stage, source=source, street=street, postcode="01968", city="Senftenberg",
                                    report_received_on=reported, worker_id=worker, team_id=team, by=None, today=reported,
                                    members=[{"name": name, "birth_year": today.year - age, "relation": "Mieter/in",
                                              "lease_party": True}])["id"]
        addresses.append((street, case_id, team, worker))
        with write(db):
            if source == "housing_company":
                referral = secrets.token_urlsafe(12)
                insert_row(db, "referral", {
                    "id": referral, "organisation_id": housing, "submitted_by": partner,
                    "submitted_at": f"{(reported - timedelta(days=1)).isoformat()}T09:00:00.000000Z", "tenant_name": name,
                    "street": street, "postcode": "01968", "city": "Senftenberg",
                    "arrears_cents": rng.randint(4, 40) * 10000, "stage": stage, "tenant_informed": 1,
                    "status": "accepted", "case_id": case_id})
                db.execute("UPDATE household_case SET referral_id = ? WHERE id = ?", [referral, case_id])
            day = reported
            for _attempt in range(rng.choice([0, 1, 1, 2])):
                day += timedelta(days=rng.randint(2, 9))
                store.add_attempt(db, case_id, rng.choice(["letter", "visit_nobody_home", "call"]), day, worker,
                                  minutes=rng.choice([10, 15, 20]), travel_minutes=rng.choice([0, 20, 30]))
            reached = rng.random() < 0.85
            if reached:
                day += timedelta(days=rng.randint(1, 12))
                store.add_attempt(db, case_id, "reached", day, worker, minutes=rng.choice([30, 45, 60]),
                                  travel_minutes=rng.choice([0, 15, 25]))
                for _visit in range(rng.choice([1, 1, 2, 3])):
                    day += timedelta(days=rng.randint(3, 20))
                    _note(db, case_id, worker, rng.choice(["home_visit", "home_visit", "office", "phone"]), day,
                          rng.choice([45, 60, 75, 90]), rng.choice([15, 20, 30, 40]))
        outcome = _choice_weights(rng, OUTCOME_WEIGHTS) if reached else rng.choice(["moved_away_no_contact",
                                                                                     "precarious", "help_refused"])
        closed_on = min(day + timedelta(days=rng.randint(20, 120)), today - timedelta(days=1))
        tools = (rng.sample(TOOLS_FOR_KEPT, rng.choice([1, 1, 2, 3])) if outcome in outcomes.FOLLOWED_UP
                 else rng.choice([["none"], ["unknown"]]))
        if outcome == "moved_other_flat" and rng.random() < 0.4:
            tools = ["court_time_to_move", *tools[:1]]
        causes = rng.sample([c for c in outcomes.CAUSES if c != outcomes.UNKNOWN], rng.choice([1, 2, 2, 3]))
        onward = rng.sample(["debt_counselling", "addiction_counselling", "family_centre", "social_psychiatric_service",
                             "legal_advice", "migration_counselling"], rng.choice([0, 1, 1, 2])) or ["none"]
        suit = stage in ("eviction_suit", "eviction_title", "eviction_date")
        details = {**_details(rng, age, closed_on, children),
                   "schonfrist_used": (rng.choice(["yes", "yes", "no"]) if suit and outcome == "flat_kept"
                                       else "no" if suit else "not_applicable"),
                   "eviction_date_set": "yes" if stage == "eviction_date" or rng.random() < 0.1 else "no"}
        closing.close(db, case_id, outcome=outcome, on=closed_on, by=worker, causes=causes, tools=tools, onward=onward,
                      details=details)
        for follow_up in closing.follow_ups(db, case_id):
            due = date.fromisoformat(follow_up["due_on"])
            if due < today and follow_up["status"] == "due":
                result = rng.choices(["stands", "lost", "no_contact"], weights=[82, 6, 12])[0]
                closing.record_follow_up(db, follow_up["id"], result=result, note="", checked_on=due + timedelta(days=2),
                                         by=worker)
    _repeat_cases(db, today, addresses)


def _repeat_cases(db, today: date, addresses: list) -> None:
    """A kept flat with new arrears at a later check-in (reopened, a repeat case), and a new report
    at the address of a case closed the year before."""
    later = db.execute("""SELECT f.id, f.due_on FROM follow_up f JOIN household_case c ON c.id = f.case_id
                          WHERE f.status = 'done' AND f.months = 6 AND c.status = 'closed'
                          ORDER BY f.due_on DESC LIMIT 1""").fetchone()
    if later:
        with write(db):
            db.execute("UPDATE follow_up SET status = 'due', result = NULL, checked_on = NULL WHERE id = ?", [later[0]])
        closing.record_follow_up(db, later[0], result="arrears_again", note="Neue Mahnung der Vermieterin",
                                 checked_on=date.fromisoformat(later[1]), by=None)
    street, _case_id, team, worker = addresses[0]
    store.create_case(db, stage="arrears", source="housing_company", street=street, postcode="01968", city="Senftenberg",
                      report_received_on=today - timedelta(days=20), worker_id=worker, team_id=team, by=None,
                      today=today, members=[{"name": "Ramona Otto", "birth_year": today.year - 44, "relation": "Mieterin",
                                             "lease_party": True}])
