"""Applying `follow_up.record`: a check-in written on the phone, often offline, sent through the
outbox with the same envelope and promises as every other kind (docs/sync.md)."""

from __future__ import annotations

from ..cases import closing, store
from ..cases.devices import route_facts
from ..domain import outcomes
from ..domain import sync as rules
from ..domain.permissions import case_access

KIND = "follow_up.record"


def apply_record(db, person, mutation: rules.Mutation, *, today) -> dict:
    if mutation.schema_version not in outcomes.CHECK_IN_SCHEMAS:
        return rules.rejected(mutation, "schema_version")
    try:
        payload = outcomes.validate_check_in(mutation.payload, today=today)
    except outcomes.ClosingError as error:
        return rules.rejected(mutation, "invalid", field=error.field, code=error.code)
    follow_up = closing.follow_up(db, mutation.entity_id) if len(mutation.entity_id) <= 40 else None
    case = store.get_case(db, payload["case_id"])
    if follow_up is None or case is None or case["anonymised_at"] or follow_up["case_id"] != case["id"]:
        return rules.rejected(mutation, "not_found")
    # Access first, so a refused person learns nothing of the follow-up's state.
    reassigned = False
    if not case_access(person.actor, case["team_id"], case["assigned_worker_id"]).write:
        if not rules.assigned_when_received(person.id, route_facts(db, case["id"], mutation.device_id, person.id)):
            return rules.rejected(mutation, "forbidden")
        reassigned = True
    if follow_up["status"] == "done":  # recorded meanwhile (another phone, the office): never overwritten
        return rules.rejected(mutation, "already_recorded", recorded=follow_up["result"])
    if follow_up["status"] == "cancelled":
        return rules.rejected(mutation, "case_reopened")
    done = closing.record_follow_up(db, follow_up["id"], result=payload["result"], note=payload["note"],
                                    checked_on=payload["checked_on"], by=person.id, mutation_id=mutation.id)
    result = {"id": mutation.id, "status": rules.APPLIED, "follow_up": follow_up["id"], "reopened": done["reopened"],
              "repeat": done["repeat"]}
    return {**result, "flag": "reassigned"} if reassigned else result
