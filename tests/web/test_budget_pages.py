"""The budget pages by role, the tenant's copy (page and PDF, in German), how it was handed over,
and the reference values an admin keeps up to date."""

from __future__ import annotations

import json
import re
import shutil
import subprocess

import pytest

from outreach.db import get_db
from tests.support.budgets import save_budget
from tests.support.notes import send
from tests.web.test_admin_access import audit_events, submit
from tests.web.test_cases import open_case

NBSP = "\u00a0"


@pytest.fixture
def case_id(centre):
    case_id = open_case(centre)
    centre.worker.client.get(f"/cases/{case_id}")
    return case_id


@pytest.fixture
def saved(centre, case_id):
    mutation = save_budget(centre.worker.person.id, case_id, debts=[
        {"creditor": "Stadtwerke Senftenberg", "claim_type": "energy", "principal_cents": 30000, "interest_cents": 0,
         "costs_cents": 500, "titled": False},
        {"creditor": "Kredit AG", "representative": "Inkasso Nord", "reference": "AZ 4711",
         "claim_type": "consumer_credit", "principal_cents": 80000, "titled": True},
    ], creditor_amount_cents=40000)
    assert send(centre.worker, mutation)[0]["status"] == "applied"
    return mutation


def pdf_text(pdf: bytes, tmp_path) -> str:
    path = tmp_path / "copy.pdf"
    path.write_bytes(pdf)
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True, text=True).stdout


def context_of(html: str) -> dict:
    raw = re.search(r"data-context='([^']*)'", html).group(1)
    return json.loads(raw.replace("&#34;", '"').replace("&amp;", "&"))


@pytest.mark.parametrize("who, status", [("worker", 200), ("supervisor", 200), ("colleague", 404),
                                         ("other_team_worker", 404), ("other_supervisor", 404), ("admin", 404),
                                         ("partner", 404), ("city_partner", 404)])
def test_the_budget_form_is_for_those_who_may_change_the_case(centre, case_id, who, status):
    assert getattr(centre, who).client.get(f"/cases/{case_id}/budget").status_code == status


def test_signed_out_people_are_sent_to_sign_in(client, centre, case_id):
    for url in (f"/cases/{case_id}/budget", f"/cases/{case_id}/budget/copy", f"/cases/{case_id}/budget/copy.pdf"):
        response = client.get(url)
        assert response.status_code == 302 and response.headers["Location"].startswith("/signin")


def test_the_form_carries_the_reference_values_and_says_which_table_ran_out(centre, case_id):
    html = centre.worker.client.get(f"/cases/{case_id}/budget").get_data(as_text=True)
    context = context_of(html)
    assert context["references"]["standard_rate_1"] == 56300
    assert context["references"]["jobcenter_setoff_percent"] == 5
    assert context["references"]["kindergeld_per_child"] == 25900
    # The garnishment table of DOMAIN.md ends on 30 June 2026; no later one is recorded.
    assert 'data-out-of-date="garnishment"' in html and "Pfändungsfreigrenzen (§ 850c ZPO)" in html
    assert context["references"]["garnishment_exempt_base"] == 155500  # the last known value, marked


def test_no_copy_before_the_plan_reached_the_server(centre, case_id):
    assert centre.worker.client.get(f"/cases/{case_id}/budget/copy").status_code == 404
    assert centre.worker.client.get(f"/cases/{case_id}/budget/copy.pdf").status_code == 404


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="scripts/test.sh installs poppler-utils")
def test_the_pdf_copy_is_an_a4_download_in_german_with_the_totals(centre, case_id, saved, tmp_path):
    centre.worker.client.post("/language", data={"lang": "en", "csrf_token": centre.worker.token})
    response = centre.worker.client.get(f"/cases/{case_id}/budget/copy.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert response.headers["Content-Disposition"].startswith("attachment")
    assert response.headers["Cache-Control"] == "no-store"
    text = pdf_text(response.data, tmp_path)
    assert "Haushaltsplan" in text and "Freier Betrag" in text
    for figure in ("1.850,00 €", "538,36 €", "1.311,64 €", "1.000,00 €", "Stadtwerke", "AZ 4711"):
        assert figure in text, figure
    # 400 € for creditors: the energy debt (primary, 305 €) first, the rest to the consumer credit.
    assert re.search(r"Stadtwerke.*305,00 €\s+305,00 €", text)
    assert re.search(r"Kredit AG.*800,00 €\s+95,00 €", text, re.S)


def test_the_printable_page_shows_the_same_copy(centre, case_id, saved):
    html = centre.supervisor.client.get(f"/cases/{case_id}/budget/copy").get_data(as_text=True)
    assert 'class="print-copy"' in html and f"1.311,64{NBSP}€" in html and 'data-chart="arrears"' in html
    old = centre.worker.client.get(f"/cases/{case_id}/budget/copy?revision={saved['id']}")
    assert old.status_code == 200
    assert centre.worker.client.get(f"/cases/{case_id}/budget/copy?revision=unknown").status_code == 404


@pytest.mark.parametrize("who", ["colleague", "other_supervisor", "admin", "partner"])
def test_others_get_no_copy(centre, case_id, saved, who):
    browser = getattr(centre, who)
    assert browser.client.get(f"/cases/{case_id}/budget/copy").status_code == 404
    assert browser.client.get(f"/cases/{case_id}/budget/copy.pdf").status_code == 404


def test_the_handover_of_the_copy_is_recorded_and_audited(app, centre, case_id, saved):
    response = submit(centre.worker, f"/cases/{case_id}/budget/handover",
                      {"method": "handed_printed", "revision_id": saved["id"]})
    assert response.status_code == 303
    html = centre.worker.client.get(f"/cases/{case_id}").get_data(as_text=True)
    assert "ausgedruckt übergeben" in html
    [event] = audit_events(app, "budget.copy_handed_over")
    assert event["details"] == {"revision": saved["id"], "method": "handed_printed"}


def test_a_handover_without_a_method_is_refused_in_german_and_nothing_is_recorded(app, centre, case_id, saved):
    response = submit(centre.worker, f"/cases/{case_id}/budget/handover", {"method": "carrier pigeon"})
    assert response.status_code == 400
    assert "Bitte wählen, wie die Kopie übergeben wurde." in response.get_data(as_text=True)
    with app.app_context():
        assert get_db().execute("SELECT count(*) FROM copy_handover").fetchone()[0] == 0


def test_a_handover_needs_csrf_and_case_access(app, centre, case_id, saved):
    no_token = centre.worker.client.post(f"/cases/{case_id}/budget/handover", data={"method": "sent_by_post"})
    assert no_token.status_code in (400, 403)
    assert submit(centre.partner, f"/cases/{case_id}/budget/handover", {"method": "sent_by_post"}).status_code == 404
    assert submit(centre.worker, f"/cases/{case_id}/budget/handover?revision=nope",
                  {"method": "sent_by_post", "revision_id": "nope"}).status_code == 404
    with app.app_context():
        assert get_db().execute("SELECT count(*) FROM copy_handover").fetchone()[0] == 0


def test_an_admin_adds_the_new_garnishment_table_and_new_saves_use_it_while_saved_plans_keep_theirs(
        app, centre, case_id, saved):
    html = centre.admin.client.get("/admin/reference-values").get_data(as_text=True)
    assert 'data-out-of-date="garnishment"' in html
    for key, value in (("garnishment_exempt_base", "1.600,00"), ("garnishment_exempt_first", "600,00"),
                       ("garnishment_exempt_further", "335,00"), ("garnishment_fully_attachable_above", "4.900,00")):
        response = submit(centre.admin, "/admin/reference-values",
                          {"key": key, "value": value, "valid_from": "2026-07-01", "valid_to": "2099-06-30",
                           "source": "Test"})
        assert response.status_code == 303, response.get_data(as_text=True)[:3000]
    assert 'data-out-of-date="garnishment"' not in centre.admin.client.get("/admin/reference-values").get_data(as_text=True)
    form = centre.worker.client.get(f"/cases/{case_id}/budget").get_data(as_text=True)
    assert context_of(form)["references"]["garnishment_exempt_base"] == 160000
    assert len(audit_events(app, "reference_value.added")) == 4
    # The plan saved before keeps the figures it was made with, marked as computed with old values:
    # 1.850 € attachable, 1.555 € exempt → 7/10 of 295 € = 206,50 €.
    page = centre.worker.client.get(f"/cases/{case_id}").get_data(as_text=True)
    assert f"206,50{NBSP}€" in page and 'data-out-of-date="garnishment"' in page
    copy = centre.worker.client.get(f"/cases/{case_id}/budget/copy").get_data(as_text=True)
    assert "Berechnet mit den zuletzt bekannten Werten für: Pfändungsfreigrenzen" in copy
    # A new save uses the new table: 7/10 of (1.850 − 1.600) = 175 €, and nothing is marked any more.
    again = save_budget(centre.worker.person.id, case_id, base=saved["id"])
    assert send(centre.worker, again)[0]["status"] == "applied"
    page = centre.worker.client.get(f"/cases/{case_id}").get_data(as_text=True)
    assert f"175,00{NBSP}€" in page and 'data-out-of-date="garnishment"' not in page
    old_copy = centre.worker.client.get(f"/cases/{case_id}/budget/copy?revision={saved['id']}").get_data(as_text=True)
    assert f"1.311,64{NBSP}€" in old_copy and "Berechnet mit den zuletzt bekannten Werten" in old_copy


def test_a_new_version_closes_an_open_one_and_overlaps_are_refused(app, centre):
    ok = submit(centre.admin, "/admin/reference-values",
                {"key": "kindergeld_per_child", "value": "265,00", "valid_from": "2027-01-01", "source": "§ 66 EStG"})
    assert ok.status_code == 303
    with app.app_context():
        rows = get_db().execute("SELECT value, valid_from, valid_to FROM reference_value WHERE key = "
                                "'kindergeld_per_child' ORDER BY valid_from").fetchall()
    assert [tuple(r) for r in rows][-2:] == [(25900, "2026-01-01", "2026-12-31"), (26500, "2027-01-01", None)]
    overlap = submit(centre.admin, "/admin/reference-values",
                     {"key": "kindergeld_per_child", "value": "270,00", "valid_from": "2026-06-01",
                      "valid_to": "2026-12-31", "source": "x"})
    assert overlap.status_code == 400 and "überschneidet" in overlap.get_data(as_text=True)
    nonsense = submit(centre.admin, "/admin/reference-values",
                      {"key": "kindergeld_per_child", "value": "-5", "valid_from": "2030-01-01", "source": "x"})
    assert nonsense.status_code == 400 and "Bitte einen Betrag ab 0" in nonsense.get_data(as_text=True)
    assert 'value="-5"' in nonsense.get_data(as_text=True)  # what was typed stays


@pytest.mark.parametrize("who", ["worker", "supervisor", "partner"])
def test_only_admins_keep_reference_values(centre, who):
    browser = getattr(centre, who)
    assert browser.client.get("/admin/reference-values").status_code == 403
    assert submit(browser, "/admin/reference-values", {"key": "kindergeld_per_child", "value": "1,00",
                                                        "valid_from": "2030-01-01", "source": "x"}).status_code == 403
