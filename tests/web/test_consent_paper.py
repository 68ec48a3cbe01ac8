"""A photo of a signed paper form on the same kind of record: JPEG or PNG only, at most 10 MB,
re-encoded without metadata (GPS included), served only as a download that can run nothing."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from outreach.db import get_db
from tests.support.consent import members, published_version
from tests.support.people import csrf
from tests.web.test_cases import open_case
from tests.web.test_consent_copy import verify_cli


def gps_jpeg() -> bytes:
    picture = Image.new("RGB", (800, 600), (230, 225, 215))
    exif = Image.Exif()
    exif[0x0110] = "Telefon X"
    exif[0x0112] = 6  # rotated: the stored picture is turned upright
    exif.get_ifd(0x8825).update({1: "N", 2: (51.0, 30.0, 12.5), 3: "E", 4: (14.0, 0.0, 1.0)})
    out = io.BytesIO()
    picture.save(out, format="JPEG", exif=exif)
    return out.getvalue()


def picture(kind="PNG") -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (40, 30), (255, 255, 255)).save(out, format=kind)
    return out.getvalue()


@pytest.fixture
def paper(app, centre):
    case_id = open_case(centre)
    version = published_version(app, centre.admin, [centre.housing])
    return {"case": case_id, "version": version, "tenant": members(app, case_id)[0]["id"]}


def upload(browser, paper, housing, data: bytes, filename="formular.jpg", **changes):
    fields = {"csrf_token": csrf(browser.client, "/"), "consent_id": "paper-consent-0001", "member_id": paper["tenant"],
              "template_version_id": paper["version"]["id"], "version_hash": paper["version"]["hash"],
              "withdrawal_notice_shown": "1", "recipients": [housing], "purposes": ["status_feedback"],
              "categories": ["status"], "photo": (io.BytesIO(data), filename)}
    fields.update(changes)
    return browser.client.post(f"/cases/{paper['case']}/consents/paper", data=fields, content_type="multipart/form-data",
                               headers={"Accept": "application/json"})


def stored(app):
    with app.app_context():
        return list(get_db().query("SELECT * FROM consent_record"))


def test_a_photo_is_attached_without_its_metadata_and_verifies(app, centre, paper):
    original = gps_jpeg()
    response = upload(centre.worker, paper, centre.housing, original)
    assert response.status_code == 200 and response.json["consent"] == "paper-consent-0001", response.json
    [row] = stored(app)
    assert row["form"] == "paper" and row["photo_type"] == "image/jpeg" and row["signature_png"] is None
    kept = Image.open(io.BytesIO(row["photo"]))
    assert kept.format == "JPEG" and dict(kept.getexif()) == {} and kept.size == (600, 800)
    assert b"Telefon X" not in row["photo"] and row["photo"] != original
    assert verify_cli(app).exit_code == 0
    html = centre.worker.client.get(f"/consents/{row['id']}").get_data(as_text=True)
    assert "Auf Papier unterschrieben (Foto)" in html


def test_the_photo_is_only_ever_a_download_that_can_run_nothing(app, centre, paper):
    upload(centre.worker, paper, centre.housing, picture("PNG"), filename="formular.png")
    response = centre.worker.client.get("/consents/paper-consent-0001/photo")
    assert response.status_code == 200 and response.mimetype == "image/png"
    assert response.headers["Content-Disposition"].startswith("attachment;")
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Content-Security-Policy"].startswith("sandbox")
    assert response.headers["Cache-Control"] == "no-store"
    assert centre.colleague.client.get("/consents/paper-consent-0001/photo").status_code == 404
    assert centre.partner.client.get("/consents/paper-consent-0001/photo").status_code == 404


@pytest.mark.parametrize("data, filename, message", [
    (picture("GIF"), "formular.gif", "nur Fotos im Format JPEG oder PNG"),
    (b"%PDF-1.4 not a photo", "formular.pdf", "nur Fotos im Format JPEG oder PNG"),
    (b"<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>", "formular.png",
     "nur Fotos im Format JPEG oder PNG"),
])
def test_other_files_are_refused_with_a_clear_german_message(app, centre, paper, data, filename, message):
    response = upload(centre.worker, paper, centre.housing, data, filename=filename)
    assert response.status_code == 400 and message in response.json["message"]
    assert stored(app) == []


def test_a_photo_over_10_mb_is_refused(app, centre, paper):
    big = picture("PNG") + b"\0" * (10 * 1024 * 1024)
    response = upload(centre.worker, paper, centre.housing, big, filename="gross.png")
    assert response.status_code == 400 and "größer als 10 MB" in response.json["message"]
    assert stored(app) == []


@pytest.mark.parametrize("changes, field", [({"recipients": []}, "scope"), ({"member_id": "someone"}, "member_id"),
                                            ({"withdrawal_notice_shown": ""}, "withdrawal_notice_shown"),
                                            ({"version_hash": "0" * 64}, "template_version_id")])
def test_a_paper_consent_needs_the_same_facts_as_a_signed_one(app, centre, paper, changes, field):
    response = upload(centre.worker, paper, centre.housing, picture("JPEG"), **changes)
    assert response.status_code == 400 and response.json["error"] == field
    assert stored(app) == []


@pytest.mark.parametrize("who", ["colleague", "other_team_worker", "admin", "partner"])
def test_only_who_may_write_the_case_attaches_a_paper_form(app, centre, paper, who):
    assert upload(getattr(centre, who), paper, centre.housing, picture("JPEG")).status_code == 404
    assert stored(app) == []
