"""The odd inputs an outside scan found on pages and forms: each answered cleanly, never a 500;
state changes only from this site; refusals on record; errors carry a request id."""

from __future__ import annotations

import io
import json
import logging

import pytest
from PIL import Image

from outreach.db import get_db
from tests.web.test_cases import form, open_case
from tests.web.test_consent_paper import paper, stored, upload  # noqa: F401  (fixture)
from tests.web.test_consent_templates import template_form


@pytest.mark.parametrize("query", ["page=²", "page=٣", "page=" + "9" * 40, "page=-1", "to=9999-12-31",
                                   "from=0001-01-01", "from=2026-02-30", "to=%00", "action=%ff%fe"])
def test_odd_audit_filters_are_answered_not_crashed(centre, query):
    response = centre.admin.client.get(f"/admin/audit?{query}")
    assert response.status_code in (200, 400)
    assert 'id="audit-filter"' in response.get_data(as_text=True) or "<h1" in response.get_data(as_text=True)


@pytest.mark.parametrize("seq", ["1" * 50, "²", "٣", "-1", "0x10"])
def test_odd_verification_numbers_are_not_found(centre, seq):
    assert centre.admin.client.get(f"/admin/audit/verifications/{seq}").status_code == 404


@pytest.mark.parametrize("months", ["²", "٣", "9" * 30, "-3", "1e3"])
def test_odd_validity_months_are_refused_with_a_message(app, centre, months):
    centre.admin.page("/admin/consent-templates")
    data = {**template_form(centre.admin, [centre.housing]), "validity_months": months}
    response = centre.admin.client.post("/admin/consent-templates", data=data)
    assert response.status_code == 400 and "ganze Zahl von 1 bis 36" in response.get_data(as_text=True)


def test_a_decompression_bomb_is_refused_as_too_large(app, centre, paper):  # noqa: F811
    buffer = io.BytesIO()
    Image.new("1", (20_000, 20_000)).save(buffer, "PNG")  # 400 million pixels in a few kB
    response = upload(centre.worker, paper, centre.housing, buffer.getvalue(), filename="bombe.png")
    assert response.status_code == 400 and "zu viele Bildpunkte" in response.json["message"]
    assert stored(app) == []


@pytest.mark.parametrize("target", ["/\nenv;", "/\r\nSet-Cookie: x=1", "//evil.example", "https://x.y/",
                                    "/\x7f", "/" + "a" * 3000])
def test_a_return_address_with_a_line_break_or_elsewhere_goes_home(client, csrf_token, target):
    response = client.post("/language", data={"lang": "en", "next": target, "csrf_token": csrf_token})
    assert response.status_code == 303 and response.headers["Location"] == "/"


def test_the_scanners_raw_body_with_an_encoded_line_break_goes_home(client, csrf_token):
    body = f"lang=en&csrf_token={csrf_token}&next=/%0Aenv;"  # exactly as the scanner sent it
    response = client.post("/language", data=body, content_type="application/x-www-form-urlencoded")
    assert response.status_code == 303 and response.headers["Location"] == "/"


def test_the_language_choice_keeps_a_plain_local_return_address(client, csrf_token):
    response = client.post("/language", data={"lang": "en", "next": "/offline?x=1", "csrf_token": csrf_token})
    assert response.headers["Location"] == "/offline?x=1"


@pytest.mark.parametrize("headers", [{"Sec-Fetch-Site": "cross-site"}, {"Sec-Fetch-Site": "same-site"},
                                     {"Origin": "https://evil.example"}, {"Origin": "null"}])
def test_state_changes_from_another_site_are_refused_even_with_a_valid_token(app, centre, headers):
    worker = centre.worker
    case_id = open_case(centre)
    discard = worker.client.post("/sync/discard", json={"mutation_id": "m-00000001"},
                                 headers={"X-CSRFToken": worker.token, **headers})
    assert discard.status_code == 403 and discard.json["error"] == "cross_origin"
    member = worker.client.post(f"/cases/{case_id}/members", headers=headers,
                                data=form(worker, name="Ben", birth_year="2010", relation="Sohn"))
    assert member.status_code == 403
    language = worker.client.post("/language", headers=headers, data={"lang": "en", "csrf_token": worker.token})
    assert language.status_code == 403
    with app.app_context():
        assert get_db().execute("SELECT count(*) FROM household_member WHERE name = 'Ben'").fetchone()[0] == 0
        assert get_db().execute("SELECT count(*) FROM audit_log WHERE action = 'outbox.discarded'").fetchone()[0] == 0


def test_the_same_requests_from_this_site_pass(app, centre):
    worker = centre.worker
    same = {"Sec-Fetch-Site": "same-origin", "Origin": app.config["PUBLIC_ORIGIN"]}
    discard = worker.client.post("/sync/discard", json={"mutation_id": "m-00000001"},
                                 headers={"X-CSRFToken": worker.token, **same})
    assert discard.status_code == 200


def test_a_refused_form_write_is_audited_without_what_was_typed(app, centre):
    case_id = open_case(centre)
    response = centre.worker.client.post(f"/cases/{case_id}/members",
                                         data=form(centre.worker, name="", birth_year="Geheimjahr", relation="X"))
    assert response.status_code == 400
    with app.app_context():
        row = get_db().execute("SELECT subject_type, subject_id, details FROM audit_log "
                               "WHERE action = 'request.refused' ORDER BY seq DESC LIMIT 1").fetchone()
    assert row[0] == "case" and row[1] == case_id
    details = json.loads(row[2])
    assert details["status"] == 400 and details["endpoint"] == "cases.add_member"
    assert set(details["fields"]) == {"member.name", "member.birth_year"} and "Geheimjahr" not in row[2]


def test_a_refusal_already_on_record_is_not_written_twice(app, centre):
    case_id = open_case(centre)
    response = centre.other_team_worker.client.post(f"/cases/{case_id}/members",
                                                    data=form(centre.other_team_worker, name="X"))
    assert response.status_code == 404
    with app.app_context():
        actions = [r[0] for r in get_db().execute(
            "SELECT action FROM audit_log WHERE subject_id = ? AND action LIKE '%refused'", [case_id])]
    assert actions == ["case.access_refused"]


def test_an_unexpected_error_logs_one_traceback_and_shows_its_reference(app, centre, caplog, monkeypatch):
    from outreach.cases import store

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    case_id = open_case(centre)
    monkeypatch.setattr(store, "ledger", broken)
    with caplog.at_level(logging.INFO):
        response = centre.worker.client.get(f"/cases/{case_id}")
    assert response.status_code == 500
    reference = response.headers["X-Request-Id"]
    assert f'<code id="request-id">{reference}</code>' in response.get_data(as_text=True)
    tracebacks = [r for r in caplog.records if r.exc_info]
    assert len(tracebacks) == 1 and reference in tracebacks[0].getMessage()


def test_a_client_error_writes_no_traceback(app, centre, caplog):
    with caplog.at_level(logging.INFO):
        assert centre.worker.client.get("/cases/nope").status_code == 404
        assert centre.worker.client.post("/sync", data="{", content_type="application/json",
                                         headers={"X-CSRFToken": centre.worker.token}).status_code == 400
    assert [r for r in caplog.records if r.exc_info] == []
