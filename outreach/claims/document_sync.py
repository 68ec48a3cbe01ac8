"""Applying `document.add`: a document photographed on the phone, often offline, sent through the
outbox with the same envelope and promises as every other kind (docs/sync.md). Each page is
re-encoded (only the pixels survive); one bad page refuses the document, never the others."""

from __future__ import annotations

from .. import pictures
from ..cases import store as cases_store
from ..cases.devices import route_facts
from ..domain import documents as rules
from ..domain import sync
from ..domain.permissions import case_access
from ..domain.visits import PayloadError
from . import documents, store

KIND = "document.add"


def apply_add(db, person, mutation: sync.Mutation, *, today) -> dict:
    if mutation.schema_version not in rules.SCHEMAS:
        return sync.rejected(mutation, "schema_version")
    try:
        payload = rules.validate_document(mutation.payload, today=today)
    except PayloadError as error:
        return sync.rejected(mutation, "invalid", field=error.field, code=error.code)
    case = cases_store.get_case(db, payload["case_id"])
    if case is None or case["anonymised_at"] or not rules.ID.match(mutation.entity_id):
        return sync.rejected(mutation, "not_found")
    reassigned = False
    if not case_access(person.actor, case["team_id"], case["assigned_worker_id"]).write:
        if not sync.assigned_when_received(person.id, route_facts(db, case["id"], mutation.device_id, person.id)):
            return sync.rejected(mutation, "forbidden")
        reassigned = True
    if payload["claim_id"]:
        claim = store.get(db, payload["claim_id"])
        if claim is None or claim["case_id"] != case["id"]:
            return sync.rejected(mutation, "invalid", field="claim_id", code="not_in_case")
    if documents.get(db, mutation.entity_id) is not None:  # the same document twice: kept once
        return sync.rejected(mutation, "already_received")
    pages = []
    for index, data in enumerate(payload["pages"]):
        try:
            pages.append(pictures.photo(data))
        except pictures.NotAPicture as error:
            return sync.rejected(mutation, "invalid", field=f"pages.{index}", code=error.code)
    documents.add(db, mutation.entity_id, case_id=case["id"], claim_id=payload["claim_id"], kind=payload["kind"],
                  dated_on=payload["dated_on"], note=payload["note"], pages=pages, by=person.id,
                  mutation_id=mutation.id)
    result = {"id": mutation.id, "status": sync.APPLIED, "document": mutation.entity_id, "pages": len(pages)}
    return {**result, "flag": "reassigned"} if reassigned else result
