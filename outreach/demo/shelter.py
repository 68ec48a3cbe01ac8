"""Demo emergency accommodation (issue 20): a shelter request waiting for the city, households the
city housed (with the features of its federal return recorded), one of them a family housed on
the latest reference date (31 January), and the consents that let the requests go to the city."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import sqlite_utils

from .. import clock
from ..cases import closing
from ..cases import store as cases_store
from ..domain import accommodation as rules
from ..shelter import store
from .claims import sign_consents
from .households import LUKAS
from .people import PEOPLE

MUNICIPALITY_KEY = "12066304"  # Senftenberg
SHELTER = "Übergangswohnheim Kormoranweg 3"
EMERGENCY = "Obdachlosenunterkunft Am Stadthafen 2"


def _id(db, sql: str, params=()) -> str:
    return db.execute(sql, params).fetchone()[0]


def _case(db, street: str, status: str = "open") -> dict:
    return next(db.query("SELECT * FROM household_case WHERE street = ? AND status = ?", [street, status]))


def _sent(db, case: dict, city: str, *, size: int, needs: str, needed_on: date, sent_on: date) -> dict:
    request_id = store.create(db, case_id=case["id"], organisation_id=city, household_size=size,
                              member_ids=[m["id"] for m in cases_store.members(db, case["id"])], needs=needs,
                              needed_on=needed_on, by=case["assigned_worker_id"])
    db.execute("UPDATE shelter_request SET sent_at = ?, sent_on = ? WHERE id = ?",
               [_stamp(sent_on, 9), sent_on.isoformat(), request_id])
    return store.get(db, request_id)


def _stamp(day: date, hour: int) -> str:
    return clock.stamp(datetime(day.year, day.month, day.day, hour, 15, tzinfo=clock.BERLIN))


def _placed(db, request: dict, by: str, *, place: str, begins_on: date, household_type: str,
            people: list[tuple[str, str, str]], ends_on: date | None = None) -> str:
    placement_id = store.place(db, request, place=place, begins_on=begins_on, accommodation_kind="short_term",
                               provider="municipality", association="", municipality_key=MUNICIPALITY_KEY,
                               household_type=household_type, household_size=len(people), by=by)
    db.execute("UPDATE shelter_request SET answered_at = ? WHERE id = ?",
               [_stamp(min(begins_on, date.fromisoformat(request["sent_on"]) + timedelta(days=2)), 14), request["id"]])
    store.record_people(db, placement_id, people)
    if ends_on:
        store.end(db, placement_id, ends_on)
    return placement_id


def _family_on_reference_date(db, city: str, sabine: str, key: bytes, today: date) -> None:
    """The Schulz family, evicted 25 days before the reference date and housed by the city since."""
    reference = rules.latest_reference_date(today)
    worker, team = db.execute("SELECT id, team_id FROM person WHERE email = ?", [LUKAS]).fetchone()
    evicted = reference - timedelta(days=25)
    case = cases_store.create_case(
        db, stage="eviction_date", source="court_notice", street="Wiesenweg 7", postcode="01968", city="Senftenberg",
        report_received_on=reference - timedelta(days=70), worker_id=worker, team_id=team, by=None,
        today=reference - timedelta(days=70),
        members=[{"name": "Marco Schulz", "birth_year": 1991, "relation": "Mieter", "lease_party": True},
                 {"name": "Jessica Schulz", "birth_year": 1994, "relation": "Mieterin", "lease_party": True},
                 {"name": "Leon Schulz", "birth_year": 2019, "relation": "Sohn", "lease_party": False}],
        situation="Die Mitteilung des Gerichts kam erst nach dem Räumungsurteil; eine Übernahme war nicht mehr "
                  "möglich. Die Stadt hat die Familie in das Übergangswohnheim eingewiesen; die Suche nach einer "
                  "Wohnung läuft mit der Fachstelle.")
    cases_store.add_key_date(db, case["id"], "eviction_date", evicted, worker, detail="Gerichtsvollzieher, 8:00 Uhr")
    sign_consents(db, case, [city], key, today, purposes=("emergency_accommodation",),
                  signed_on=reference - timedelta(days=60))
    found = _sent(db, case, city, size=3, needs="Ein Kind (6 Jahre), Schulweg zur Grundschule Am See.",
                  needed_on=evicted, sent_on=reference - timedelta(days=45))
    _placed(db, found, sabine, place=SHELTER, begins_on=evicted, household_type="couple_with_children",
            people=[("male", "1991-07", "deutsch"), ("female", "1994-11", "polnisch"), ("male", "2019-09", "deutsch")])
    closing.close(db, case["id"], outcome="emergency_accommodation", on=evicted + timedelta(days=5), by=worker,
                  causes=["income_loss"], tools=["none"], onward=["family_centre"],
                  details={"schonfrist_used": "no", "eviction_date_set": "yes", "household_type": "couple_with_children",
                           "children": "1"})


def seed_shelter(db: sqlite_utils.Database, today: date, key: bytes) -> None:
    city = _id(db, "SELECT id FROM organisation WHERE kind = 'city' ORDER BY name")
    sabine = _id(db, "SELECT id FROM person WHERE email = ?", [next(p[0] for p in PEOPLE if p[4] == "city")])
    _family_on_reference_date(db, city, sabine, key, today)
    # Evicted 30 days ago and housed by the city the same day (Lukas's closed case).
    lorenz = _case(db, "Thälmannstraße 11", "closed")
    evicted = today - timedelta(days=30)
    sign_consents(db, lorenz, [city], key, today, purposes=("emergency_accommodation",),
                  signed_on=evicted - timedelta(days=3))
    found = _sent(db, lorenz, city, size=1, needs="Alleinstehend; bittet um einen Platz in Wohnortnähe.",
                  needed_on=evicted, sent_on=evicted - timedelta(days=2))
    _placed(db, found, sabine, place=EMERGENCY, begins_on=evicted, household_type="single",
            people=[("male", f"{today.year - 55}-03", "deutsch")])
    # Earlier closings into emergency accommodation (generated): housed from the day before closing;
    # the one housed longest has since moved into a flat.
    for number, case in enumerate(db.query(
            """SELECT c.* FROM household_case c JOIN case_closure cl ON cl.case_id = c.id
               WHERE cl.outcome = 'emergency_accommodation' AND c.street != 'Thälmannstraße 11'
               AND NOT EXISTS (SELECT 1 FROM shelter_request r WHERE r.case_id = c.id)
               ORDER BY cl.closed_on""")):
        member = cases_store.members(db, case["id"])[0]
        begins = date.fromisoformat(case["closed_on"]) - timedelta(days=1)
        sign_consents(db, case, [city], key, today, purposes=("emergency_accommodation",),
                      signed_on=begins - timedelta(days=10))
        found = _sent(db, case, city, size=1, needs="", needed_on=begins, sent_on=begins - timedelta(days=7))
        left = begins + timedelta(days=120)
        _placed(db, found, sabine, place=EMERGENCY, begins_on=begins, household_type="single",
                people=[("female" if number % 2 else "male", f"{member['birth_year'] or 1970}-05", "deutsch")],
                ends_on=left if left < today else None)
    # Refused: two households the city found a place with relatives for (closed as precarious).
    for case in list(db.query("""SELECT c.* FROM household_case c JOIN case_closure cl ON cl.case_id = c.id
                                 WHERE cl.outcome = 'precarious' ORDER BY cl.closed_on DESC LIMIT 2""")):
        closed = date.fromisoformat(case["closed_on"])
        sign_consents(db, case, [city], key, today, purposes=("emergency_accommodation",),
                      signed_on=closed - timedelta(days=20))
        found = _sent(db, case, city, size=1, needs="", needed_on=closed, sent_on=closed - timedelta(days=14))
        store.refuse(db, found, reason="Vorübergehende Unterkunft bei Angehörigen ist möglich und zumutbar.",
                     by=sabine)
    # Waiting: the eviction of Marcel Wagner is set and no authority has committed (Selin's case).
    wagner = _case(db, "Steindamm 18")
    sign_consents(db, wagner, [city], key, today, purposes=("emergency_accommodation",))
    eviction = max(date.fromisoformat(k["on_date"]) for k in cases_store.key_dates(db, wagner["id"])
                   if k["kind"] == "eviction_date")
    _sent(db, wagner, city, size=1, needs="Bittet um einen Platz in der Nähe seiner Arbeitsstelle in der Innenstadt.",
          needed_on=eviction, sent_on=today - timedelta(days=2))
