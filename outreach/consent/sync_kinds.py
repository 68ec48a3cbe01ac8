"""Applying `consent.sign` and `consent.withdraw` mutations (signed on the phone, often offline)."""

from __future__ import annotations

import sqlite_utils

from .. import clock, evidence
from ..cases.devices import route_facts
from ..domain import consent as rules
from ..domain import sync as sync_rules
from ..domain.consent_payload import ACCEPTED_SCHEMAS, PayloadError, validate_paper, validate_sign, validate_withdraw
from ..domain.permissions import case_access
from ..domain.sync import rejected
from ..modes import VERSION
from .. import pictures as images
from . import paper, records
from .versions import get_version

SIGN, WITHDRAW, PAPER = "consent.sign", "consent.withdraw", "consent.paper"


def _case_for_writing(db, person, mutation, case_id: str) -> tuple[dict | None, dict | None]:
    """(case, None) when the author may write it (the same access function as the pages), else
    (None, refusal). A case reassigned since this device received it is still written (promise 4),
    and the case gets `reassigned: True` for the result's flag."""
    case = records.one_row(db, "SELECT * FROM household_case WHERE id = ?", [case_id])
    if case is None or case["anonymised_at"]:  # an erased case takes nothing more
        return None, rejected(mutation, "not_found")
    if not case_access(person.actor, case["team_id"], case["assigned_worker_id"]).write:
        if not sync_rules.assigned_when_received(person.id, route_facts(db, case["id"], mutation.device_id, person.id)):
            return None, rejected(mutation, "forbidden")
        case["reassigned"] = True
    return case, None


def _flagged(result: dict, case: dict) -> dict:
    return {**result, "flag": "reassigned"} if case.get("reassigned") else result


def _new_record(db, person, mutation: sync_rules.Mutation, validate) -> tuple[dict | None, dict | None, dict | None]:
    """(payload, case, None) for a new consent record the author may write, else (None, None, refusal)."""
    if mutation.schema_version not in ACCEPTED_SCHEMAS:
        return None, None, rejected(mutation, "schema_version")
    try:
        payload = validate(mutation.payload)
    except PayloadError as error:
        return None, None, rejected(mutation, "invalid", field=error.field, code=error.code)
    case, refusal = _case_for_writing(db, person, mutation, payload["case_id"])
    if refusal:
        return None, None, refusal
    if records.get(db, mutation.entity_id):
        return None, None, rejected(mutation, "id_conflict")  # client ids are insert-only
    return payload, case, None


def apply_sign(db: sqlite_utils.Database, person, mutation: sync_rules.Mutation, *, today) -> dict:
    payload, case, refusal = _new_record(db, person, mutation, validate_sign)
    if refusal:
        return refusal
    member = records.one_row(db, "SELECT * FROM household_member WHERE id = ? AND case_id = ?",
                          [payload["member_id"], case["id"]])
    if member is None:
        return rejected(mutation, "invalid", field="member_id", code="not_in_household")
    if not rules.old_enough_to_sign(member["birth_year"], today):
        return rejected(mutation, "invalid", field="member_id", code="too_young")
    version = get_version(db, payload["template_version_id"])
    if version is None or version["status"] != "published":
        return rejected(mutation, "invalid", field="template_version_id", code="not_published")
    if version["content_hash"] != payload["version_hash"]:
        return rejected(mutation, "invalid", field="template_version_id", code="version_changed")
    try:
        scope = rules.clean_scope(version["content"], payload["scope"])
        signature = images.signature_png(payload["signature_png"])
    except rules.ConsentError as error:
        return rejected(mutation, "invalid", field=error.field, code=error.code)
    except images.NotAPicture as error:
        return rejected(mutation, "invalid", field="signature", code=error.code)
    # Valid from the day the server received it: device time is evidence only (DESIGN.md).
    valid_from, valid_until = rules.validity(version["content"], today)
    text = rules.render_text(version["content"], scope, signer_name=member["name"], interpreter=payload["interpreter"])
    if rules.text_hash(text) != payload["text_hash"]:
        # The phone showed the tenant another text than the one the centre would keep: refused.
        return rejected(mutation, "invalid", field="text", code="text_mismatch")
    key_id, key = evidence.current_key()
    record = records.insert(db, {
        "id": mutation.entity_id, "case_id": case["id"], "member_id": member["id"], "signer_name": member["name"],
        "form": "signature", "template_version_id": version["id"], "version_hash": version["content_hash"],
        "language": version["language"], "interpreter": payload["interpreter"], "scope": scope,
        "text_hash": rules.text_hash(text), "valid_from": valid_from.isoformat(),
        "valid_until": valid_until.isoformat(), "withdrawal_notice_shown": True,
        "device_time": mutation.device_time, "received_at": clock.stamp(), "witness_id": person.id,
        "device_id": mutation.device_id, "app_version": payload["app_version"] or VERSION, "key_id": key_id,
    }, key=key, signature_png=signature, strokes=payload["strokes"], photo=None)
    return _flagged({"id": mutation.id, "status": sync_rules.APPLIED, "consent": record["id"],
                     "record_hash": rules.record_hash(record)}, case)


def apply_withdraw(db: sqlite_utils.Database, person, mutation: sync_rules.Mutation, *, today) -> dict:
    if mutation.schema_version not in ACCEPTED_SCHEMAS:
        return rejected(mutation, "schema_version")
    try:
        payload = validate_withdraw(mutation.payload, today=today)
    except PayloadError as error:
        return rejected(mutation, "invalid", field=error.field, code=error.code)
    case, refusal = _case_for_writing(db, person, mutation, payload["case_id"])
    if refusal:
        return refusal
    consent = records.get(db, payload["consent_id"])
    if consent is None or consent["case_id"] != case["id"] or mutation.entity_id != consent["id"]:
        return rejected(mutation, "invalid", field="consent_id", code="not_found")
    earlier = records.withdrawal(db, consent["id"])
    if earlier:  # withdrawn already (e.g. by phone at the office): nothing to do, nothing lost
        return {"id": mutation.id, "status": sync_rules.APPLIED, "consent": consent["id"], "already": True,
                "partners_to_inform": earlier["partners_to_inform"]}
    key_id, key = evidence.current_key()
    row = records.withdraw(db, consent["id"], withdrawn_on=payload["withdrawn_on"], channel=payload["channel"],
                           received_by=person.id, key_id=key_id, key=key)
    return _flagged({"id": mutation.id, "status": sync_rules.APPLIED, "consent": consent["id"],
                     "partners_to_inform": row["partners_to_inform"]}, case)


def apply_paper(db: sqlite_utils.Database, person, mutation: sync_rules.Mutation, *, today) -> dict:
    """A photo of a signed paper form that waited in the outbox: the same checks and record as an
    upload while online (consent/paper.py)."""
    payload, case, refusal = _new_record(db, person, mutation, validate_paper)
    if refusal:
        return refusal
    problem = paper.attach(db, case, person.id, consent_id=mutation.entity_id, member_id=payload["member_id"],
                           template_version_id=payload["template_version_id"], version_hash=payload["version_hash"],
                           notice_shown=True, scope=payload["scope"], interpreter=payload["interpreter"],
                           photo=payload["photo"], device_id=mutation.device_id, device_time=mutation.device_time,
                           today=today)
    if problem:
        return rejected(mutation, "invalid", field=problem[0], code=problem[1])
    record = records.get(db, mutation.entity_id)
    return _flagged({"id": mutation.id, "status": sync_rules.APPLIED, "consent": record["id"],
                     "record_hash": rules.record_hash(record)}, case)
