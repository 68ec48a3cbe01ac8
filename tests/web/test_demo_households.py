"""The demo households: every stage and alert level, and still true on another day.

The database is built for two `today`s (end of February, and an ordinary day in November), so
a date that only works relative to one day fails here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

import pytest

from outreach import create_app
from outreach import db as database
from outreach.cases import store
from outreach.cli import create_demo_database
from outreach.clock import berlin_today
from outreach.db import get_db
from outreach.domain.calendar import DEFAULT_STATE
from outreach.demo.households import HOUSEHOLDS
from outreach.domain.cases import CONTACT_KINDS, SOURCES, STAGES, urgency_key
from tests.web.test_demo_sign_in import sign_in_as

LEVELS = ("overdue", "within_1_week", "within_3_weeks", "within_6_weeks")
WORKERS = {"jana.becker@caritas-demo.de": "Team Nord", "lukas.hoffmann@caritas-demo.de": "Team Nord",
           "selin.kaya@caritas-demo.de": "Team Süd"}


WRITTEN = {h.street for h in HOUSEHOLDS}  # the households written out by hand in demo/households.py


@dataclass
class Household:
    name: str
    view: store.CaseView
    key_dates: list[dict]
    attempts: list[dict]
    members: list[dict]
    worker_email: str

    @property
    def case(self) -> dict:
        return self.view.case

    def deadline(self, code: str):
        return next((d for d in self.view.deadlines if d.code == code), None)

    def dates(self, kind: str) -> list[date]:
        return [date.fromisoformat(k["on_date"]) for k in self.key_dates if k["kind"] == kind]


@pytest.fixture(scope="module", params=[date(2026, 2, 27), date(2026, 11, 25)], ids=str)
def demo(request, tmp_path_factory):
    today = request.param
    path = str(tmp_path_factory.mktemp("demo") / "demo.sqlite3")
    create_demo_database(path, today=today)
    db = database.connect(path)
    try:
        households = []
        for case in db.query("""SELECT c.*, w.email AS worker_email, t.name AS team_name FROM household_case c
                                JOIN person w ON w.id = c.assigned_worker_id JOIN team t ON t.id = c.team_id
                                ORDER BY c.number"""):
            if case["street"] not in WRITTEN:
                continue  # the two years of finished cases (demo/outcomes.py) are checked on their own
            members = store.members(db, case["id"])
            households.append(Household(members[0]["name"], store.case_view(db, case, today, DEFAULT_STATE),
                                        store.key_dates(db, case["id"]), store.attempts(db, case["id"]), members,
                                        case["worker_email"]))
        yield today, households
    finally:
        db.close()


def open_cases(demo):
    return [h for h in demo[1] if h.case["status"] == "open"]


def test_about_fourteen_households_in_senftenberg(demo):
    _, households = demo
    assert 12 <= len(households) <= 16
    assert len({h.name for h in households}) == len(households)
    for h in households:
        assert h.case["postcode"] == "01968" and h.case["city"] == "Senftenberg"
        assert re.fullmatch(r"\D+ \d+", h.case["street"]), h.case["street"]
        assert 280_00 <= h.case["base_rent_cents"] <= 650_00
        assert 90_00 <= h.case["service_charge_cents"] <= 180_00
        assert 50_00 <= h.case["heating_cents"] <= 120_00
        assert h.case["tenancy_start"] < demo[0].isoformat()
        assert 100 <= len(h.case["situation"]) <= 500 and h.case["situation"].endswith(".")
        assert any(m["lease_party"] for m in h.members) and all(m["birth_year"] for m in h.members)


def test_every_stage_at_least_twice_among_open_cases(demo):
    stages = [h.case["stage"] for h in open_cases(demo)]
    assert all(stages.count(stage) >= 2 for stage in STAGES), stages


def test_sources_are_spread(demo):
    assert {h.case["source"] for h in demo[1]} == set(SOURCES) - {"other"}


def test_every_alert_level_appears_and_some_cases_have_none(demo):
    cases = open_cases(demo)
    levels = {d.alert for h in cases for d in h.view.deadlines}
    assert set(LEVELS) <= levels
    quiet = [h.name for h in cases if not any(d.alert for d in h.view.deadlines)]
    assert len(quiet) >= 2


def test_a_schonfrist_is_running_and_one_has_just_ended(demo):
    today, _ = demo
    counted = [h for h in open_cases(demo) if h.deadline("schonfrist_end")]
    running = [h for h in counted if h.deadline("schonfrist_end").due_on > today]
    assert len(running) >= 2
    for h in running:
        assert 21 <= (today - max(h.dates("suit_served"))).days <= 49
    [ended] = [h for h in counted if h not in running]  # the commitment that came too late (demo/claims.py)
    assert 1 <= (today - ended.deadline("schonfrist_end").due_on).days <= 14


def test_two_tenants_served_on_different_days(demo):
    households = [h for h in open_cases(demo) if len(set(h.dates("suit_served"))) == 2]
    assert len(households) >= 2
    for h in households:
        served = {k["member_id"] for k in h.key_dates if k["kind"] == "suit_served"}
        assert served == {m["id"] for m in h.members if m["lease_party"]}


def test_schonfrist_not_available_after_an_earlier_healed_termination(demo):
    blocked = [h for h in open_cases(demo) if h.dates("earlier_healed_termination")]
    assert len(blocked) == 1
    h = blocked[0]
    assert h.dates("suit_served") and h.deadline("schonfrist_end") is None
    assert (max(h.dates("termination_received")) - h.dates("earlier_healed_termination")[0]).days < 2 * 365


def test_the_court_and_energy_situations(demo):
    today, _ = demo
    cases = open_cases(demo)

    def one(code, *, days: range, alert: str):
        found = [h for h in cases if h.deadline(code) and (h.deadline(code).due_on - today).days in days]
        assert found, code
        assert found[0].deadline(code).alert == alert
        return found[0]

    evicted = one("raeumungstermin", days=range(10, 15), alert="within_3_weeks")
    assert evicted.deadline("eviction_protection_request").alert == "overdue"
    assert evicted.case["stage"] == "eviction_date"
    one("hearing_raeumungsfrist_request", days=range(28, 43), alert="within_6_weeks")
    einspruch = one("einspruch", days=range(9, 15), alert="within_3_weeks")
    assert einspruch.dates("default_judgment_served") == [today - timedelta(days=5)]
    one("energy_cut_earliest", days=range(0, 8), alert="within_1_week")
    one("defence_notice", days=range(0, 8), alert="within_1_week")
    one("raeumungsfrist_extension_request", days=range(22, 43), alert="within_6_weeks")


def test_first_contact_pending_and_lapsed_and_attempts_of_every_kind(demo):
    today, households = demo
    first_contact = [h.deadline("first_contact_due") for h in open_cases(demo) if h.deadline("first_contact_due")]
    assert {d.due_on >= today for d in first_contact} == {True, False}
    assert {a["kind"] for h in households for a in h.attempts} == set(CONTACT_KINDS)


def test_the_ledger_matches_the_stage(demo):
    """Past "arrears only", the § 543 threshold was reached before the (first) termination."""
    for h in demo[1]:
        assert h.view.monthly_rent_cents and (h.view.open_arrears_cents or h.case["outcome"] == "flat_kept")
        if h.case["stage"] != "arrears" and h.case["outcome"] != "flat_kept":
            assert h.view.threshold_since and h.view.threshold_since < min(h.dates("termination_received")), h.name


def test_two_closed_cases_with_outcomes(demo):
    closed = [h.case for h in demo[1] if h.case["status"] == "closed"]
    assert sorted(c["outcome"] for c in closed) == ["emergency_accommodation", "flat_kept"]
    assert all(c["closed_on"] < demo[0].isoformat() for c in closed)


def test_each_worker_of_both_teams_has_cases(demo):
    for email, team in WORKERS.items():
        own = [h for h in open_cases(demo) if h.worker_email == email]
        assert len(own) >= 3 and {h.case["team_name"] for h in own} == {team}


@pytest.fixture
def demo_app(tmp_path):
    path = str(tmp_path / "demo.sqlite3")
    create_demo_database(path)  # today, like `outreach demo`
    return create_app(demo=True, settings={"DATABASE": path, "PUBLIC_ORIGIN": "http://localhost:5000",
                                           "EVIDENCE_KEY": "d" * 40, "SECRET_KEY": "s" * 40})


def titles(html: str) -> list[str]:
    return re.findall(r'<span class="case-title">([^<]+)</span>', html)


def test_jana_sees_her_caseload_most_urgent_first(demo_app):
    client = demo_app.test_client()
    sign_in_as(client, demo_app, "jana.becker@caritas-demo.de")
    response = client.get("/cases")
    assert response.status_code == 200
    listed = titles(response.get_data(as_text=True))
    with demo_app.app_context():
        db = get_db()
        jana = db.execute("SELECT id FROM person WHERE email = 'jana.becker@caritas-demo.de'").fetchone()[0]
        # her open cases, and closed ones whose tenancy follow-up is due within six weeks
        cases = list(db.query("""SELECT * FROM household_case c WHERE assigned_worker_id = ? AND (status = 'open' OR
                                 EXISTS (SELECT 1 FROM follow_up f WHERE f.case_id = c.id AND f.status = 'due'
                                         AND f.due_on <= date(?, '+42 days')))""",
                              [jana, berlin_today().isoformat()]))
        views = sorted((store.case_view(db, c, berlin_today(), DEFAULT_STATE) for c in cases),
                       key=lambda v: urgency_key(v.deadlines, v.case["stage"]))
        names = store.household_names(db, [v.case["id"] for v in views])
    assert listed == [names[v.case["id"]] for v in views]
    assert listed[0] == "Heike Krüger"  # eviction date in about ten days
    assert views[0].deadlines[0].alert == "overdue"
    assert "Emine Yılmaz" not in listed  # Selin's case, Team Süd
    assert "Stefan Hartmann" in listed  # closed two months ago: the 3-month check-in is near


def test_team_nord_supervisor_sees_every_alert_level_on_the_board(demo_app):
    client = demo_app.test_client()
    sign_in_as(client, demo_app, "andreas.richter@caritas-demo.de")
    html = client.get("/deadlines").get_data(as_text=True)
    for level in LEVELS:
        section = re.search(rf'<section class="deadline-group level-{level}".*?</section>', html, re.S).group(0)
        assert titles(section), level


def test_the_demo_offers_a_published_consent_form_in_german_and_english(tmp_path):
    from outreach.consent import versions

    path = str(tmp_path / "demo.sqlite3")
    create_demo_database(path, today=date(2026, 11, 25))
    db = database.connect(path)
    try:
        offered = versions.published(db)
    finally:
        db.close()
    assert sorted(v["language"] for v in offered) == ["de", "en"]
    names = [r["name"] for r in offered[0]["content"]["recipients"]]
    assert names == ["Wohnungsgesellschaft Senftenberg mbH", "Stadt Senftenberg – Fachbereich Soziales",
                     "Jobcenter Oberspreewald-Lausitz", "Schuldner- und Insolvenzberatung Lausitz (Diakonie)"]
