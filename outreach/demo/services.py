"""Demo help network (issue 21): the services of a small town's network, all invented."""

from __future__ import annotations

from datetime import date

import sqlite_utils

from ..services import store

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
