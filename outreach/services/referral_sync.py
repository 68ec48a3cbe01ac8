"""Applying `onward_referral.add`: a referral written on the phone, often offline, sent through the
outbox with the same envelope and promises as every other kind (docs/sync.md). A referral with data
is checked against consent when it arrives: refused with the categories not covered, nothing sent."""

from __future__ import annotations

import re

from ..cases import store as cases_store
from ..cases.devices import route_facts
from ..domain import services as rules
from ..domain import sync
from ..domain.permissions import case_access
from . import referrals

KIND = "onward_referral.add"
ID = re.compile(r"[A-Za-z0-9_-]{8,40}")


def apply_add(db, person, mutation: sync.Mutation, *, today) -> dict:
    if mutation.schema_version not in rules.REFERRAL_SCHEMAS:
        return sync.rejected(mutation, "schema_version")
    try:
        payload = rules.validate_referral(mutation.payload, today=today)
    except rules.ServiceError as error:
        return sync.rejected(mutation, "invalid", field=error.field, code=error.code)
    case = cases_store.get_case(db, payload["case_id"])
    if case is None or case["anonymised_at"] or not ID.fullmatch(mutation.entity_id):
        return sync.rejected(mutation, "not_found")
    reassigned = False
    if not case_access(person.actor, case["team_id"], case["assigned_worker_id"]).write:
        if not sync.assigned_when_received(person.id, route_facts(db, case["id"], mutation.device_id, person.id)):
            return sync.rejected(mutation, "forbidden")
        reassigned = True
    if referrals.get(db, mutation.entity_id) is not None:  # the same referral twice: kept once
        return sync.rejected(mutation, "already_received")
    try:
        referrals.make(db, case=case, payload=payload, referral_id=mutation.entity_id, mutation_id=mutation.id,
                       by=person.id, today=today)
    except referrals.Refusal as refusal:
        return sync.rejected(mutation, refusal.code, categories=refusal.categories)
    result = {"id": mutation.id, "status": sync.APPLIED, "referral": mutation.entity_id}
    return {**result, "flag": "reassigned"} if reassigned else result
