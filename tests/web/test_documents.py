"""Documents photographed on the phone (issue 20): `document.add` through the outbox, pages kept
once and without metadata, download only; the claim's checklist ticks, the decision form takes the
notice's date, the letter lists the enclosures; bad input refused item by item."""

from __future__ import annotations

import base64
import io
import subprocess
from datetime import timedelta

import pytest
from PIL import Image

from outreach.clock import berlin_today
from outreach.db import get_db
from tests.support.notes import new_id, send
from tests.web.test_cases import form, open_case, page


def photo(colour=(200, 30, 30), *, gps=True, size=(640, 480)) -> bytes:
    picture = Image.new("RGB", size, colour)
    exif = Image.Exif()
    exif[0x010F] = "SpyCam Maker"  # Make
    exif[0x0131] = "Secret Firmware 1.0"  # Software
    if gps:
        exif.get_ifd(0x8825).update({1: "N", 2: (51.0, 31.0, 0.0), 3: "E", 4: (14.0, 0.0, 0.0)})  # near Senftenberg
    out = io.BytesIO()
    picture.save(out, format="JPEG", exif=exif)
    return out.getvalue()


def data_url(data: bytes, kind="jpeg") -> str:
    return f"data:image/{kind};base64," + base64.b64encode(data).decode()


def add(author, case_id, *, entity_id=None, mutation_id=None, pages=None, **changes) -> dict:
    payload = {"case_id": case_id, "claim_id": "", "kind": "termination",
               "dated_on": (berlin_today() - timedelta(days=40)).isoformat(), "note": "fristlose Kündigung",
               "pages": pages if pages is not None else [data_url(photo()), data_url(photo((20, 20, 200)))]}
    payload.update(changes)
    return {"id": mutation_id or new_id(), "kind": "document.add", "entity_id": entity_id or new_id(),
            "base_revision": None, "schema_version": 1, "payload": payload, "author": author, "device_id": "",
            "device_time": "2026-12-01T10:00:00Z"}


@pytest.fixture
def case_id(centre):
    return open_case(centre)


def stored(app, sql="SELECT * FROM case_document_page ORDER BY position", params=()):
    with app.app_context():
        return [dict(r) for r in get_db().query(sql, params)]


def test_a_document_arrives_once_with_its_pages_and_without_metadata(app, centre, case_id):
    mutation = add(centre.worker.person.id, case_id)
    [result] = send(centre.worker, mutation)
    assert result["status"] == "applied" and result["pages"] == 2
    [again] = send(centre.worker, mutation)  # the phone never heard the answer and sends it again
    assert again["status"] == "duplicate"
    pages = stored(app)
    assert [p["position"] for p in pages] == [0, 1]
    for row in pages:
        assert b"SpyCam" not in row["picture"] and b"Secret Firmware" not in row["picture"]
        kept = Image.open(io.BytesIO(row["picture"]))
        assert kept.format == "JPEG" and not kept.getexif() and kept.size == (640, 480)
    html = page(centre.worker, f"/cases/{case_id}").get_data(as_text=True)
    assert "Kündigung vom" in html and "Seite 2" in html
    [document] = stored(app, "SELECT * FROM case_document")
    response = centre.worker.client.get(f"/cases/{case_id}/documents/{document['id']}/pages/1")
    assert response.status_code == 200 and response.mimetype == "image/jpeg"
    assert response.headers["Content-Disposition"].startswith("attachment;")
    assert "sandbox" in response.headers["Content-Security-Policy"]
    assert response.data == pages[1]["picture"]


def test_the_same_document_under_another_mutation_id_is_kept_once(app, centre, case_id):
    entity = new_id()
    assert send(centre.worker, add(centre.worker.person.id, case_id, entity_id=entity))[0]["status"] == "applied"
    [result] = send(centre.worker, add(centre.worker.person.id, case_id, entity_id=entity))
    assert result["status"] == "rejected" and result["reason"] == "already_received"
    assert len(stored(app, "SELECT id FROM case_document")) == 1


@pytest.mark.parametrize("changes, field, code", [
    ({"pages": []}, "pages", "required"),
    ({"pages": [data_url(b"not a picture at all")]}, "pages.0", "not_a_picture"),
    ({"pages": ["data:text/html;base64,PHNjcmlwdD4="]}, "pages.0", "not_a_picture"),
    ({"pages": ["data:image/jpeg;base64,!!!"]}, "pages.0", "not_a_picture"),
    ({"pages": [data_url(photo(gps=False))] * 9}, "pages", "too_many"),
    ({"kind": "love_letter"}, "kind", "unknown"),
    ({"dated_on": "2099-01-01"}, "dated_on", "out_of_range"),
    ({"dated_on": "gestern"}, "dated_on", "invalid_date"),
    ({"note": "x" * 501}, "note", "too_long"),
    ({"claim_id": "no-such-claim"}, "claim_id", "not_in_case"),
])
def test_a_bad_document_is_refused_with_its_reason_and_the_others_still_arrive(app, centre, case_id, changes, field,
                                                                                code):
    good = add(centre.worker.person.id, case_id)
    bad, other = add(centre.worker.person.id, case_id, **changes), add(centre.worker.person.id, case_id)
    results = send(centre.worker, good, bad, other)
    assert [r["status"] for r in results] == ["applied", "rejected", "applied"]
    assert results[1]["reason"] == "invalid" and results[1]["field"] == field and results[1]["code"] == code
    assert len(stored(app, "SELECT id FROM case_document")) == 2


def test_one_unreadable_page_refuses_the_whole_document(app, centre, case_id):
    [result] = send(centre.worker, add(centre.worker.person.id, case_id,
                                       pages=[data_url(photo()), data_url(b"\xff\xd8\xff broken jpeg")]))
    assert result["status"] == "rejected" and result["field"] == "pages.1"
    assert stored(app) == []


def test_nobody_else_adds_to_or_reads_the_case_s_documents(app, centre, case_id):
    [result] = send(centre.colleague, add(centre.colleague.person.id, case_id))
    assert result["status"] == "rejected" and result["reason"] == "forbidden"
    send(centre.worker, add(centre.worker.person.id, case_id))
    [document] = stored(app, "SELECT id FROM case_document")
    url = f"/cases/{case_id}/documents/{document['id']}/pages/0"
    for who in ("colleague", "other_team_worker", "admin", "partner", "city_partner"):
        assert getattr(centre, who).client.get(url).status_code == 404, who
    assert centre.supervisor.client.get(url).status_code == 200
    assert centre.worker.client.get(f"/cases/{case_id}/documents/{document['id']}/pages/7").status_code == 404
    other_case = open_case(centre)
    assert centre.worker.client.get(f"/cases/{other_case}/documents/{document['id']}/pages/0").status_code == 404


def test_without_javascript_the_form_uploads_the_photos(app, centre, case_id):
    token = centre.worker.token
    response = centre.worker.client.post(f"/cases/{case_id}/documents", content_type="multipart/form-data", data={
        "csrf_token": token, "kind": "bank_statement", "dated_on": berlin_today().isoformat(), "note": "",
        "pages": [(io.BytesIO(photo()), "seite1.jpg"), (io.BytesIO(photo((0, 90, 0))), "seite2.jpg")]})
    assert response.status_code == 303
    assert b"SpyCam" not in b"".join(p["picture"] for p in stored(app)) and len(stored(app)) == 2
    response = centre.worker.client.post(f"/cases/{case_id}/documents", content_type="multipart/form-data", data={
        "csrf_token": token, "kind": "bank_statement", "dated_on": berlin_today().isoformat(),
        "pages": [(io.BytesIO(b"<svg onload=alert(1)>"), "evil.svg")]})
    assert response.status_code == 400 and "Nur Fotos im Format JPEG oder PNG" in response.get_data(as_text=True)
    assert len(stored(app)) == 2


def test_documents_tick_the_checklist_date_the_decision_and_go_with_the_letter(app, centre, case_id, tmp_path):
    from tests.web.test_claim_requests import consent as claim_consent
    from tests.web.test_claim_requests import published_version

    centre.worker.client.post(f"/cases/{case_id}/claims", data=form(
        centre.worker, kind="rent_arrears_takeover", addressee_organisation_id=centre.city, amount_asked="650,00",
        filed_on=(berlin_today() - timedelta(days=20)).isoformat()))
    [claim] = stored(app, "SELECT id FROM claim")
    html = page(centre.worker, f"/cases/{case_id}").get_data(as_text=True)
    assert 'data-document-kind="termination" data-present="no"' in html
    notice_day = (berlin_today() - timedelta(days=3)).isoformat()
    send(centre.worker, add(centre.worker.person.id, case_id, claim_id=claim["id"]),
         add(centre.worker.person.id, case_id, claim_id=claim["id"], kind="authority_notice", dated_on=notice_day))
    html = page(centre.worker, f"/cases/{case_id}").get_data(as_text=True)
    assert 'data-document-kind="termination" data-present="yes"' in html
    assert 'data-document-kind="bank_statement" data-present="no"' in html
    assert f'name="notice_dated_on" type="date" value="{notice_day}"' in html
    with app.app_context():
        tenant = get_db().execute("SELECT id FROM household_member WHERE case_id = ?", [case_id]).fetchone()[0]
    version = published_version(app, centre.admin, [centre.city], purposes=("arrears_takeover",),
                                categories=("status", "contact", "arrears_plan", "household", "documents"))
    claim_consent(centre, {"id": case_id, "tenant": tenant, "version": version}, categories=("contact", "documents"))
    centre.worker.client.post(f"/cases/{case_id}/claims/{claim['id']}/requests", data=form(
        centre.worker, channel="letter", category=["contact", "documents"], reasons="Klage zugestellt."))
    [request] = stored(app, "SELECT id FROM claim_request")
    pdf = tmp_path / "letter.pdf"
    pdf.write_bytes(centre.worker.client.get(
        f"/cases/{case_id}/claims/{claim['id']}/requests/{request['id']}/letter.pdf").data)
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "Anlagen" in text and "Kündigung vom" in text and "(2 Seiten)" in text and "Bescheid der Behörde vom" in text


def test_the_checklist_is_dated_data_an_admin_keeps(app, centre, case_id):
    admin = centre.admin
    admin.page("/admin/document-checklist")
    centre.worker.client.post(f"/cases/{case_id}/claims", data=form(
        centre.worker, kind="other", addressee_name="Schuldnerberatung"))
    assert 'data-checklist' not in page(centre.worker, f"/cases/{case_id}").get_data(as_text=True)
    response = admin.client.post("/admin/document-checklist", data=form(
        admin, claim_kind="other", document_kind="bank_statement", valid_from=berlin_today().isoformat(),
        source="Praxis der Schuldnerberatung"))
    assert response.status_code == 303
    html = page(centre.worker, f"/cases/{case_id}").get_data(as_text=True)
    assert 'data-document-kind="bank_statement" data-present="no"' in html
    twice = admin.client.post("/admin/document-checklist", data=form(
        admin, claim_kind="other", document_kind="bank_statement", valid_from=berlin_today().isoformat()))
    assert twice.status_code == 400 and "steht schon auf der Liste" in twice.get_data(as_text=True)
    [item] = stored(app, "SELECT id FROM document_checklist WHERE claim_kind = 'other'")
    yesterday = (berlin_today() - timedelta(days=1)).isoformat()
    assert admin.client.post(f"/admin/document-checklist/{item['id']}/end",
                             data=form(admin, valid_to=yesterday)).status_code == 400  # before its start
    assert admin.client.post(f"/admin/document-checklist/{item['id']}/end",
                             data=form(admin, valid_to=berlin_today().isoformat())).status_code == 303
    assert admin.client.post(f"/admin/document-checklist/{item['id']}/end",
                             data=form(admin, valid_to=berlin_today().isoformat())).status_code == 400
    assert admin.client.post("/admin/document-checklist/99999/end",
                             data=form(admin, valid_to=berlin_today().isoformat())).status_code == 404
    bad = admin.client.post("/admin/document-checklist", data=form(admin, claim_kind="lottery",
                                                                   document_kind="", valid_from="morgen"))
    assert bad.status_code == 400 and "Bitte wählen Sie eine der Möglichkeiten" in bad.get_data(as_text=True)
