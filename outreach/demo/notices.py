"""Demo: what waits for people and how they are told (issue 22) — a visit note waiting for the
supervisor's approval, one returned to its author, a referral from the housing company waiting in
the intake, a role grant waiting for the second administrator, and notification settings for
everyone (the demo's mails go to a local folder)."""

from __future__ import annotations

import secrets
from datetime import date, timedelta

import sqlite_utils

from ..admin.grants import request as request_grant
from ..admin.grants import roles_state
from ..approvals.store import return_note
from ..auth.people import get_person, person_by_email
from ..cases.referrals import submit
from ..db import write
from ..domain import sync as rules
from ..notify import store as notify_store
from ..visits.store import apply_save, get_note

SUPERVISOR = "andreas.richter@caritas-demo.de"


def seed_notices(db: sqlite_utils.Database, today: date) -> None:
    supervisor = person_by_email(db, SUPERVISOR)
    _note(db, "jana.becker@caritas-demo.de", today, "Mieterin und Sohn angetroffen. Mietschulden besprochen, "
          "Kontoauszüge liegen vor; Antrag auf Übernahme beim Jobcenter vorbereitet.")  # waits for approval
    returned = _note(db, "lukas.hoffmann@caritas-demo.de", today, "Hausbesuch, Mieter nicht angetroffen, Karte "
                     "eingeworfen.")
    return_note(db, get_note(db, returned), supervisor.id, "Bitte ergänzen: Wann ist der nächste Versuch geplant?")
    housing = person_by_email(db, "thomas.neumann@wg-senftenberg-demo.de")
    submit(db, organisation_id=housing.organisation_id, by=housing.id, tenant_name="Dieter Krause",
           street="Kreuzstraße 14", postcode="01968", city="Senftenberg", arrears_cents=187_450,
           stage="termination", known_dates={"termination_received": today - timedelta(days=6)},
           tenant_informed=True, note="Fristlose Kündigung wegen zwei Monatsmieten Rückstand zugestellt.")
    # Katrin Vogel asked that Selin Kaya also lead Team Süd: it waits for Miriam Schulz, the second admin.
    admin, selin = person_by_email(db, "katrin.vogel@caritas-demo.de"), person_by_email(db, "selin.kaya@caritas-demo.de")
    request_grant(db, selin.id, "roles", roles_state(selin), {"roles": ["supervisor", "worker"], "organisation": None},
                  admin.id)
    for (person_id, email, partner) in db.execute(
            """SELECT p.id, p.email, EXISTS (SELECT 1 FROM person_role r WHERE r.person_id = p.id
                                                AND r.role = 'partner') FROM person p WHERE p.status = 'active'"""
    ).fetchall():
        # Partners hear at once (requests wait for them); staff get a summary at 07:00 and the urgent at once.
        notify_store.save_settings(db, person_id, email_on=True, email_address=email,
                                   email_mode="instant" if partner else "digest", digest_hour=7,
                                   quiet_from=None if partner else 21, quiet_to=None if partner else 6, kinds={},
                                   language="de")


def _note(db, email: str, today: date, situation: str) -> str:
    """A visit note the worker submitted for approval, on their first open case."""
    author = get_person(db, person_by_email(db, email).id)
    case_id = db.execute("SELECT id FROM household_case WHERE assigned_worker_id = ? AND status = 'open' "
                         "ORDER BY report_received_on LIMIT 1", [author.id]).fetchone()[0]
    note_id = secrets.token_urlsafe(12)
    payload = {"case_id": case_id, "visited_at": (today - timedelta(days=1)).isoformat() + "T10:00",
               "kind": "home_visit", "present": "Mieter/in", "situation": situation, "money": "",
               "tenancy_legal": "", "agreed_steps": [], "next_visit": "", "next_visit_note": "", "free_text": "",
               "tasks": [], "status": "submitted", "resolves": []}
    mutation = rules.Mutation(secrets.token_urlsafe(12), "visit_note.save", note_id, None, 1, payload, author.id, "",
                              "")
    with write(db):
        result = apply_save(db, author, mutation, today=today)
    assert result["status"] == "applied", result
    return note_id
