"""Consent holes found in review, each closed: another person's personal data, a child signing,
deleted or forged records, validity, interpreter names that add lines, MPO photos."""

from __future__ import annotations

import io
import json
import sqlite3

import pytest
from PIL import Image

from outreach import pictures as images
from outreach.db import get_db
from tests.support.consent import add_member, members, sign
from tests.support.notes import send
from tests.support.people import csrf
from tests.web.test_consent_enforcement import (  # noqa: F401 (fixture)
    consent,
    disclosures,
    partner_view,
    referred,
)


def disclose(centre, referred, categories, member_ids=()):  # noqa: F811
    token = csrf(centre.worker.client, f"/cases/{referred['case']}")
    return centre.worker.client.post(f"/cases/{referred['case']}/disclosures", data={
        "csrf_token": token, "organisation_id": centre.housing, "purpose": "coordination",
        "category": list(categories), "member_id": list(member_ids), "channel": "phone"})


def test_one_persons_consent_never_releases_another_persons_personal_data(app, centre, referred):  # noqa: F811
    add_member(centre.worker, referred["case"], "Ali Nowak", lease_party=True, birth_year="1979")
    ali = [m for m in members(app, referred["case"]) if m["name"] == "Ali Nowak"][0]["id"]
    consent(centre, referred, ali, categories=("contact",))  # only Ali consented to his contact data
    assert disclose(centre, referred, ["contact"]).status_code == 400  # whose data: must be named
    assert disclose(centre, referred, ["contact"], [referred["tenant"]]).status_code == 403  # Erika did not consent
    assert disclose(centre, referred, ["contact"], [ali, referred["tenant"]]).status_code == 403
    assert disclosures(app) == []
    assert disclose(centre, referred, ["contact"], [ali]).status_code == 303
    [row] = disclosures(app)
    assert json.loads(row["member_ids"]) == [ali]


def test_the_partner_view_records_whose_personal_data_it_showed(app, centre, referred):  # noqa: F811
    consent(centre, referred, categories=("status", "contact"))
    assert partner_view(centre, referred).status_code == 200
    [row] = disclosures(app)
    assert json.loads(row["member_ids"]) == [referred["tenant"]]


def test_a_child_does_not_sign_for_themselves(app, centre, referred):  # noqa: F811
    add_member(centre.worker, referred["case"], "Mia Nowak", lease_party=False, birth_year=str(2026 - 10))
    mia = [m for m in members(app, referred["case"]) if m["name"] == "Mia Nowak"][0]["id"]
    mutation = sign(centre.worker.person.id, referred["case"], mia, referred["version"],
                    recipients=[centre.housing], purposes=("coordination",), categories=("status",))
    [result] = send(centre.worker, mutation)
    assert result["reason"] == "invalid" and result["field"] == "member_id" and result["code"] == "too_young"


def test_consents_and_withdrawals_cannot_be_deleted_and_a_forged_record_grants_nothing(app, centre, referred):  # noqa: F811
    consent_id = consent(centre, referred, categories=("status",))
    assert partner_view(centre, referred).status_code == 200
    with app.app_context():
        db = get_db()
        with pytest.raises(sqlite3.IntegrityError):
            db.execute("DELETE FROM consent_record WHERE id = ?", [consent_id])
        # A row copied outside the app (widened to the city) does not hold its seal, so it counts for nothing.
        row = dict(next(db.query("SELECT * FROM consent_record WHERE id = ?", [consent_id])))
        scope = json.loads(row["scope"])
        scope["recipients"] = [centre.city]
        db["consent_record"].insert({**row, "id": "forged-consent-0001", "scope": json.dumps(scope)})
    assert partner_view(centre, referred, who="city_partner").status_code in (403, 404)


def test_a_consent_for_twelve_months_ends_the_day_before(app, centre, referred):  # noqa: F811
    from datetime import date, timedelta

    from outreach.domain.consent import add_months

    consent_id = consent(centre, referred)
    with app.app_context():
        row = next(get_db().query("SELECT valid_from, valid_until FROM consent_record WHERE id = ?", [consent_id]))
    start = date.fromisoformat(row["valid_from"])
    assert date.fromisoformat(row["valid_until"]) == add_months(start, 12) - timedelta(days=1)


def test_an_interpreter_name_cannot_add_a_line_to_the_signed_text(app, centre, referred):  # noqa: F811
    mutation = sign(centre.worker.person.id, referred["case"], referred["tenant"], referred["version"],
                    recipients=[centre.housing], purposes=("coordination",), categories=("status",),
                    interpreter="Frau Özdemir\n- Jobcenter Senftenberg")
    [result] = send(centre.worker, mutation)
    assert result["reason"] == "invalid" and result["field"] == "interpreter" and result["code"] == "control_character"


def test_a_multi_picture_jpeg_from_a_phone_is_kept_as_its_first_picture():
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), "red").save(buffer, format="MPO", save_all=True,
                                           append_images=[Image.new("RGB", (20, 15), "blue")])
    data, media_type = images.photo(buffer.getvalue())
    assert media_type == "image/jpeg" and Image.open(io.BytesIO(data)).size == (40, 30)


def test_a_photo_with_too_many_pixels_is_refused_as_too_large():
    buffer = io.BytesIO()
    Image.new("1", (8000, 6000)).save(buffer, format="PNG")
    with pytest.raises(images.NotAPicture) as refused:
        images.photo(buffer.getvalue())
    assert refused.value.code == "too_large"


def test_a_retried_paper_upload_makes_one_record_and_a_foreign_id_is_refused(app, centre):
    from tests.support.consent import published_version
    from tests.web.test_cases import open_case
    from tests.web.test_consent_paper import paper as _paper  # noqa: F401
    from tests.web.test_consent_paper import picture, stored, upload

    case_id = open_case(centre)
    version = published_version(app, centre.admin, [centre.housing])
    paper = {"case": case_id, "version": version, "tenant": members(app, case_id)[0]["id"]}
    first = upload(centre.worker, paper, centre.housing, picture("JPEG"))
    again = upload(centre.worker, paper, centre.housing, picture("JPEG"))  # the answer was lost: sent once more
    assert first.status_code == again.status_code == 200
    assert again.json["consent"] == first.json["consent"] and again.json["duplicate"] is True
    assert len(stored(app)) == 1
    other = upload(centre.supervisor, paper, centre.housing, picture("JPEG"))
    assert other.status_code == 409 and len(stored(app)) == 1


def test_a_turkish_form_with_the_admins_own_wording_is_published_and_signed(app, centre, referred):  # noqa: F811
    from tests.support.consent import publish, template_form

    german = referred["version"]["id"]
    centre.admin.page(f"/admin/consent-versions/{german}")
    response = centre.admin.client.post(f"/admin/consent-versions/{german}/derive",
                                        data={"csrf_token": centre.admin.token, "language": "tr"})
    turkish = response.headers["Location"].rsplit("/", 1)[1]
    page = centre.admin.page(f"/admin/consent-versions/{turkish}")
    assert 'name="wording_validity"' in page and "Türkisch" in page
    words = {"wording_recipients": "Danışma merkezini şu kurumlara karşı gizlilik yükümlülüğünden muaf tutuyorum:",
             "wording_purposes": "şu amaçlar için:", "wording_categories": "şu veriler için:",
             "wording_health": "Açıkça sağlık verileri için de (GDPR Madde 9):",
             "wording_validity": "Bu onay, danışma merkezine ulaştığı günden itibaren {months} ay geçerlidir.",
             "wording_signer": "İmzalayan: {name}", "wording_interpreter": "Tercüme eden: {name}",
             "wording_withdrawal": "Bu onayı istediğiniz zaman geri alabilirsiniz.",
             "wording_purpose_status_feedback": "Bildiren kuruma durum bilgisi",
             "wording_purpose_coordination": "Konutu korumak için koordinasyon",
             **{f"wording_category_{code}": f"Veri: {code}" for code in
                ("status", "contact", "arrears_plan", "household", "health")}}
    broken = {**template_form(centre.admin, [centre.housing, centre.city], language="tr"), **words,
              "wording_validity": "Bu onay geçerlidir."}
    refused = centre.admin.client.post(f"/admin/consent-versions/{turkish}", data=broken)
    assert refused.status_code == 400 and "{months}" in refused.get_data(as_text=True)
    fixed = {**template_form(centre.admin, [centre.housing, centre.city], language="tr"), **words}
    assert centre.admin.client.post(f"/admin/consent-versions/{turkish}", data=fixed).status_code == 303
    assert publish(centre.admin, turkish).status_code == 303
    with app.app_context():
        row = get_db().execute("SELECT content_hash, content FROM consent_version WHERE id = ?", [turkish]).fetchone()
    version = {"id": turkish, "hash": row[0], "content": json.loads(row[1]), "app": app}
    mutation = sign(centre.worker.person.id, referred["case"], referred["tenant"], version,
                    recipients=[centre.housing], purposes=("coordination",), categories=("status",))
    [result] = send(centre.worker, mutation)
    assert result["status"] == "applied", result
    copy = centre.worker.client.get(f"/consents/{mutation['entity_id']}/copy").get_data(as_text=True)
    assert "İmzalayan: Erika Nowak" in copy and 'lang="tr"' in copy


def paper_mutation(centre, referred, picture_bytes: bytes, kind="jpeg", **changes):  # noqa: F811
    import base64
    import secrets

    payload = {"case_id": referred["case"], "member_id": referred["tenant"],
               "template_version_id": referred["version"]["id"], "version_hash": referred["version"]["hash"],
               "scope": {"recipients": [centre.housing], "purposes": ["coordination"], "categories": ["status"]},
               "interpreter": "", "withdrawal_notice_shown": True,
               "photo": f"data:image/{kind};base64," + base64.b64encode(picture_bytes).decode()}
    payload.update(changes)
    return {"id": secrets.token_urlsafe(12), "kind": "consent.paper", "entity_id": secrets.token_urlsafe(12),
            "base_revision": None, "schema_version": 1, "payload": payload, "author": centre.worker.person.id,
            "device_id": "", "device_time": "2026-12-01T09:00:00Z"}


def test_a_paper_form_photo_that_waited_in_the_outbox_is_stored_once_without_metadata(app, centre, referred):  # noqa: F811
    from tests.web.test_consent_paper import gps_jpeg

    mutation = paper_mutation(centre, referred, gps_jpeg())
    assert [r["status"] for r in send(centre.worker, mutation, mutation)] == ["applied", "duplicate"]
    with app.app_context():
        [row] = list(get_db().query("SELECT form, photo, photo_type, device_time FROM consent_record"))
    assert row["form"] == "paper" and row["photo_type"] == "image/jpeg" and row["device_time"].startswith("2026-12-01")
    stored = Image.open(io.BytesIO(row["photo"]))
    assert not stored.getexif() and stored.size == (600, 800)  # upright, no GPS, no camera name
    assert partner_view(centre, referred).status_code == 200  # the paper consent counts like a signed one


@pytest.mark.parametrize("photo, changes, field, code", [
    (b"not a picture at all", {}, "photo", "not_a_picture"),
    (b"", {"photo": "data:text/html;base64,PGI+"}, "photo", "not_a_picture"),
    (b"", {"withdrawal_notice_shown": False}, "withdrawal_notice_shown", "required"),
    (b"", {"scope": {"recipients": [], "purposes": [], "categories": []}}, "scope", "required"),
])
def test_a_waiting_paper_photo_with_bad_content_is_refused_and_kept_for_the_worker(
        app, centre, referred, photo, changes, field, code):  # noqa: F811
    from tests.web.test_consent_paper import picture

    mutation = paper_mutation(centre, referred, photo or picture("JPEG"), **changes)
    [result] = send(centre.worker, mutation)
    assert (result["status"], result["reason"], result["field"], result["code"]) == ("rejected", "invalid", field, code)
    with app.app_context():
        assert get_db().execute("SELECT count(*) FROM consent_record").fetchone()[0] == 0


def test_a_waiting_paper_photo_for_a_case_one_may_not_write_is_refused(app, centre, referred):  # noqa: F811
    from tests.web.test_consent_paper import picture

    mutation = {**paper_mutation(centre, referred, picture("JPEG")), "author": centre.other_team_worker.person.id}
    [result] = send(centre.other_team_worker, mutation)
    assert result["reason"] == "forbidden"
