"""The landlord in the loop (issue 20): under a status-feedback consent the housing company sees
that a commitment exists and the agreed instalment — nothing of the household's finances — and
posts rent statements that stand beside the worker's ledger, never overwriting it."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest

from outreach.cases import store as cases_store
from outreach.claims import store as claims_store
from outreach.clock import berlin_today
from outreach.db import get_db
from tests.support.budgets import save_budget
from tests.support.consent import published_version, sign, withdraw
from tests.support.notes import send
from tests.web.test_cases import form, open_case, page


def month(offset: int) -> str:
    today = berlin_today()
    index = today.year * 12 + today.month - 1 + offset
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


@pytest.fixture
def case(app, centre):
    """The housing company's tenancy: three months in the worker's ledger, 650 € a month."""
    case_id = open_case(centre)
    with app.app_context():
        db = get_db()
        cases_store.set_fields(db, case_id, landlord_organisation_id=centre.housing)
        cases_store.set_tenancy(db, case_id, tenancy_start=None, base_rent_cents=50000, service_charge_cents=10000,
                                heating_cents=5000)
        for offset, paid in ((-3, 65000), (-2, 0), (-1, 20000)):
            year, number = (int(part) for part in month(offset).split("-"))
            cases_store.set_ledger_month(db, case_id, year, number, 65000, paid)
        tenant = cases_store.members(db, case_id)[0]["id"]
    version = published_version(app, centre.admin, [centre.housing, centre.city],
                                purposes=("status_feedback", "coordination"),
                                categories=("status", "contact", "arrears_plan", "household", "income"))
    return {"id": case_id, "tenant": tenant, "version": version}


def consent(centre, case, categories=("status", "contact", "arrears_plan")):
    mutation = sign(centre.worker.person.id, case["id"], case["tenant"], case["version"],
                    recipients=[centre.housing], purposes=("status_feedback",), categories=categories)
    [result] = send(centre.worker, mutation)
    assert result["status"] == "applied", result
    return mutation["entity_id"]


def ledger(app, case_id):
    with app.app_context():
        return [(m["year"], m["month"], m["due_cents"], m["paid_cents"]) for m in cases_store.ledger(get_db(), case_id)]


def statement(centre, case_id, rows, as_of=None, who="partner"):
    browser = getattr(centre, who)
    browser.page()
    return browser.client.post(f"/landlord/cases/{case_id}/statements", data=form(
        browser, as_of=as_of or berlin_today().isoformat(), month=[r[0] for r in rows], due=[r[1] for r in rows],
        paid=[r[2] for r in rows]))


def test_without_consent_the_landlord_sees_nothing(app, centre, case):
    assert "Anna Müller" not in page(centre.partner, "/landlord/cases").get_data(as_text=True)
    assert page(centre.partner, f"/landlord/cases/{case['id']}").status_code == 403
    assert statement(centre, case["id"], [(month(-1), "650", "0")]).status_code == 403
    with app.app_context():
        refused = get_db().execute("SELECT count(*) FROM audit_log WHERE action = 'landlord.case_refused'").fetchone()
        assert refused[0] == 2 and get_db().execute("SELECT count(*) FROM rent_statement").fetchone()[0] == 0


@pytest.mark.parametrize("who, status", [("worker", 403), ("supervisor", 403), ("admin", 403), ("city_partner", 404)])
def test_nobody_else_opens_the_landlord_pages(app, centre, case, who, status):
    consent(centre, case)
    assert page(getattr(centre, who), f"/landlord/cases/{case['id']}").status_code == status
    assert statement(centre, case["id"], [(month(-1), "650", "0")], who=who).status_code == status


def test_the_landlord_sees_the_commitment_and_the_instalment_and_nothing_else(app, centre, case):
    consent(centre, case)
    assert "Anna Müller" in page(centre.partner, "/landlord/cases").get_data(as_text=True)
    html = page(centre.partner, f"/landlord/cases/{case['id']}").get_data(as_text=True)
    assert "noch keine" in html.lower() or "bisher keine" in html.lower()
    with app.app_context():
        db = get_db()
        claim = claims_store.create(db, case["id"], kind="rent_arrears_takeover", addressee_organisation_id=centre.city,
                                    addressee_name="", amount_asked_cents=130000, filed_on=berlin_today(), note="",
                                    by=centre.worker.person.id)
        claims_store.record_decision(db, claim, decision="granted", notice_dated_on=berlin_today(), sent_by="post",
                                     received_on=None, instructions_correct=True, amount_granted_cents=130000,
                                     form="loan", by=centre.worker.person.id)
    [result] = send(centre.worker, save_budget(centre.worker.person.id, case["id"]))
    assert result["status"] == "applied"
    html = page(centre.partner, f"/landlord/cases/{case['id']}").get_data(as_text=True)
    main = html.split("<main", 1)[1]
    assert "1.300,00" in main and 'data-field="instalment"' in main and "monatlich ab 01/2027" in main
    for private in ("Nettolohn", "1.850,00", "Einnahmen", "Räumungsklage", "Darlehen", "Stadt Test"):
        assert private not in main, private
    [view] = [r for r in disclosures(app) if r["channel"] == "landlord_view"][-1:]
    assert view["organisation_id"] == centre.housing and "income" not in json.loads(view["categories"])


def disclosures(app):
    with app.app_context():
        return [dict(r) for r in get_db().query("SELECT * FROM disclosure ORDER BY disclosed_at")]


def test_a_statement_stands_beside_the_ledger_and_never_overwrites_it(app, centre, case):
    consent(centre, case)
    before = ledger(app, case["id"])
    response = statement(centre, case["id"], [(month(-3), "650,00", "650,00"), (month(-2), "650,00", "0"),
                                              (month(-1), "650,00", "0"), (month(0), "650,00", "0")])
    assert response.status_code == 303
    assert ledger(app, case["id"]) == before  # the worker's figures are untouched
    with app.app_context():
        [row] = get_db().query("SELECT * FROM rent_statement")
    assert row["balance_cents"] == 195000 and row["organisation_id"] == centre.housing
    html = page(centre.worker, f"/cases/{case['id']}").get_data(as_text=True)
    assert 'data-agrees="no"' in html and "unterscheidet sich in 2 Monaten" in html
    assert "nicht eingetragen" in html  # this month is not in the worker's ledger
    partner_view = page(centre.partner, f"/landlord/cases/{case['id']}").get_data(as_text=True)
    assert "Saldo 1.950,00" in partner_view


def test_an_agreeing_statement_says_so(app, centre, case):
    consent(centre, case)
    statement(centre, case["id"], [(month(-3), "650", "650"), (month(-2), "650", "0"), (month(-1), "650", "200")])
    assert 'data-agrees="yes"' in page(centre.worker, f"/cases/{case['id']}").get_data(as_text=True)


@pytest.mark.parametrize("rows, as_of, message", [
    ([], None, "mindestens einen Monat"),
    ([(month(-3), "650", "0"), (month(-1), "650", "0")], None, "ohne Lücke"),
    ([(month(-1), "650", "0"), (month(-1), "650", "0")], None, "zweimal"),
    ([(month(1), "650", "0")], None, "nach dem Tag der Aufstellung"),
    ([(month(-1), "sechshundert", "0")], None, "Bitte prüfen Sie den Monat"),
    ([("13/2026", "650", "0")], None, "Bitte prüfen Sie den Monat"),
    ([(month(-1), "650", "0")], (berlin_today() + timedelta(days=3)).isoformat(), ""),
])
def test_bad_statements_are_refused_with_a_message_and_keep_what_was_typed(app, centre, case, rows, as_of, message):
    consent(centre, case)
    response = statement(centre, case["id"], rows, as_of=as_of)
    html = response.get_data(as_text=True)
    assert response.status_code == 400 and message in html
    for typed in rows:
        assert f'value="{typed[1]}"' in html
    with app.app_context():
        assert get_db().execute("SELECT count(*) FROM rent_statement").fetchone()[0] == 0


def test_a_withdrawn_consent_closes_the_door(app, centre, case):
    consent_id = consent(centre, case)
    assert page(centre.partner, f"/landlord/cases/{case['id']}").status_code == 200
    [result] = send(centre.worker, withdraw(centre.worker.person.id, case["id"], consent_id,
                                             berlin_today().isoformat()))
    assert result["status"] == "applied"
    assert page(centre.partner, f"/landlord/cases/{case['id']}").status_code == 403
    assert "Anna Müller" not in page(centre.partner, "/landlord/cases").get_data(as_text=True)
    assert statement(centre, case["id"], [(month(-1), "650", "0")]).status_code == 403


LANDLORD_ROUTES = {"landlord.cases": ("GET", "/landlord/cases"),
                   "landlord.case_page": ("GET", "/landlord/cases/{case}"),
                   "landlord.post_statement": ("POST", "/landlord/cases/{case}/statements")}


def test_every_landlord_route_is_checked_here_and_refuses_the_signed_out(app, centre, case):
    assert {r.endpoint for r in app.url_map.iter_rules() if r.endpoint.startswith("landlord.")} == set(LANDLORD_ROUTES)
    consent(centre, case)
    for method, url in LANDLORD_ROUTES.values():
        response = app.test_client().open(url.format(case=case["id"]), method=method, data={})
        assert response.status_code == (403 if method == "POST" else 302)  # POST: CSRF refuses first


@pytest.mark.parametrize("who", ["worker", "supervisor", "admin"])
def test_staff_have_no_tenancy_list(app, centre, case, who):
    consent(centre, case)
    assert page(getattr(centre, who), "/landlord/cases").status_code == 403


def test_another_landlord_s_tenancy_is_not_known(app, centre, case):
    consent(centre, case)
    with app.app_context():
        cases_store.set_fields(get_db(), case["id"], landlord_organisation_id=None)
    assert page(centre.partner, f"/landlord/cases/{case['id']}").status_code == 404
    assert page(centre.partner, "/landlord/cases/" + "x" * 41).status_code == 404
