"""Demo: the data-protection duties (issue 23) — one closed case file erased on the tenant's
request, one kept by a legal hold, and a rectification the tenant asked for on an open case.
(Every other closed case is younger than its retention period, so `outreach retention` lists none.)"""

from __future__ import annotations

from datetime import date, timedelta

import sqlite_utils
from flask import Flask

from ..auth.people import person_by_email
from ..privacy import store
from ..privacy.anonymise import anonymise

SUPERVISOR = "andreas.richter@caritas-demo.de"
# A closed case with nothing the city or an authority still holds about it.
UNTOUCHED = """SELECT c.id FROM household_case c WHERE c.status = 'closed' AND c.anonymised_at IS NULL
               AND NOT EXISTS (SELECT 1 FROM placement p WHERE p.case_id = c.id)
               AND NOT EXISTS (SELECT 1 FROM shelter_request r WHERE r.case_id = c.id)
               AND NOT EXISTS (SELECT 1 FROM claim k WHERE k.case_id = c.id)
               AND NOT EXISTS (SELECT 1 FROM onward_referral o WHERE o.case_id = c.id)
               ORDER BY c.closed_on, c.number LIMIT 2"""


def seed_privacy(db: sqlite_utils.Database, today: date, evidence_key: bytes) -> None:
    supervisor = person_by_email(db, SUPERVISOR)
    erased, held = [row[0] for row in db.execute(UNTOUCHED)]
    store.place_hold(db, held, reason="Räumungsklage der Vermieterin anhängig (Az. 4 C 118/26)",
                     until=today + timedelta(days=180), by=supervisor.id)
    # The anonymisation's audit line is sealed like every other: with the key the demo app runs with.
    sealing = Flask("outreach-demo-seed")
    sealing.config["EVIDENCE_KEY"] = evidence_key.decode()
    with sealing.app_context():
        anonymise(db, erased, kind="request", reason="Antrag der Mieterin auf Löschung vom "
                  f"{(today - timedelta(days=3)).strftime('%d.%m.%Y')}", by=supervisor.id)
    jana = person_by_email(db, "jana.becker@caritas-demo.de")
    open_case = db.execute("""SELECT id FROM household_case WHERE assigned_worker_id = ? AND status = 'open'
                              ORDER BY number LIMIT 1""", [jana.id]).fetchone()[0]
    store.add_rectification(db, open_case, received_on=today - timedelta(days=5),
                            request="Die Mieterin bestreitet, den Termin am Hausbesuchstag abgesagt zu haben.",
                            action="disputed", note="In der Besuchsnotiz als bestritten vermerkt.", by=supervisor.id)
