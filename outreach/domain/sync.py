"""Sync rules: what happens to one mutation a device sends (DESIGN.md "Offline model").

Pure decisions from facts the caller reads inside the same transaction; the caller carries them
out and records the result with (person, mutation id), so a repeat returns the same answer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime

from .canonical import content_hash

MUTATION_ID = re.compile(r"^[A-Za-z0-9_-]{8,64}$")
APPLIED, DUPLICATE, REJECTED, CONFLICT = "applied", "duplicate", "rejected", "conflict"


@dataclass(frozen=True)
class Mutation:
    id: str
    kind: str
    entity_id: str
    base_revision: str | None
    schema_version: int
    payload: dict
    author: str
    device_id: str
    device_time: str

    @property
    def hash(self) -> str:
        """Over what the mutation asks for (not when or from where it was sent)."""
        return content_hash({"id": self.id, "kind": self.kind, "entity_id": self.entity_id,
                             "base_revision": self.base_revision, "schema_version": self.schema_version,
                             "payload": self.payload, "author": self.author})


class Malformed(ValueError):
    pass


def read_mutation(raw) -> Mutation:
    """The mutation's envelope, or Malformed. The payload is checked by its kind."""
    if not isinstance(raw, dict):
        raise Malformed("not an object")
    try:
        mutation = Mutation(
            id=raw["id"], kind=raw["kind"], entity_id=raw["entity_id"], base_revision=raw.get("base_revision"),
            schema_version=raw["schema_version"], payload=raw["payload"], author=raw["author"],
            device_id=raw.get("device_id") or "", device_time=raw.get("device_time") or "",
        )
    except KeyError as exc:
        raise Malformed(f"missing {exc}") from exc
    checks = [
        isinstance(mutation.id, str) and MUTATION_ID.match(mutation.id),
        isinstance(mutation.kind, str) and len(mutation.kind) <= 40,
        isinstance(mutation.entity_id, str) and MUTATION_ID.match(mutation.entity_id),
        mutation.base_revision is None or (isinstance(mutation.base_revision, str)
                                           and MUTATION_ID.match(mutation.base_revision)),
        isinstance(mutation.schema_version, int) and not isinstance(mutation.schema_version, bool),
        isinstance(mutation.payload, dict),
        isinstance(mutation.author, str) and len(mutation.author) <= 40,
        isinstance(mutation.device_id, str) and len(mutation.device_id) <= 64,
        isinstance(mutation.device_time, str) and len(mutation.device_time) <= 40,
    ]
    if not all(checks):
        raise Malformed("wrong field types")
    return mutation


@dataclass(frozen=True)
class Earlier:
    """What the server recorded the first time it saw (person, mutation id)."""

    content_hash: str
    result: dict


def replay(mutation: Mutation, earlier: Earlier | None) -> dict | None:
    """Promise 2 (nothing doubled): the stored answer for a repeat, a refusal for a reused id
    with other content, or None when the mutation is new."""
    if earlier is None:
        return None
    if earlier.content_hash == mutation.hash:
        return {**earlier.result, "status": DUPLICATE, "first_status": earlier.result["status"]}
    return {"id": mutation.id, "status": REJECTED, "reason": "id_reused"}


@dataclass(frozen=True)
class Assignment:
    worker_id: str
    assigned_at: datetime


@dataclass(frozen=True)
class RouteFacts:
    """Promise 4's exception, decided from server records only (never device time)."""

    received_at: datetime | None  # when this device last received the case for this person
    assignments: list[Assignment] = field(default_factory=list)  # oldest first


def assigned_when_received(author: str, facts: RouteFacts) -> bool:
    """Was the case assigned to the author at the moment the device last received it?"""
    if facts.received_at is None:
        return False
    holder = None
    for assignment in facts.assignments:
        if assignment.assigned_at <= facts.received_at:
            holder = assignment.worker_id
    return holder == author


def revision_outcome(current_revision: str | None, base_revision: str | None, known_revisions: set[str]) -> str:
    """Promise 3 (no silent overwrite): the revision becomes current only on the current base;
    any other known base (or none, when the note already has revisions) makes it a conflict."""
    if current_revision is None:
        return "current" if base_revision is None else "unknown_base"
    if base_revision == current_revision:
        return "current"
    if base_revision is None or base_revision in known_revisions:
        return "conflict"
    return "unknown_base"


def rejected(mutation: Mutation, reason: str, **extra) -> dict:
    """The answer to a mutation the server refuses (kept on the device, marked for attention)."""
    return {"id": mutation.id, "status": REJECTED, "reason": reason, **extra}
