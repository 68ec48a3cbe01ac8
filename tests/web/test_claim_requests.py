"""Take-over requests to an authority (issue 20): sent within the consent that names the office for
the purpose and the categories the request carries; the office sees exactly that while the consent
holds and answers in the app (documents, granted, refused); a letter for an office not in the app."""

from __future__ import annotations

import json
import subprocess
from datetime import timedelta

import pytest

from outreach.cases import store as cases_store
from outreach.clock import berlin_today
from outreach.db import get_db
from tests.support.budgets import save_budget
from tests.support.consent import add_member, members, published_version, sign, withdraw
from tests.support.notes import send
from tests.web.test_cases import form, open_case, page

FULL = ("contact", "household", "arrears_plan")


@pytest.fixture
def case(app, centre):
    """A suit served 20 days ago (the Schonfrist runs), 650 € open, a take-over claim to the city."""
    case_id = open_case(centre)
    today = berlin_today()
    with app.app_context():
        db = get_db()
        tenant = cases_store.members(db, case_id)[0]["id"]
        cases_store.add_key_date(db, case_id, "suit_served", today - timedelta(days=20), None, tenant)
    centre.worker.client.post(f"/cases/{case_id}/ledger", data=form(
        centre.worker, year=str(today.year), month=str(today.month), due="650", paid="0"))
    centre.worker.client.post(f"/cases/{case_id}/claims", data=form(
        centre.worker, kind="rent_arrears_takeover", addressee_organisation_id=centre.city, amount_asked="650,00"))
    version = published_version(app, centre.admin, [centre.city, centre.housing],
                                purposes=("coordination", "arrears_takeover"),
                                categories=("status", "contact", "arrears_plan", "household", "documents", "income"))
    with app.app_context():
        claim = dict(next(get_db().query("SELECT * FROM claim WHERE case_id = ?", [case_id])))
    return {"id": case_id, "claim": claim["id"], "tenant": tenant, "version": version}


def consent(centre, case, *, categories=FULL, purposes=("arrears_takeover",), recipients=None):
    mutation = sign(centre.worker.person.id, case["id"], case["tenant"], case["version"],
                    recipients=recipients or [centre.city], purposes=purposes, categories=categories)
    [result] = send(centre.worker, mutation)
    assert result["status"] == "applied", result
    return mutation["entity_id"]


def send_request(centre, case, *, channel="app", categories=FULL, reasons="Räumungsklage zugestellt; "
                 "Mieterin hat wieder Arbeit und kann die laufende Miete zahlen."):
    return centre.worker.client.post(f"/cases/{case['id']}/claims/{case['claim']}/requests", data=form(
        centre.worker, channel=channel, category=list(categories), reasons=reasons))


def rows(app, sql, params=()):
    with app.app_context():
        return [dict(r) for r in get_db().query(sql, params)]


def audit_lines(app, action):
    return [json.loads(r["details"]) for r in rows(app, "SELECT details FROM audit_log WHERE action = ?", [action])]


def request_id(app, case):
    [row] = rows(app, "SELECT id FROM claim_request WHERE claim_id = ?", [case["claim"]])
    return row["id"]


def answer(centre, rid, **data):
    centre.city_partner.page(f"/authority/requests/{rid}")
    return centre.city_partner.client.post(f"/authority/requests/{rid}/answer", data=form(centre.city_partner, **data))


# ---- sending: only within consent ----

def test_without_consent_nothing_is_sent_and_the_refusal_is_audited(app, centre, case):
    response = send_request(centre, case)
    html = response.get_data(as_text=True)
    assert response.status_code == 403 and "Nicht erlaubt" in html and "Stadt Test" in html
    assert rows(app, "SELECT * FROM claim_request") == [] and rows(app, "SELECT * FROM disclosure") == []
    [line] = audit_lines(app, "claim.request_refused")
    assert line["organisation"] == centre.city and line["purpose"] == "arrears_takeover"


def test_a_category_the_consent_does_not_name_is_refused_by_name(app, centre, case):
    consent(centre, case)
    response = send_request(centre, case, categories=FULL + ("income",))
    assert response.status_code == 403 and "Einkommen" in response.get_data(as_text=True)
    assert rows(app, "SELECT * FROM claim_request") == []


def test_consent_for_another_purpose_does_not_carry_a_request(app, centre, case):
    consent(centre, case, purposes=("coordination",))
    assert send_request(centre, case).status_code == 403


def test_a_request_in_the_app_is_a_recorded_disclosure_and_files_the_claim(app, centre, case):
    consent(centre, case)
    assert send_request(centre, case).status_code == 303
    [request] = rows(app, "SELECT * FROM claim_request")
    assert request["channel"] == "app" and json.loads(request["categories"]) == sorted(FULL)
    assert request["schonfrist_end"] and request["state"] == "sent"
    [disclosure] = rows(app, "SELECT * FROM disclosure")
    assert disclosure["channel"] == "claim_request_app" and disclosure["organisation_id"] == centre.city
    assert json.loads(disclosure["member_ids"]) == [case["tenant"]]
    [claim] = rows(app, "SELECT state, filed_on FROM claim")
    assert claim == {"state": "filed", "filed_on": berlin_today().isoformat()}
    html = page(centre.worker, f"/cases/{case['id']}").get_data(as_text=True)
    assert "Antrag an Stadt Test in der App" in html and "wartet auf die Stelle" in html
    assert send_request(centre, case).status_code == 400  # one open request per claim


def test_bad_request_input_gets_clear_messages(app, centre, case):
    consent(centre, case)
    response = send_request(centre, case, categories=(), reasons="")
    html = response.get_data(as_text=True)
    assert response.status_code == 400 and "Bitte geben Sie die Gründe an" in html
    assert "Wählen Sie, was die Anfrage enthält" in html
    assert send_request(centre, case, channel="fax").status_code == 400
    assert send_request(centre, case, reasons="x" * 2001).status_code == 400
    assert rows(app, "SELECT * FROM claim_request") == []


# ---- the authority sees exactly its slice, while consent holds ----

def test_the_office_sees_exactly_the_requested_categories_and_each_look_is_recorded(app, centre, case):
    consent(centre, case, categories=FULL + ("status",))
    send_request(centre, case, categories=("contact", "arrears_plan"))
    inbox = centre.city_partner.page("/authority/requests")
    assert "Übernahme der Mietschulden" in inbox and "650,00" in inbox and "Anna Müller" not in inbox
    assert 'class="count-badge">1<' in inbox.replace("</span>", "<")
    rid = request_id(app, case)
    html = page(centre.city_partner, f"/authority/requests/{rid}").get_data(as_text=True)
    assert "Anna Müller" in html and "Bahnhofstraße 3" in html and "650,00" in html
    assert "Die Schonfrist endet am" in html and "Räumungsklage zugestellt" in html
    assert 'data-field="members"' not in html and 'data-field="case_status"' not in html  # not requested
    views = rows(app, "SELECT * FROM disclosure WHERE channel = 'authority_view'")
    assert len(views) == 1 and json.loads(views[0]["categories"]) == ["arrears_plan", "contact"]


def test_income_goes_only_for_those_who_released_it(app, centre, case):
    consent(centre, case, categories=("arrears_plan", "income"))
    add_member(centre.worker, case["id"], "Jonas Müller", lease_party=False, birth_year="1990")
    son = [m["id"] for m in members(app, case["id"]) if m["name"] == "Jonas Müller"][0]

    def income(member, category, cents):
        return {"kind": "income", "category": category, "member_id": member, "amount_cents": cents,
                "rhythm": "monthly", "attachable": True, "label": ""}
    rent = {"kind": "expense", "category": "base_rent", "member_id": "", "amount_cents": 52000, "rhythm": "monthly",
            "attachable": False, "label": ""}
    [result] = send(centre.worker, save_budget(centre.worker.person.id, case["id"], items=[
        income(case["tenant"], "net_wages", 185000), income(son, "minijob", 53800), rent]))
    assert result["status"] == "applied", result
    assert send_request(centre, case, categories=("arrears_plan", "income")).status_code == 303
    url = f"/authority/requests/{request_id(app, case)}"
    html = page(centre.city_partner, url).get_data(as_text=True)
    assert "Anna Müller: Nettolohn 1.850,00" in html and "538,00" not in html  # the son has not consented
    assert "Nicht alle mit Einkommen haben eingewilligt" in html and "Ausgaben 520,00" not in html
    assert json.loads(rows(app, "SELECT member_ids FROM disclosure WHERE channel = 'authority_view'")[0]
                      ["member_ids"]) == [case["tenant"]]
    sign_son = sign(centre.worker.person.id, case["id"], son, case["version"], recipients=[centre.city],
                    purposes=("arrears_takeover",), categories=("income",))
    assert send(centre.worker, sign_son)[0]["status"] == "applied"
    html = page(centre.city_partner, url).get_data(as_text=True)
    assert "Jonas Müller: Minijob 538,00" in html
    assert "Einnahmen 2.388,00\xa0€, Ausgaben 520,00\xa0€, frei verfügbar 1.868,00\xa0€ monatlich" in html


def test_a_consent_withdrawn_before_the_next_look_shows_nothing(app, centre, case):
    consent_id = consent(centre, case)
    send_request(centre, case)
    rid = request_id(app, case)
    assert page(centre.city_partner, f"/authority/requests/{rid}").status_code == 200
    [result] = send(centre.worker, withdraw(centre.worker.person.id, case["id"], consent_id,
                                             berlin_today().isoformat()))
    assert result["status"] == "applied", result
    response = page(centre.city_partner, f"/authority/requests/{rid}")
    html = response.get_data(as_text=True)
    assert response.status_code == 403 and "Anna Müller" not in html and "Einwilligung" in html
    assert len(rows(app, "SELECT * FROM disclosure WHERE channel = 'authority_view'")) == 1
    assert audit_lines(app, "authority.request_refused") == [{"request": rid}]


@pytest.mark.parametrize("who", ["worker", "supervisor", "admin", "partner"])
def test_nobody_else_sees_the_office_s_requests(app, centre, case, who):
    consent(centre, case)
    send_request(centre, case)
    rid = request_id(app, case)
    browser = getattr(centre, who)
    request_page = page(browser, f"/authority/requests/{rid}")
    assert request_page.status_code == (404 if who == "partner" else 403)
    assert "Anna Müller" not in request_page.get_data(as_text=True)
    if who == "partner":  # the housing company: a partner, but not the addressee
        assert rid not in page(browser, "/authority/requests").get_data(as_text=True)
        assert answer_as(browser, rid, answer="refused").status_code == 404
    else:
        assert page(browser, "/authority/requests").status_code == 403
    assert rows(app, "SELECT * FROM disclosure WHERE channel = 'authority_view'") == []


def answer_as(browser, rid, **data):
    return browser.client.post(f"/authority/requests/{rid}/answer", data=form(browser, **data))


def test_signed_out_nobody_gets_in(app, centre, case, client):
    assert client.get("/authority/requests").status_code in (302, 303)
    assert client.get("/authority/requests/whatever").status_code in (302, 303)


# ---- the answer ----

def test_documents_requested_goes_back_to_the_worker_and_onto_the_lists(app, centre, case):
    consent(centre, case)
    send_request(centre, case)
    rid = request_id(app, case)
    due = berlin_today() + timedelta(days=10)
    response = answer(centre, rid, answer="documents_requested", documents="Kontoauszüge der letzten 3 Monate",
                      documents_due_on=due.isoformat())
    assert response.status_code == 303
    [claim] = rows(app, "SELECT state FROM claim")
    assert claim["state"] == "documents_requested"
    html = page(centre.worker, f"/cases/{case['id']}").get_data(as_text=True)
    assert "Die Stelle bittet um: Kontoauszüge der letzten 3 Monate" in html
    assert "Unterlagen nachreichen: Übernahme der Mietschulden" in page(centre.worker, "/deadlines").get_data(
        as_text=True)
    response = centre.worker.client.post(f"/cases/{case['id']}/claims/{case['claim']}/requests/{rid}/documents-sent",
                                         data=form(centre.worker))
    assert response.status_code == 303
    assert rows(app, "SELECT state FROM claim_request") == [{"state": "sent"}]
    assert "Unterlagen nachreichen" not in page(centre.worker, "/deadlines").get_data(as_text=True)


def test_a_commitment_in_time_marks_the_schonfrist_met(app, centre, case):
    consent(centre, case)
    send_request(centre, case)
    rid = request_id(app, case)
    today = berlin_today()
    response = answer(centre, rid, answer="granted", notice_dated_on=today.isoformat(), sent_by="post",
                      amount="650,00", form="loan", landlord="Wohnungsgesellschaft Test", reached_landlord_on=today.isoformat())
    assert response.status_code == 303
    [decision] = rows(app, "SELECT * FROM claim_decision")
    assert decision["answered_in_app"] == 1 and decision["amount_granted_cents"] == 65000
    assert decision["landlord"] == "Wohnungsgesellschaft Test" and decision["recorded_by"] == centre.city_partner.person.id
    html = page(centre.worker, f"/cases/{case['id']}").get_data(as_text=True)
    assert 'data-commitment="in_time"' in html
    shown = page(centre.city_partner, f"/authority/requests/{rid}").get_data(as_text=True)
    assert 'data-field="decision"' in shown and 'id="answer"' not in shown
    again = answer(centre, rid, answer="refused", notice_dated_on=today.isoformat(), sent_by="post")
    assert again.status_code == 409 and "nicht mehr möglich" in again.get_data(as_text=True)
    assert len(rows(app, "SELECT * FROM claim_decision")) == 1


def test_a_commitment_too_small_says_by_how_much(app, centre, case):
    consent(centre, case)
    send_request(centre, case)
    today = berlin_today()
    answer(centre, request_id(app, case), answer="granted", notice_dated_on=today.isoformat(), sent_by="post",
           amount="500,00", form="grant", landlord="Wohnungsgesellschaft Test", reached_landlord_on=today.isoformat())
    html = page(centre.worker, f"/cases/{case['id']}").get_data(as_text=True)
    assert 'data-commitment="too_small"' in html and "150,00" in html


def test_a_refusal_while_the_schonfrist_runs_raises_the_interim_order_alert(app, centre, case):
    consent(centre, case)
    send_request(centre, case)
    answer(centre, request_id(app, case), answer="refused", notice_dated_on=berlin_today().isoformat(), sent_by="post")
    board = page(centre.worker, "/deadlines").get_data(as_text=True)
    assert "Eilantrag beim Sozialgericht" in board


@pytest.mark.parametrize("data, field, message", [
    ({}, "answer", "Bitte wählen Sie eine der Möglichkeiten"),
    ({"answer": "documents_requested"}, "documents", "Bitte nennen Sie die Unterlagen"),
    ({"answer": "granted", "notice_dated_on": "", "sent_by": "post", "amount": "", "form": "loan", "landlord": "X"},
     "notice_dated_on", ""),
    ({"answer": "granted", "sent_by": "post", "amount": "abc", "form": "loan", "landlord": "X"}, "amount", ""),
    ({"answer": "granted", "sent_by": "post", "amount": "650", "form": "loan", "landlord": ""}, "landlord",
     "Bitte nennen Sie den Vermieter"),
    ({"answer": "refused", "sent_by": "pigeon"}, "sent_by", "Bitte wählen Sie eine der Möglichkeiten"),
    ({"answer": "documents_requested", "documents": "x" * 1001}, "documents", "höchstens 1000 Zeichen"),
])
def test_bad_answers_are_refused_with_a_message_and_change_nothing(app, centre, case, data, field, message):
    consent(centre, case)
    send_request(centre, case)
    data = {"notice_dated_on": berlin_today().isoformat(), **data}
    response = answer(centre, request_id(app, case), **data)
    html = response.get_data(as_text=True)
    assert response.status_code == 400 and f'id="{field}-error"' in html and message in html
    assert rows(app, "SELECT * FROM claim_decision") == []
    assert rows(app, "SELECT state FROM claim_request") == [{"state": "sent"}]


# ---- the letter ----

def test_the_letter_carries_the_request_in_german_within_consent(app, centre, case, tmp_path):
    consent_id = consent(centre, case)
    assert send_request(centre, case, channel="letter").status_code == 303
    rid = request_id(app, case)
    [disclosure] = rows(app, "SELECT channel FROM disclosure")
    assert disclosure["channel"] == "claim_request_letter"
    url = f"/cases/{case['id']}/claims/{case['claim']}/requests/{rid}/letter.pdf"
    response = centre.worker.client.get(url)
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    pdf = tmp_path / "letter.pdf"
    pdf.write_bytes(response.data)
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    schonfrist = rows(app, "SELECT schonfrist_end FROM claim_request")[0]["schonfrist_end"]
    day = f"{schonfrist[8:10]}.{schonfrist[5:7]}.{schonfrist[:4]}"
    for expected in ("Stadt Test", "Übernahme der Mietschulden", "Anna Müller", "Bahnhofstraße 3", "650,00",
                     f"Schonfrist nach § 569 Abs. 3 Nr. 2 BGB endet am {day}", "Räumungsklage zugestellt",
                     "Mit freundlichen Grüßen", "Wera Werner"):
        assert expected in text, expected
    [claim] = rows(app, "SELECT state FROM claim")
    assert claim["state"] == "preparing"  # a letter is filed on the day the worker enters
    [result] = send(centre.worker, withdraw(centre.worker.person.id, case["id"], consent_id,
                                             berlin_today().isoformat()))
    assert result["status"] == "applied"
    assert centre.worker.client.get(url).status_code == 403
    assert audit_lines(app, "claim.letter_refused") == [{"request": rid}]


@pytest.mark.parametrize("who, status", [("colleague", 404), ("other_team_worker", 404), ("other_supervisor", 404),
                                         ("admin", 404), ("partner", 404), ("city_partner", 404), ("supervisor", 200)])
def test_only_those_who_work_the_case_print_the_letter(app, centre, case, who, status):
    consent(centre, case)
    send_request(centre, case, channel="letter")
    url = f"/cases/{case['id']}/claims/{case['claim']}/requests/{request_id(app, case)}/letter.pdf"
    assert getattr(centre, who).client.get(url).status_code == status


def test_documents_go_only_with_the_documents_category_and_each_download_is_recorded(app, centre, case):
    from tests.web.test_documents import add as add_document

    [added] = send(centre.worker, add_document(centre.worker.person.id, case["id"], claim_id=case["claim"]))
    assert added["status"] == "applied"
    consent_id = consent(centre, case, categories=FULL + ("documents",))
    assert send_request(centre, case, categories=FULL + ("documents",)).status_code == 303
    rid = request_id(app, case)
    html = page(centre.city_partner, f"/authority/requests/{rid}").get_data(as_text=True)
    assert "Kündigung vom" in html and 'id="request-documents"' in html
    [document] = rows(app, "SELECT id FROM case_document")
    url = f"/authority/requests/{rid}/documents/{document['id']}/pages/1"
    response = centre.city_partner.client.get(url)
    assert response.status_code == 200 and response.mimetype == "image/jpeg"
    assert response.headers["Content-Disposition"].startswith("attachment;")
    assert "sandbox" in response.headers["Content-Security-Policy"]
    [download] = rows(app, "SELECT * FROM disclosure WHERE channel = 'authority_download'")
    assert json.loads(download["categories"]) == ["documents"] and download["organisation_id"] == centre.city
    assert centre.partner.client.get(url).status_code == 404  # the housing company: not its request
    assert centre.worker.client.get(url).status_code == 403  # staff use the case page, not the office's door
    [result] = send(centre.worker, withdraw(centre.worker.person.id, case["id"], consent_id,
                                             berlin_today().isoformat()))
    assert result["status"] == "applied"
    assert centre.city_partner.client.get(url).status_code == 403
    assert len(rows(app, "SELECT * FROM disclosure WHERE channel = 'authority_download'")) == 1


def test_without_the_documents_category_the_office_sees_no_documents(app, centre, case):
    from tests.web.test_documents import add as add_document

    send(centre.worker, add_document(centre.worker.person.id, case["id"], claim_id=case["claim"]))
    consent(centre, case)
    send_request(centre, case)
    rid = request_id(app, case)
    html = page(centre.city_partner, f"/authority/requests/{rid}").get_data(as_text=True)
    assert "Kündigung vom" not in html and 'id="request-documents"' not in html
    [document] = rows(app, "SELECT id FROM case_document")
    assert centre.city_partner.client.get(f"/authority/requests/{rid}/documents/{document['id']}/pages/0"
                                          ).status_code == 404


def test_personal_data_goes_only_for_those_who_released_every_personal_category_named():
    from outreach.domain.consent import Allowed

    permitted = Allowed(frozenset({"arrears_plan", "household"}),
                        {"contact": frozenset({"anna", "jonas"}), "income": frozenset({"anna"}),
                         "health": frozenset({"anna"})})
    narrowed, people = permitted.released(["contact", "income", "arrears_plan"])
    assert people == ["anna"] and narrowed.categories() == {"contact", "income", "arrears_plan"}
    assert narrowed.personal["contact"] == {"anna"} and narrowed.personal["health"] == frozenset()
    narrowed, people = permitted.released(["contact", "household"])
    assert people == ["anna", "jonas"] and "income" not in narrowed.categories()
    nobody = Allowed(frozenset(), {"contact": frozenset({"jonas"}), "income": frozenset({"anna"}),
                                   "health": frozenset()})
    narrowed, people = nobody.released(["contact", "income"])
    assert people == [] and narrowed.categories() == set()
