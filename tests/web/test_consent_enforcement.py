"""Consent decides, in code: disclosures, the partner's case view and referral statuses beyond
"received". Before consent refused; after, exactly the consented categories; after withdrawal or
expiry refused again."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest

from outreach.clock import berlin_today
from outreach.db import get_db
from tests.support.consent import add_member, members, published_version, sign, withdraw
from tests.support.notes import send
from tests.support.people import csrf
from tests.web.test_referrals import form, refer, referral_id


@pytest.fixture
def referred(app, centre):
    """The housing company referred Erika Nowak; the case is the worker's; a template is published."""
    refer(centre.partner)
    rid = referral_id(app)
    centre.supervisor.page(f"/intake/{rid}")
    response = centre.supervisor.client.post(f"/intake/{rid}/accept",
                                             data=form(centre.supervisor, worker_id=centre.worker.person.id))
    case_id = response.headers["Location"].rsplit("/", 1)[1]
    token = csrf(centre.worker.client, f"/cases/{case_id}")
    today = berlin_today()
    centre.worker.client.post(f"/cases/{case_id}/ledger", data={"csrf_token": token, "year": str(today.year),
                                                                 "month": str(today.month), "due": "650", "paid": "0"})
    version = published_version(app, centre.admin, [centre.housing, centre.city])
    return {"referral": rid, "case": case_id, "version": version, "tenant": members(app, case_id)[0]["id"]}


def consent(centre, referred, member=None, *, recipients=None, purposes=("coordination",), categories=("status",)):
    mutation = sign(centre.worker.person.id, referred["case"], member or referred["tenant"], referred["version"],
                    recipients=recipients or [centre.housing], purposes=purposes, categories=categories)
    [result] = send(centre.worker, mutation)
    assert result["status"] == "applied", result
    return mutation["entity_id"]


def partner_view(centre, referred, who="partner"):
    return getattr(centre, who).client.get(f"/referrals/{referred['referral']}/case")


def referral_list(centre, who="partner"):
    return getattr(centre, who).client.get("/referrals").get_data(as_text=True)


def disclosures(app):
    with app.app_context():
        return [dict(r, categories=json.loads(r["categories"])) for r in get_db().query("SELECT * FROM disclosure")]


def disclose(centre, referred, *, organisation, purpose="coordination", categories=("status",)):
    token = csrf(centre.worker.client, f"/cases/{referred['case']}")
    return centre.worker.client.post(f"/cases/{referred['case']}/disclosures", data={
        "csrf_token": token, "organisation_id": organisation, "purpose": purpose, "category": list(categories),
        "channel": "phone", "note": "Telefonat mit dem Mieterservice"})


# ---- before consent: refused everywhere ----

def test_before_consent_the_partner_sees_only_received(app, centre, referred):
    html = referral_list(centre)
    assert "Erika Nowak" in html and "data-referral-status" not in html and "/case" not in html.split("<main", 1)[1]
    assert partner_view(centre, referred).status_code == 403
    assert disclosures(app) == []


def test_before_consent_a_disclosure_is_refused_and_nothing_recorded(app, centre, referred):
    response = disclose(centre, referred, organisation=centre.housing)
    html = response.get_data(as_text=True)
    assert response.status_code == 403 and "Nicht erlaubt" in html and "Stand der Beratung" in html
    assert disclosures(app) == []


# ---- after consent: exactly the consented categories ----

def test_status_feedback_consent_shows_the_status_to_the_named_partner_only(app, centre, referred):
    consent(centre, referred, purposes=("status_feedback",), categories=("status",))
    assert 'data-referral-status="in_counselling"' in referral_list(centre)
    # Status feedback is not the case view.
    assert partner_view(centre, referred).status_code == 403
    [row] = disclosures(app)
    assert (row["organisation_id"], row["purpose"], row["categories"], row["channel"]) == \
        (centre.housing, "status_feedback", ["status"], "referral_status")


def test_a_consent_naming_another_organisation_does_not_open_anything(app, centre, referred):
    consent(centre, referred, recipients=[centre.city], purposes=("status_feedback", "coordination"),
            categories=("status", "contact"))
    assert "data-referral-status" not in referral_list(centre)
    assert partner_view(centre, referred).status_code == 403
    assert partner_view(centre, referred, "city_partner").status_code == 404  # not the city's referral


def test_the_partner_case_view_shows_exactly_the_consented_categories(app, centre, referred):
    consent(centre, referred, categories=("status", "contact"))
    response = partner_view(centre, referred)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'data-field="stage"' in html and 'data-field="name"' in html and "Erika Nowak" in html
    assert "Thälmannstraße 12" in html and "Wera Werner" in html
    assert 'data-field="open_arrears_cents"' not in html and "650,00" not in html
    assert 'data-field="members"' not in html
    [row] = disclosures(app)
    assert row["categories"] == ["contact", "status"] and row["channel"] == "partner_view"
    assert row["disclosed_by"] == centre.partner.person.id


def test_a_worker_may_record_a_disclosure_within_consent_but_not_beyond(app, centre, referred):
    consent(centre, referred, categories=("status", "contact"))
    assert disclose(centre, referred, organisation=centre.housing, categories=("status",)).status_code == 303
    assert disclose(centre, referred, organisation=centre.housing, categories=("status", "arrears_plan")).status_code == 403
    assert disclose(centre, referred, organisation=centre.housing, purpose="arrears_takeover").status_code == 403
    assert disclose(centre, referred, organisation=centre.city).status_code == 403
    [row] = disclosures(app)
    assert row["categories"] == ["status"] and row["disclosed_by"] == centre.worker.person.id
    html = centre.worker.client.get(f"/cases/{referred['case']}").get_data(as_text=True)
    assert "Wohnungsgesellschaft Test: Stand der Beratung" in html


def test_household_data_needs_every_adult_party_to_the_lease(app, centre, referred):
    add_member(centre.worker, referred["case"], "Ali Nowak", lease_party=True, birth_year="1979")
    add_member(centre.worker, referred["case"], "Mia Nowak", lease_party=False, birth_year="2015")
    ali = [m for m in members(app, referred["case"]) if m["name"] == "Ali Nowak"][0]["id"]
    consent(centre, referred, categories=("status", "arrears_plan"))
    html = partner_view(centre, referred).get_data(as_text=True) if partner_view(centre, referred).status_code == 200 else ""
    assert 'data-field="open_arrears_cents"' not in html and 'data-field="stage"' not in html
    consent(centre, referred, ali, categories=("status", "arrears_plan"))
    html = partner_view(centre, referred).get_data(as_text=True)
    assert 'data-field="open_arrears_cents"' in html and "650,00" in html and 'data-field="stage"' in html


def test_personal_data_needs_that_persons_own_consent(app, centre, referred):
    add_member(centre.worker, referred["case"], "Ali Nowak", lease_party=True, birth_year="1979")
    ali = [m for m in members(app, referred["case"]) if m["name"] == "Ali Nowak"][0]["id"]
    consent(centre, referred, ali, categories=("contact",))
    html = partner_view(centre, referred).get_data(as_text=True)
    assert "Ali Nowak" in html and "Erika Nowak" not in html.split('data-field="name"', 1)[1].split("</dd>", 1)[0]


# ---- after withdrawal or expiry: refused again ----

def test_after_withdrawal_everything_is_refused_again_and_the_partner_is_to_be_informed(app, centre, referred):
    consent_id = consent(centre, referred, purposes=("status_feedback", "coordination"), categories=("status", "contact"))
    assert partner_view(centre, referred).status_code == 200
    assert 'data-referral-status="in_counselling"' in referral_list(centre)
    [result] = send(centre.worker, withdraw(centre.worker.person.id, referred["case"], consent_id,
                                            berlin_today().isoformat()))
    assert result["status"] == "applied" and result["partners_to_inform"] == [centre.housing]
    assert partner_view(centre, referred).status_code == 403
    assert "data-referral-status" not in referral_list(centre)
    assert disclose(centre, referred, organisation=centre.housing).status_code == 403
    page = centre.worker.client.get(f"/consents/{consent_id}").get_data(as_text=True)
    assert 'id="partners-to-inform"' in page and "Wohnungsgesellschaft Test" in page and 'data-state="withdrawn"' in page


def test_after_expiry_everything_is_refused_again(app, centre, referred):
    from outreach import evidence
    from outreach.consent import records
    from outreach.domain import consent as rules

    today = berlin_today()
    with app.test_request_context():
        key_id, key = evidence.current_key()
        db = get_db()
        version = db.execute("SELECT content_hash FROM consent_version WHERE id = ?", [referred["version"]["id"]]).fetchone()
        records.insert(db, {
            "id": "expired-consent-1", "case_id": referred["case"], "member_id": referred["tenant"],
            "signer_name": "Erika Nowak", "form": "signature", "template_version_id": referred["version"]["id"],
            "version_hash": version[0], "language": "de", "interpreter": "",
            "scope": {"recipients": [centre.housing], "purposes": ["status_feedback", "coordination"],
                      "categories": ["status"]},
            "text_hash": "0" * 64, "valid_from": (today - timedelta(days=400)).isoformat(),
            "valid_until": (today - timedelta(days=1)).isoformat(), "withdrawal_notice_shown": True,
            "device_time": "", "received_at": "2025-01-01T10:00:00.000000Z", "witness_id": centre.worker.person.id,
            "device_id": "", "app_version": "0.1.0", "key_id": key_id,
        }, key=key, signature_png=b"png", strokes=b"[]", photo=None)
        assert not rules.may_disclose(*records.consents_and_members(db, referred["case"]), centre.housing,
                                      "coordination", "status", today)
    assert partner_view(centre, referred).status_code == 403
    assert "data-referral-status" not in referral_list(centre)
    html = centre.worker.client.get(f"/cases/{referred['case']}").get_data(as_text=True)
    assert 'data-consent-id="expired-consent-1" data-state="expired"' in html


@pytest.mark.parametrize("who, status", [("worker", 403), ("supervisor", 403), ("admin", 403), ("city_partner", 404)])
def test_the_partner_case_view_is_for_the_referring_partner_only(app, centre, referred, who, status):
    consent(centre, referred, recipients=[centre.housing, centre.city], categories=("status",))
    assert partner_view(centre, referred, who).status_code == status
    assert app.test_client().get(f"/referrals/{referred['referral']}/case").status_code == 302


@pytest.mark.parametrize("who", ["colleague", "other_team_worker", "admin", "partner"])
def test_only_who_may_write_the_case_records_a_disclosure(app, centre, referred, who):
    consent(centre, referred)
    browser = getattr(centre, who)
    token = csrf(browser.client)
    response = browser.client.post(f"/cases/{referred['case']}/disclosures", data={
        "csrf_token": token, "organisation_id": centre.housing, "purpose": "coordination", "category": ["status"],
        "channel": "phone"})
    assert response.status_code == 404
    assert disclosures(app) == []


def test_disclosures_cannot_be_changed_or_removed_through_sqlite(app, centre, referred):
    import sqlite3

    consent(centre, referred, categories=("status",))
    assert disclose(centre, referred, organisation=centre.housing).status_code == 303
    conn = sqlite3.connect(app.config["DATABASE_PATH"])
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        conn.execute("DELETE FROM disclosure")
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        conn.execute("UPDATE disclosure SET organisation_id = ?", [centre.city])
