"""The help network's directory rules (domain/services.py)."""

from __future__ import annotations

import pytest

from outreach.domain import services as rules
from outreach.domain.services import ServiceError


@pytest.mark.parametrize("text", ["03573 123456", "+49 3573 123-456", "(03573) 12 34 56", "0355/12345", ""])
def test_phone_numbers_as_people_write_them(text):
    assert rules.phone(text) == " ".join(text.split())


@pytest.mark.parametrize("text", ["abc", "12", "=1+2", "0357 ext. 3", "+", "1" * 40])
def test_what_is_not_a_phone_number(text):
    with pytest.raises(ServiceError):
        rules.phone(text)


def test_email():
    assert rules.email(" beratung@example.org ") == "beratung@example.org"
    assert rules.email("") == ""
    for bad in ("beratung", "a@b", "a b@example.org", "<x@example.org>", "a@" + "b" * 200 + ".de"):
        with pytest.raises(ServiceError):
            rules.email(bad)


def test_german_is_always_offered_and_languages_keep_their_order():
    assert rules.languages(["uk", "en"]) == ["de", "en", "uk"]
    assert rules.languages([]) == ["de"]


def test_search_by_kind_and_language():
    service = {"kind": "debt_counselling", "languages": ["de", "ru"]}
    assert rules.matches(service, "", "")
    assert rules.matches(service, "debt_counselling", "ru")
    assert not rules.matches(service, "food_bank", "")
    assert not rules.matches(service, "", "ar")


def test_every_kind_of_service_maps_onto_the_funders_onward_referral_categories():
    from outreach.domain.outcomes import ONWARD_SERVICES

    assert set(rules.ONWARD_CODES) == set(rules.KINDS)
    assert set(rules.ONWARD_CODES.values()) <= set(ONWARD_SERVICES)


def test_check_days_and_the_referral_payload():
    from datetime import date

    today = date(2026, 12, 7)
    payload = {"case_id": "c1", "service_id": "s1", "reason": " Schulden ", "urgency": "urgent",
               "channel": "contact_given", "categories": ["contact"], "referred_on": "2026-12-01"}
    checked = rules.validate_referral(payload, today=today)
    assert checked["check_on"] == date(2026, 12, 8) and checked["categories"] == [] and checked["reason"] == "Schulden"
    for field, value in (("channel", "fax"), ("urgency", "now"), ("categories", ["health"]), ("reason", " "),
                         ("referred_on", "2026-10-01"), ("referred_on", "2026-12-08"), ("referred_on", "gestern"),
                         ("case_id", 5), ("reason", "x" * 2001)):
        with pytest.raises(ServiceError) as refused:
            rules.validate_referral(payload | {field: value}, today=today)
        assert refused.value.field == field
    with pytest.raises(ServiceError):
        rules.validate_referral(payload | {"channel": "with_data", "categories": []}, today=today)
    with pytest.raises(ServiceError):
        rules.validate_referral(["not", "a", "dict"], today=today)
