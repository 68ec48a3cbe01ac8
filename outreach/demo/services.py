"""Demo help network (issue 21): the services of a small town's network (all invented), the debt
counselling answering in the app, and onward referrals in every state."""

from __future__ import annotations

from datetime import date, timedelta

import sqlite_utils

from ..services import referrals, store
from .claims import sign_consents

SERVICES = [
    {"name": "Familienzentrum Am See", "kind": "family_centre", "street": "Seestraße 4", "postcode": "01968",
     "city": "Senftenberg", "opening_hours": "Mo–Do 9–16 Uhr, Fr 9–12 Uhr", "phone": "03573 700 410",
     "email": "familienzentrum@caritas-demo.de", "languages": ["de", "en", "ar", "uk"], "waiting_weeks": 0,
     "accepts_data_referrals": True, "note": "Offene Sprechstunde dienstags ohne Termin."},
    {"name": "Schuldner- und Insolvenzberatung Lausitz", "kind": "debt_counselling", "street": "Bahnhofstraße 20",
     "postcode": "01968", "city": "Senftenberg", "opening_hours": "Di und Do 9–12 Uhr, 13–17 Uhr nach Termin",
     "phone": "03573 700 420", "email": "schuldnerberatung@diakonie-demo.de", "languages": ["de", "ru", "pl"],
     "waiting_weeks": 10, "accepts_data_referrals": True,
     "note": "Bei drohender Kontopfändung (P-Konto) kurzfristige Termine."},
    {"name": "Suchtberatung Oberspreewald-Lausitz", "kind": "addiction", "street": "Kirchplatz 2", "postcode": "01968",
     "city": "Senftenberg", "opening_hours": "Mo–Fr 8–15 Uhr, Mi bis 18 Uhr", "phone": "03573 700 430",
     "email": "sucht@awo-demo.de", "languages": ["de", "en", "tr"], "waiting_weeks": 2,
     "accepts_data_referrals": False, "note": "Anonyme Erstberatung möglich."},
    {"name": "Härtefallfonds der Stadtwerke Senftenberg", "kind": "energy_hardship_fund", "street": "Am Neumarkt 1",
     "postcode": "01968", "city": "Senftenberg", "opening_hours": "Antrag formlos, Bearbeitung binnen 2 Wochen",
     "phone": "03573 700 440", "email": "haertefall@stadtwerke-demo.de", "languages": ["de"], "waiting_weeks": None,
     "accepts_data_referrals": False, "note": "Vor einer Sperre: Abwendungsvereinbarung zuerst beim Versorger."},
    {"name": "Tafel Senftenberg", "kind": "food_bank", "street": "Brückenstraße 9", "postcode": "01968",
     "city": "Senftenberg", "opening_hours": "Di und Fr 10–13 Uhr", "phone": "03573 700 450", "email": "",
     "languages": ["de", "ar", "uk", "fa"], "waiting_weeks": 0, "accepts_data_referrals": False,
     "note": "Berechtigungsnachweis mitbringen (Bescheid Jobcenter, Rente oder Wohngeld)."},
    {"name": "Migrationsberatung für Erwachsene", "kind": "migration_advice", "street": "Rathenaustraße 3",
     "postcode": "01968", "city": "Senftenberg", "opening_hours": "Mo und Mi 9–15 Uhr", "phone": "03573 700 460",
     "email": "mbe@caritas-demo.de", "languages": ["de", "en", "ar", "ru", "uk", "fa", "vi"], "waiting_weeks": 1,
     "accepts_data_referrals": True, "note": ""},
]


def seed_services(db: sqlite_utils.Database, today: date) -> None:
    admin = db.execute("SELECT id FROM person WHERE email = 'katrin.vogel@caritas-demo.de'").fetchone()[0]
    for service in SERVICES:
        store.create(db, {"organisation_id": None, "active": True, **service}, by=admin)


# (street, service name, channel, categories, days ago, urgency, answer, outcome)
REFERRALS = [
    ("Bahnhofstraße 14", "Schuldner- und Insolvenzberatung Lausitz", "with_data", ["contact", "household", "income"],
     12, "urgent", ("appointment", 58, "Erstgespräch; Wartezeit sonst 10 Wochen."), ("waiting_list", 9)),
    ("Am Neumarkt 9", "Familienzentrum Am See", "contact_given", [], 25, "normal", None, ("arrived", 8)),
    ("Schulstraße 21", "Familienzentrum Am See", "contact_given", [], 9, "normal", None, None),
    ("Rathenaustraße 7", "Härtefallfonds der Stadtwerke Senftenberg", "contact_given", [], 16, "normal", None, None),
    ("Steindamm 18", "Suchtberatung Oberspreewald-Lausitz", "contact_given", [], 28, "normal", None,
     ("not_taken_up", 10)),
    ("Briesker Straße 12", "Schuldner- und Insolvenzberatung Lausitz", "with_data", ["contact", "household"], 20,
     "normal", ("cannot_take", None, "Zuständig ist die Beratungsstelle am Wohnort Großräschen."), None),
    ("Schulstraße 8", "Tafel Senftenberg", "contact_given", [], 22, "normal", None, ("refused", 12)),
    ("Kreuzstraße 5", "Schuldner- und Insolvenzberatung Lausitz", "with_data", ["contact", "household"], 3,
     "normal", None, None),
]
REASONS = {
    "debt_counselling": "Mehrere Gläubiger neben der Miete; Kontopfändung droht. Bitte Schuldenregulierung und "
                        "P-Konto prüfen.",
    "family_centre": "Kinderbetreuung und Unterstützung im Alltag, damit die Mutter ihre Arbeitszeit halten kann.",
    "energy_hardship_fund": "Stromsperre angekündigt; Abwendungsvereinbarung mit dem Versorger ist abgeschlossen, "
                            "der Rest soll über den Härtefallfonds laufen.",
    "addiction": "Herr Wagner möchte wieder Kontakt zur Suchtberatung; Termin mit ihm zusammen vereinbart.",
    "food_bank": "Überbrückung bis zur ersten Zahlung des Jobcenters.",
}


def seed_referrals(db: sqlite_utils.Database, today: date, key: bytes) -> None:
    """Referrals in every state; those with data under a consent naming the debt counselling."""
    debt = db.execute("SELECT id FROM organisation WHERE kind = 'other'").fetchone()[0]
    petra = db.execute("SELECT id FROM person WHERE email = 'petra.lange@diakonie-demo.de'").fetchone()[0]
    db.execute("UPDATE service SET organisation_id = ? WHERE name = 'Schuldner- und Insolvenzberatung Lausitz'", [debt])
    services = {row[0]: (row[1], row[2]) for row in db.execute("SELECT name, id, kind FROM service")}
    for number, (street, name, channel, categories, days, urgency, answer, outcome) in enumerate(REFERRALS):
        case = next(db.query("SELECT * FROM household_case WHERE street = ? AND status = 'open'", [street]))
        referred = today - timedelta(days=days)
        if channel == "with_data":
            sign_consents(db, case, [debt], key, today, purposes=("onward_referral",),
                                      signed_on=referred - timedelta(days=1))
        service_id, kind = services[name]
        payload = {"service_id": service_id, "reason": REASONS[kind], "urgency": urgency, "channel": channel,
                   "categories": categories, "referred_on": referred,
                   "check_on": referred + timedelta(days=7 if urgency == "urgent" else 14), "note_id": None}
        referral_id = f"demo-referral-{number:02d}"
        members = [m["id"] for m in db.query("SELECT id FROM household_member WHERE case_id = ? AND lease_party = 1",
                                             [case["id"]])] if channel == "with_data" else []
        referrals.record(db, case, payload, referral_id, referral_id, members, case["assigned_worker_id"])
        if answer:
            kind_of_answer, in_days, note = answer
            referrals.answer(db, referral_id, answer_kind=kind_of_answer,
                             appointment_on=today + timedelta(days=in_days) if in_days else None, note=note, by=petra)
        if outcome:
            referrals.record_outcome(db, referral_id, outcome=outcome[0], on=today - timedelta(days=outcome[1]),
                                     by=case["assigned_worker_id"])
