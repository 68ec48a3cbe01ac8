"""Demo consent forms: one published German form naming the housing company, the city and the Jobcenter, and
its English translation, so signing can be tried on a phone at once (invented wording)."""

from __future__ import annotations

from datetime import date

import sqlite_utils

from ..consent import versions
from ..domain.consent import new_content

INTRO = ("Ich möchte, dass die Beratungsstelle mir hilft, meine Wohnung zu behalten. Dafür darf sie mit den "
         "unten angekreuzten Stellen über mich sprechen – nur über das, was ich ankreuze, und nur dafür.")


def seed_consent_templates(db: sqlite_utils.Database, today: date) -> None:
    admin = db.execute("SELECT id FROM person WHERE email = 'katrin.vogel@caritas-demo.de'").fetchone()[0]
    recipients = [{"organisation_id": row[0], "name": row[1], "department": department}
                  for row, department in zip(
                      db.execute("SELECT id, name FROM organisation WHERE kind IN ('housing_company', 'city', 'jobcenter', "
                                 "'other') ORDER BY kind = 'other', kind = 'jobcenter', kind DESC").fetchall(),
                      ("Mieterservice", "Sozialer Dienst", "Leistungsabteilung", "Schuldnerberatung"))]
    content = new_content(title="Einwilligung und Schweigepflichtentbindung", intro=INTRO, language="de",
                          easy_language=False, recipients=recipients,
                          purposes=["status_feedback", "coordination", "arrears_takeover", "emergency_accommodation",
                                    "onward_referral"],
                          categories=["status", "contact", "arrears_plan", "household", "documents", "income",
                                      "health"],
                          validity_months=12)
    german = versions.create_template(db, "Schweigepflichtentbindung Wohnungssicherung", content, admin)
    versions.publish(db, german, admin)
    english = versions.derive(db, german, admin, language="en")
    versions.publish(db, english, admin)
