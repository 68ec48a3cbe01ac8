"""Demo people: a centre with two teams, a housing company, the city, the Jobcenter and the debt
counselling service of the help network (all invented)."""

from __future__ import annotations

from datetime import date

import sqlite_utils

from ..auth.people import create_organisation, create_person, create_team

ORGANISATIONS = [
    ("centre", "Caritas-Beratungsstelle Senftenberg", "KDG § 6 Abs. 1 lit. c (Beratungsvertrag)"),
    ("housing", "Wohnungsgesellschaft Senftenberg mbH", "DSGVO Art. 6 Abs. 1 lit. a und f, BDSG"),
    ("city", "Stadt Senftenberg – Fachbereich Soziales", "DSGVO Art. 6 Abs. 1 lit. e, § 35 SGB I, §§ 67 ff. SGB X"),
    ("jobcenter", "Jobcenter Oberspreewald-Lausitz", "DSGVO Art. 6 Abs. 1 lit. e, § 35 SGB I, §§ 67 ff. SGB X"),
    ("debt", "Schuldner- und Insolvenzberatung Lausitz (Diakonie)", "DSGVO Art. 6 Abs. 1 lit. a (Einwilligung)"),
]
KINDS = {"centre": "centre", "housing": "housing_company", "city": "city", "jobcenter": "jobcenter", "debt": "other"}
TEAMS = [("nord", "Team Nord"), ("sued", "Team Süd")]
PEOPLE = [
    ("katrin.vogel@caritas-demo.de", "Katrin Vogel", {"admin"}, None, "centre"),
    ("andreas.richter@caritas-demo.de", "Andreas Richter", {"supervisor"}, "nord", "centre"),
    ("miriam.schulz@caritas-demo.de", "Miriam Schulz", {"supervisor", "admin"}, "sued", "centre"),
    ("jana.becker@caritas-demo.de", "Jana Becker", {"worker"}, "nord", "centre"),
    ("lukas.hoffmann@caritas-demo.de", "Lukas Hoffmann", {"worker"}, "nord", "centre"),
    ("selin.kaya@caritas-demo.de", "Selin Kaya", {"worker"}, "sued", "centre"),
    ("thomas.neumann@wg-senftenberg-demo.de", "Thomas Neumann", {"partner"}, None, "housing"),
    ("sabine.krueger@senftenberg-demo.de", "Sabine Krüger", {"partner"}, None, "city"),
    ("uwe.schmidt@jobcenter-osl-demo.de", "Uwe Schmidt", {"partner"}, None, "jobcenter"),
    ("petra.lange@diakonie-demo.de", "Petra Lange", {"partner"}, None, "debt"),
]


def seed_people(db: sqlite_utils.Database, today: date) -> dict:
    organisations = {key: create_organisation(db, name, KINDS[key], basis) for key, name, basis in ORGANISATIONS}
    teams = {key: create_team(db, name) for key, name in TEAMS}
    people = {}
    for email, name, roles, team, organisation in PEOPLE:
        people[email] = create_person(
            db, email, name, roles, team_id=teams.get(team),
            organisation_id=organisations[organisation] if "partner" in roles else None, status="active",
        ).id
    return {"organisations": organisations, "teams": teams, "people": people}
