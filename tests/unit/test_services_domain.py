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
