"""Emergency accommodation (issue 20): the worker's shelter request to the city within consent, only
when an eviction date is set and no authority has committed; the city's answer (a place or a
refusal) on the case; its placements, the features of the people housed and the federal return
(WoBerichtsG) for a reference date, with its count checked; the statistics count the requests."""

from __future__ import annotations

import csv
import io
import json
from datetime import date, timedelta

import pytest

from outreach.auth.people import create_organisation
from outreach.cases import store as cases_store
from outreach.claims import store as claims_store
from outreach.clock import berlin_today
from outreach.db import get_db
from outreach.domain.accommodation import latest_reference_date
from outreach.reports import figures
from tests.support.consent import published_version, sign, withdraw
from tests.support.notes import send
from tests.web.test_cases import form, open_case, page


def rows(app, sql, params=()):
    with app.app_context():
        return [dict(r) for r in get_db().query(sql, params)]


def audit_lines(app, action):
    return [json.loads(r["details"]) for r in rows(app, "SELECT details FROM audit_log WHERE action = ?", [action])]


@pytest.fixture
def version(app, centre):
    return published_version(app, centre.admin, [centre.city, centre.housing],
                             purposes=("coordination", "emergency_accommodation"),
                             categories=("status", "contact", "household"))


@pytest.fixture
def case(app, centre, version):
    """Anna Müller's eviction is set for three weeks from today."""
    case_id = open_case(centre, stage="eviction_date")
    with app.app_context():
        tenant = cases_store.members(get_db(), case_id)[0]["id"]
        cases_store.add_key_date(get_db(), case_id, "eviction_date", berlin_today() + timedelta(days=21), None)
    return {"id": case_id, "tenant": tenant, "version": version}


def consent(centre, case, *, purposes=("emergency_accommodation",), categories=("contact", "household"),
            recipients=None):
    mutation = sign(centre.worker.person.id, case["id"], case["tenant"], case["version"],
                    recipients=recipients or [centre.city], purposes=purposes, categories=categories)
    [result] = send(centre.worker, mutation)
    assert result["status"] == "applied", result
    return mutation["entity_id"]


def ask(centre, case, **overrides):
    data = {"organisation_id": centre.city, "household_size": "2", "needed_on": (berlin_today()
            + timedelta(days=21)).isoformat(), "needs": "Ein Kind (4 Jahre); Erdgeschoss."} | overrides
    return centre.worker.client.post(f"/cases/{case['id']}/shelter-requests", data=form(centre.worker, **data))


def sent_request(app, centre, case) -> str:
    consent(centre, case)
    assert ask(centre, case).status_code == 303
    [row] = rows(app, "SELECT id FROM shelter_request WHERE case_id = ?", [case["id"]])
    return row["id"]


def answer(centre, rid, **data):
    centre.city_partner.page(f"/city/shelter-requests/{rid}")
    return centre.city_partner.client.post(f"/city/shelter-requests/{rid}/answer", data=form(centre.city_partner, **data))


PLACE = {"answer": "placed", "place": "Übergangswohnheim Am Hafen 2", "accommodation_kind": "short_term",
         "provider": "welfare", "association": "caritas", "household_type": "single_parent", "household_size": "2",
         "municipality_key": "12066304"}


def placed(app, centre, rid, begins_on: date, **overrides) -> str:
    response = answer(centre, rid, **PLACE, begins_on=begins_on.isoformat(), **overrides)
    assert response.status_code == 303, response.get_data(as_text=True)[:3000]
    [row] = rows(app, "SELECT id FROM placement WHERE request_id = ?", [rid])
    return row["id"]


def people(centre, pid, *persons):
    data = {}
    for n, (sex, born, nationality) in enumerate(persons):
        data |= {f"sex-{n}": sex, f"birth_month-{n}": born, f"nationality-{n}": nationality}
    centre.city_partner.page(f"/city/placements/{pid}")
    return centre.city_partner.client.post(f"/city/placements/{pid}/people", data=form(centre.city_partner, **data))


# ---- the worker's request ----

def test_the_section_shows_once_an_eviction_date_is_set(app, centre, version):
    quiet = open_case(centre)
    assert 'id="shelter"' not in page(centre.worker, f"/cases/{quiet}").get_data(as_text=True)
    case_id = open_case(centre, stage="eviction_date")
    with app.app_context():
        cases_store.add_key_date(get_db(), case_id, "eviction_date", berlin_today() + timedelta(days=9), None)
    html = page(centre.worker, f"/cases/{case_id}").get_data(as_text=True)
    assert 'id="shelter"' in html and "Notunterbringung bei der Stadt anfragen" in html
    assert "von keiner Einwilligung gedeckt" in html  # no consent yet: the form says so


def test_without_consent_nothing_is_sent_and_the_refusal_is_audited(app, centre, case):
    response = ask(centre, case)
    html = response.get_data(as_text=True)
    assert response.status_code == 403 and "Nicht erlaubt" in html and "Stadt Test" in html
    assert rows(app, "SELECT * FROM shelter_request") == [] and rows(app, "SELECT * FROM disclosure") == []
    assert audit_lines(app, "shelter.request_refused")[0]["organisation"] == centre.city


def test_a_consent_for_another_purpose_or_office_does_not_carry_it(app, centre, case):
    consent(centre, case, purposes=("coordination",))
    consent(centre, case, recipients=[centre.housing])
    assert ask(centre, case).status_code == 403
    assert rows(app, "SELECT * FROM shelter_request") == []


def test_a_request_is_a_recorded_disclosure_and_shows_on_the_case(app, centre, case):
    consent(centre, case)
    assert ask(centre, case).status_code == 303
    [request] = rows(app, "SELECT * FROM shelter_request")
    assert request["state"] == "sent" and request["household_size"] == 2
    assert request["sent_on"] == berlin_today().isoformat()
    [disclosure] = rows(app, "SELECT * FROM disclosure")
    assert disclosure["channel"] == "shelter_request" and disclosure["purpose"] == "emergency_accommodation"
    assert json.loads(disclosure["categories"]) == ["contact", "household"]
    assert json.loads(disclosure["member_ids"]) == [case["tenant"]]
    html = page(centre.worker, f"/cases/{case['id']}").get_data(as_text=True)
    assert "Anfrage an Stadt Test" in html and "wartet auf die Stadt" in html
    response = ask(centre, case)  # one waiting request at a time
    assert response.status_code == 400 and "wartet bereits" in response.get_data(as_text=True)


def test_no_request_once_an_authority_has_committed(app, centre, case):
    consent(centre, case)
    with app.app_context():
        db = get_db()
        claim = claims_store.create(db, case["id"], kind="rent_arrears_takeover", addressee_organisation_id=centre.city,
                                    addressee_name="", amount_asked_cents=90000, filed_on=berlin_today(), note="",
                                    by=centre.worker.person.id)
        claims_store.record_decision(db, claim, decision="granted", notice_dated_on=berlin_today(), sent_by="post",
                                     received_on=None, instructions_correct=True, amount_granted_cents=90000,
                                     form="loan", by=centre.worker.person.id)
    html = page(centre.worker, f"/cases/{case['id']}").get_data(as_text=True)
    assert "hat die Übernahme zugesagt" in html and "Notunterbringung bei der Stadt anfragen<" not in html
    response = ask(centre, case)
    assert response.status_code == 400 and "keine Zusage einer Behörde" in response.get_data(as_text=True)
    assert rows(app, "SELECT * FROM shelter_request") == []


@pytest.mark.parametrize("field, value", [("household_size", "0"), ("household_size", "13"), ("household_size", "zwei"),
                                          ("needed_on", "31.02.2027"), ("needed_on", "2030-01-01"),
                                          ("needs", "x" * 1001), ("organisation_id", "nope")])
def test_bad_request_input_gets_a_clear_message_and_sends_nothing(app, centre, case, field, value):
    consent(centre, case)
    response = ask(centre, case, **{field: value})
    assert response.status_code == 400 and 'aria-invalid="true"' in response.get_data(as_text=True)
    assert rows(app, "SELECT * FROM shelter_request") == [] and rows(app, "SELECT * FROM disclosure") == []


# ---- the city ----

def test_the_city_sees_who_is_to_be_housed_and_each_look_is_recorded(app, centre, case):
    rid = sent_request(app, centre, case)
    inbox = centre.city_partner.page("/city/shelter-requests")
    assert "2 Personen ab" in inbox and "Anna Müller" not in inbox
    assert 'class="count-badge">1<' in inbox.replace("</span>", "<")
    html = page(centre.city_partner, f"/city/shelter-requests/{rid}").get_data(as_text=True)
    assert "Anna Müller" in html and "Bahnhofstraße 3" in html and "Ein Kind (4 Jahre)" in html
    assert 'data-field="stage"' not in html  # status is not what a shelter request carries
    views = rows(app, "SELECT * FROM disclosure WHERE channel = 'shelter_view'")
    assert len(views) == 1 and json.loads(views[0]["categories"]) == ["contact", "household"]


def test_a_consent_withdrawn_before_the_next_look_shows_nothing(app, centre, case):
    rid = sent_request(app, centre, case)
    consent_id = rows(app, "SELECT id FROM consent_record")[0]["id"]
    [result] = send(centre.worker, withdraw(centre.worker.person.id, case["id"], consent_id,
                                             berlin_today().isoformat()))
    assert result["status"] == "applied", result
    response = page(centre.city_partner, f"/city/shelter-requests/{rid}")
    assert response.status_code == 403 and "Anna Müller" not in response.get_data(as_text=True)
    assert rows(app, "SELECT * FROM disclosure WHERE channel = 'shelter_view'") == []
    assert audit_lines(app, "shelter.request_refused_view") == [{"request": rid}]


def test_another_city_and_other_partners_get_nothing(app, centre, case):
    rid = sent_request(app, centre, case)
    assert page(centre.partner, f"/city/shelter-requests/{rid}").status_code == 403  # a housing company
    assert page(centre.partner, "/city/shelter-requests").status_code == 403
    with app.app_context():
        db = get_db()
        other = create_organisation(db, "Stadt Zwei", "city", "SGB X")
        db.execute("UPDATE person SET organisation_id = ? WHERE id = ?", [other, centre.city_partner.person.id])
        db.conn.commit()
    response = page(centre.city_partner, f"/city/shelter-requests/{rid}")
    assert response.status_code == 404 and "Anna Müller" not in response.get_data(as_text=True)
    assert rid not in page(centre.city_partner, "/city/shelter-requests").get_data(as_text=True)


def test_a_place_is_shown_on_the_case_and_a_second_answer_is_refused(app, centre, case):
    rid = sent_request(app, centre, case)
    pid = placed(app, centre, rid, berlin_today() + timedelta(days=21))
    [placement] = rows(app, "SELECT * FROM placement")
    assert placement["id"] == pid and placement["association"] == "caritas" and placement["household_size"] == 2
    html = page(centre.worker, f"/cases/{case['id']}").get_data(as_text=True)
    assert "Platz zugewiesen" in html and "Übergangswohnheim Am Hafen 2" in html
    again = answer(centre, rid, answer="refused", refusal_reason="doch nicht")
    assert again.status_code == 409 and "nicht mehr möglich" in again.get_data(as_text=True)
    assert [r["state"] for r in rows(app, "SELECT state FROM shelter_request")] == ["placed"]
    assert audit_lines(app, "shelter.placed") == [{"request": rid, "placement": pid}]


def test_a_refusal_needs_its_reason_and_shows_on_the_case(app, centre, case):
    rid = sent_request(app, centre, case)
    response = answer(centre, rid, answer="refused", refusal_reason="")
    assert response.status_code == 400 and "Bitte geben Sie den Grund" in response.get_data(as_text=True)
    assert answer(centre, rid, answer="refused", refusal_reason="Kein Platz frei; bitte Landkreis fragen.").status_code == 303
    html = page(centre.worker, f"/cases/{case['id']}").get_data(as_text=True)
    assert "abgelehnt" in html and "Kein Platz frei" in html
    assert ask(centre, case).status_code == 303  # refused: the worker may ask again


@pytest.mark.parametrize("field, value", [("municipality_key", "1206630"), ("provider", "bank"), ("association", ""),
                                          ("household_size", "0"), ("begins_on", "kein Datum"), ("place", "")])
def test_bad_answers_get_a_clear_message_and_change_nothing(app, centre, case, field, value):
    rid = sent_request(app, centre, case)
    response = answer(centre, rid, **(PLACE | {"begins_on": berlin_today().isoformat(), field: value}))
    assert response.status_code == 400 and 'aria-invalid="true"' in response.get_data(as_text=True)
    assert rows(app, "SELECT * FROM placement") == [] and rows(app, "SELECT state FROM shelter_request")[0]["state"] == "sent"


# ---- placements and the federal return ----

def test_features_are_checked_and_recorded_for_each_person(app, centre, case):
    pid = placed(app, centre, sent_request(app, centre, case), berlin_today())
    bad = people(centre, pid, ("female", "04/1990", "deutsch"), ("other", "2022-05", "=SUMME(1)"))
    html = bad.get_data(as_text=True)
    assert bad.status_code == 400 and "Monat der Geburt" in html and "Staatsangehörigkeit in Worten" in html
    assert rows(app, "SELECT * FROM placement_person") == []
    assert people(centre, pid, ("female", "1990-04", "deutsch"), ("male", "2022-05", "deutsch")).status_code == 303
    assert [r["birth_month"] for r in rows(app, "SELECT * FROM placement_person ORDER BY position")] == ["1990-04",
                                                                                                        "2022-05"]


def test_leaving_is_recorded_once_and_not_before_the_start(app, centre, case):
    pid = placed(app, centre, sent_request(app, centre, case), berlin_today() - timedelta(days=10))
    centre.city_partner.page(f"/city/placements/{pid}")
    post = lambda day: centre.city_partner.client.post(  # noqa: E731
        f"/city/placements/{pid}/end", data=form(centre.city_partner, ends_on=day.isoformat()))
    assert post(berlin_today() - timedelta(days=10)).status_code == 400
    assert post(berlin_today()).status_code == 303
    assert post(berlin_today()).status_code == 409
    assert rows(app, "SELECT ends_on FROM placement")[0]["ends_on"] == berlin_today().isoformat()


def test_the_return_has_one_row_per_person_on_the_reference_date_and_no_names(app, centre, case):
    reference = latest_reference_date(berlin_today())
    rid = sent_request(app, centre, case)
    with app.app_context():  # the request went out before the reference date
        get_db().execute("UPDATE shelter_request SET sent_at = ? WHERE id = ?",
                         [f"{(reference - timedelta(days=20)).isoformat()}T08:00:00.000000Z", rid])
        get_db().conn.commit()
    pid = placed(app, centre, rid, reference - timedelta(days=10))
    check = centre.city_partner.page(f"/city/placements/return?year={reference.year}")
    assert 'data-matches="no"' in check and "fehlen die Merkmale" in check  # features not yet recorded
    assert people(centre, pid, ("female", f"{reference.year - 30}-01", "deutsch"),
                  ("male", f"{reference.year - 4}-06", "ukrainisch")).status_code == 303
    check = centre.city_partner.page(f"/city/placements/return?year={reference.year}")
    assert 'data-matches="yes"' in check and 'data-field="rows">2<' in check
    response = centre.city_partner.client.get(f"/city/placements/return.csv?year={reference.year}")
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"
    text = response.get_data(as_text=True)
    assert text.startswith("\ufeff") and "Anna" not in text and "Müller" not in text and "Bahnhof" not in text
    table = list(csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=";"))
    assert table[0][:3] == ["Geschlecht", "Lebensalter zum Stichtag", "Staatsangehörigkeit"]
    begun = (reference - timedelta(days=10)).strftime("%d.%m.%Y")
    kind, provider = "a) kurzfristige Hilfeangebote wie Notunterkünfte oder Übernachtungsstellen", "c) freie Träger"
    assert table[1:] == [["weiblich", "30", "deutsch", "Alleinerziehend", "2", kind, provider, "Caritas", begun,
                          "12066304"],
                         ["männlich", "3", "ukrainisch", "Alleinerziehend", "2", kind, provider, "Caritas", begun,
                          "12066304"]]
    earlier = centre.city_partner.client.get(f"/city/placements/return.csv?year={reference.year - 1}")
    assert list(csv.reader(io.StringIO(earlier.get_data(as_text=True).lstrip("\ufeff")), delimiter=";"))[1:] == []
    assert audit_lines(app, "shelter.return_exported")[0] == {"year": reference.year, "rows": 2}


def test_a_household_that_left_on_the_reference_date_is_not_counted(app, centre, case):
    reference = latest_reference_date(berlin_today())
    rid = sent_request(app, centre, case)
    pid = placed(app, centre, rid, berlin_today())
    with app.app_context():
        get_db().execute("UPDATE placement SET begins_on = ?, ends_on = ? WHERE id = ?",
                         [(reference - timedelta(days=40)).isoformat(), reference.isoformat(), pid])
        get_db().conn.commit()
    people(centre, pid, ("female", "1990-04", "deutsch"), ("male", "2022-05", "deutsch"))
    html = centre.city_partner.page(f"/city/placements/return?year={reference.year}")
    assert 'data-field="placements">0<' in html and 'data-field="rows">0<' in html


@pytest.mark.parametrize("year", ["2021", "9999", "abc", "-1", "99999999999999999999"])
def test_an_odd_year_falls_back_to_the_latest_reference_date(app, centre, year):
    response = centre.city_partner.client.get(f"/city/placements/return?year={year}")
    assert response.status_code == 200
    assert f"31.01.{latest_reference_date(berlin_today()).year}" in response.get_data(as_text=True)


# ---- statistics ----

def test_the_statistics_count_requests_by_the_city_s_answer(app, centre, version):
    today = berlin_today()
    states = []
    for n, outcome in enumerate(["placed", "placed", "refused", "sent", "sent"]):
        case = {"id": open_case(centre, stage="eviction_date", street=f"Weg {n}"), "version": version}
        with app.app_context():
            case["tenant"] = cases_store.members(get_db(), case["id"])[0]["id"]
            cases_store.add_key_date(get_db(), case["id"], "eviction_date", today + timedelta(days=5), None)
        rid = sent_request(app, centre, case)
        if outcome == "placed":
            placed(app, centre, rid, today)
        elif outcome == "refused":
            answer(centre, rid, answer="refused", refusal_reason="kein Platz")
        states.append(rid)
    with app.app_context():  # the last one was sent before the period
        get_db().execute("UPDATE shelter_request SET sent_on = ? WHERE id = ?",
                         [(today - timedelta(days=40)).isoformat(), states[-1]])
        get_db().conn.commit()
        found = figures.compute(get_db(), today - timedelta(days=30), today).values["shelter_requests"]
        other_team = figures.compute(get_db(), today - timedelta(days=30), today, centre.south).values["shelter_requests"]
    assert {c.code: c.count for c in found.cells} == {"placed": 2, "refused": 1, "waiting": 1} and found.total == 4
    assert other_team.total == 0
    html = centre.supervisor.page(f"/statistics?from={(today - timedelta(days=30)).isoformat()}&to={today.isoformat()}")
    assert "Anfragen zur Notunterbringung" in html
