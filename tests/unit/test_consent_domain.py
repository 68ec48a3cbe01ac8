"""Consent core: the text as signed and its hash, the seal, tampering, and who may receive what."""

from __future__ import annotations

import hashlib
from datetime import date

import pytest

from outreach.domain import consent as c

KEY = b"k" * 32
TODAY = date(2026, 3, 10)


def content(**changes):
    values = dict(title="Einwilligung und Schweigepflichtentbindung", intro="Ich bin einverstanden, dass …",
                  language="de", easy_language=False,
                  recipients=[{"organisation_id": "org-wg", "name": "Wohnungsgesellschaft", "department": "Mietrecht"},
                              {"organisation_id": "org-jc", "name": "Jobcenter", "department": ""}],
                  purposes=["status_feedback", "coordination"], categories=["status", "contact", "health"],
                  validity_months=12)
    values.update(changes)
    return c.new_content(**values)


SCOPE = {"recipients": ["org-wg"], "purposes": ["status_feedback"], "categories": ["status", "health"]}


def rendered(cont=None, scope=SCOPE, **kw):
    cont = cont or content()
    args = dict(signer_name="Erika Nowak", interpreter="")
    args.update(kw)
    return c.render_text(cont, c.clean_scope(cont, scope), **args)


def test_the_text_holds_only_the_chosen_scope_with_health_in_its_own_box():
    text = rendered()
    assert "Wohnungsgesellschaft, Mietrecht" in text and "Jobcenter" not in text
    assert "Rückmeldung zum Stand" in text and "Abstimmung" not in text
    assert "Name, Anschrift" not in text
    assert "Ausdrücklich auch für Gesundheitsdaten" in text and "Angaben zur Gesundheit" in text
    assert "jederzeit widerrufen" in text and "gilt 12 Monate ab dem Tag" in text


def test_without_health_there_is_no_health_box():
    assert "Gesundheitsdaten" not in rendered(scope={**SCOPE, "categories": ["status"]})


def test_the_text_hash_is_sha256_of_the_printed_text_and_changes_with_scope_language_and_signer():
    text = rendered()
    assert c.text_hash(text) == hashlib.sha256(text.encode()).hexdigest()
    others = {rendered(scope={**SCOPE, "categories": ["status"]}), rendered(signer_name="Ali Nowak"),
              rendered(content(language="en")), rendered(interpreter="Dolmetscherin A.")}
    assert len({c.text_hash(t) for t in others | {text}}) == 5


def test_english_text_is_in_english():
    assert "withdraw this consent at any time" in rendered(content(language="en"))


@pytest.mark.parametrize("scope, field", [
    ({**SCOPE, "recipients": []}, "recipients"),
    ({**SCOPE, "recipients": ["org-unknown"]}, "recipients"),
    ({**SCOPE, "purposes": ["advertising"]}, "purposes"),
    ({**SCOPE, "categories": ["arrears_plan"]}, "categories"),  # not offered by this template
    ({**SCOPE, "categories": "status"}, "categories"),
])
def test_a_scope_outside_the_template_is_refused(scope, field):
    with pytest.raises(c.ConsentError) as error:
        c.clean_scope(content(), scope)
    assert error.value.field == field


def test_no_blanket_template():
    with pytest.raises(c.ConsentError):
        content(recipients=[])
    with pytest.raises(c.ConsentError):
        content(validity_months=0)


def test_german_is_required_before_another_language():
    assert c.may_publish("de", set())
    assert not c.may_publish("en", set())
    assert c.may_publish("en", {"de"})


def test_validity_adds_calendar_months():
    assert c.add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert c.validity(content(validity_months=24), TODAY) == (TODAY, date(2028, 3, 9))  # not a day longer


def record(**changes):
    cont = content()
    scope = c.clean_scope(cont, SCOPE)
    text = rendered(cont)
    png, strokes = b"\x89PNG fake but hashed", b'[{"points":[]}]'
    rec = {"id": "consent-1", "case_id": "case-1", "member_id": "m1", "signer_name": "Erika Nowak",
           "form": "signature", "template_version_id": "v1", "version_hash": c.version_hash(cont), "language": "de",
           "interpreter": "", "scope": scope, "text_hash": c.text_hash(text), "valid_from": TODAY.isoformat(),
           "valid_until": c.add_months(TODAY, 12).isoformat(), "withdrawal_notice_shown": True,
           "device_time": "2026-03-10T09:00:00Z", "received_at": "2026-03-10T10:00:00Z", "witness_id": "p-worker",
           "device_id": "dev-1", "app_version": "0.1.0", "signature_sha256": c.sha256_hex(png),
           "strokes_sha256": c.sha256_hex(strokes), "photo_sha256": "", "key_id": "k1"}
    rec.update(changes)
    rec["mac"] = c.seal(rec, KEY)
    return rec, cont, png, strokes


def checked(rec, cont, png, strokes, keys=None):
    return c.check(rec, content=cont, signature_png=png, strokes=strokes, photo=None, keys=keys or {"k1": KEY})


def test_an_untouched_record_verifies():
    assert checked(*record()) == []


def test_the_record_hash_covers_every_sealed_field():
    rec = record()[0]
    assert c.record_hash(rec) != c.record_hash({**rec, "witness_id": "p-other"})
    assert c.record_hash(rec) == c.record_hash({**rec, "mac": "x"})


@pytest.mark.parametrize("field, value, problem", [
    ("scope", {"recipients": ["org-wg", "org-jc"], "purposes": ["status_feedback"], "categories": ["status"]}, "seal"),
    ("valid_until", "2099-01-01", "seal"),
    ("signer_name", "Jemand Anderes", "seal"),
    ("key_id", "k-unknown", "seal"),
])
def test_tampering_with_a_stored_field_breaks_the_seal(field, value, problem):
    rec, cont, png, strokes = record()
    assert problem in checked({**rec, field: value}, cont, png, strokes)


def test_a_reseal_without_the_key_cannot_hide_a_wider_scope():
    rec, cont, png, strokes = record()
    wider = {**rec, "scope": {**rec["scope"], "categories": ["status", "contact", "health"]}}
    wider["mac"] = c.seal(wider, b"guessed-key-" * 3)
    assert "seal" in checked(wider, cont, png, strokes)
    # With the key (an insider), the text hash no longer matches the wider scope either.
    wider["mac"] = c.seal(wider, KEY)
    assert checked(wider, cont, png, strokes) == ["text"]


def test_a_changed_template_signature_or_strokes_is_found():
    rec, cont, png, strokes = record()
    changed = {**cont, "intro": "Etwas anderes"}
    assert "template" in checked(rec, changed, png, strokes)
    assert "signature" in checked(rec, cont, png + b"x", strokes)
    assert "strokes" in checked(rec, cont, png, b"[]")
    assert "evidence_missing" in checked(rec, cont, None, strokes)


def test_retired_keys_still_verify_old_records():
    rec, cont, png, strokes = record()
    assert checked(rec, cont, png, strokes, keys={"k1": KEY, "k2": b"n" * 32}) == []


def test_a_withdrawal_is_sealed_too():
    w = {"consent_id": "consent-1", "withdrawn_on": "2026-04-01", "channel": "phone", "received_by": "p-worker",
         "recorded_at": "2026-04-01T08:00:00Z", "partners_to_inform": ["org-wg"], "key_id": "k1"}
    w["mac"] = c.seal(w, KEY, c.WITHDRAWAL_FIELDS)
    assert c.check_withdrawal(w, {"k1": KEY}) == []
    assert c.check_withdrawal({**w, "partners_to_inform": []}, {"k1": KEY}) == ["withdrawal_seal"]


# ---- decisions ----

def consent(member="m1", org="org-wg", purposes=("status_feedback",), categories=("status",), start=TODAY,
            months=12, withdrawn=False, cid=None):
    return c.Consent(cid or f"c-{member}", member, frozenset({org}), frozenset(purposes), frozenset(categories),
                     start, c.add_months(start, months), withdrawn)


TENANT = c.Member("m1", True, 1980)
PARTNER = c.Member("m2", True, 1982)
CHILD = c.Member("m3", False, 2015)


def test_before_consent_nothing_may_go():
    assert not c.may_disclose([], [TENANT], "org-wg", "status_feedback", "status", TODAY)


def test_an_active_consent_allows_exactly_its_organisation_purpose_and_category():
    consents = [consent()]
    assert c.may_disclose(consents, [TENANT], "org-wg", "status_feedback", "status", TODAY)
    assert not c.may_disclose(consents, [TENANT], "org-city", "status_feedback", "status", TODAY)
    assert not c.may_disclose(consents, [TENANT], "org-wg", "coordination", "status", TODAY)
    assert not c.may_disclose(consents, [TENANT], "org-wg", "status_feedback", "arrears_plan", TODAY)


def test_withdrawal_and_expiry_end_it():
    assert not c.may_disclose([consent(withdrawn=True)], [TENANT], "org-wg", "status_feedback", "status", TODAY)
    last_day = c.add_months(TODAY, 12)
    assert c.may_disclose([consent()], [TENANT], "org-wg", "status_feedback", "status", last_day)
    assert not c.may_disclose([consent()], [TENANT], "org-wg", "status_feedback", "status", date(2027, 3, 11))


def test_household_data_needs_every_adult_party_to_the_lease():
    members = [TENANT, PARTNER, CHILD]
    one = [consent("m1", categories=("status", "arrears_plan"))]
    assert not c.may_disclose(one, members, "org-wg", "status_feedback", "arrears_plan", TODAY)
    both = one + [consent("m2", categories=("status", "arrears_plan"))]
    assert c.may_disclose(both, members, "org-wg", "status_feedback", "arrears_plan", TODAY)
    # The child is no party to the lease: not needed. Withdrawal by one party ends it for the household.
    both[1] = consent("m2", categories=("status", "arrears_plan"), withdrawn=True)
    assert not c.may_disclose(both, members, "org-wg", "status_feedback", "arrears_plan", TODAY)


def test_a_lease_party_of_unknown_age_counts_as_adult_and_no_lease_party_means_no_household_data():
    unknown = c.Member("m4", True, None)
    assert c.must_consent_for_household([TENANT, unknown, c.Member("m5", True, 2012)], TODAY) == {"m1", "m4"}
    assert not c.may_disclose([consent()], [CHILD], "org-wg", "status_feedback", "status", TODAY)


def test_personal_data_needs_that_persons_own_consent():
    members = [TENANT, PARTNER]
    consents = [consent("m1", categories=("contact",))]
    assert c.may_disclose(consents, members, "org-wg", "status_feedback", "contact", TODAY, member_id="m1")
    assert not c.may_disclose(consents, members, "org-wg", "status_feedback", "contact", TODAY, member_id="m2")
    assert c.allowed(consents, members, "org-wg", "status_feedback", TODAY).fields() == set(c.FIELDS["contact"])


def test_every_category_has_fields_and_the_two_kinds_partition_the_categories():
    assert set(c.FIELDS) == set(c.CATEGORIES) == c.HOUSEHOLD_CATEGORIES | c.PERSONAL_CATEGORIES
    assert not c.HOUSEHOLD_CATEGORIES & c.PERSONAL_CATEGORIES


def test_partners_to_inform_are_those_that_received_data_under_the_consent():
    disclosures = [{"organisation_id": "org-wg", "consent_ids": ["c1"]}, {"organisation_id": "org-jc", "consent_ids": ["c2"]},
                   {"organisation_id": "org-wg", "consent_ids": ["c1", "c2"]}]
    assert c.partners_to_inform(disclosures, "c1") == ["org-wg"]
    assert c.partners_to_inform(disclosures, "c2") == ["org-jc", "org-wg"]


def test_a_language_without_a_standard_wording_needs_every_phrase_from_the_admin():
    base = dict(title="Einwilligung", intro="Text", easy_language=False,
                recipients=[{"organisation_id": "o1", "name": "Stadt", "department": ""}],
                purposes=["coordination"], categories=["status"], validity_months=12)
    with pytest.raises(c.ConsentError) as refused:
        c.new_content(language="tr", **base)
    assert refused.value.field == "wording"
    wording = {**c.wording_of(c.new_content(language="de", **base))}
    turkish = {**wording, "validity": "Bu onay {months} ay geçerlidir.", "signer": "İmzalayan: {name}",
               "purpose": {"coordination": "Konutu korumak için koordinasyon"}}
    content = c.new_content(language="tr", wording=turkish, **base)
    text = c.render_text(content, {"recipients": ["o1"], "purposes": ["coordination"], "categories": ["status"]},
                         signer_name="Ayşe Demir", interpreter="")
    assert "Bu onay 12 ay geçerlidir." in text and "İmzalayan: Ayşe Demir" in text
    for bad in ({**turkish, "validity": "Bu onay geçerlidir."},  # the placeholder is missing
                {**turkish, "signer": "İmzalayan: {name} {x}"},  # another brace
                {**turkish, "withdrawal": "Zeile eins\nZeile zwei"}):  # a line break
        with pytest.raises(c.ConsentError):
            c.new_content(language="tr", wording=bad, **base)
