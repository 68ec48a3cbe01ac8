"""Test helpers: visit-note mutations as the browser's outbox sends them."""

from __future__ import annotations

import secrets
from datetime import timedelta

from outreach.clock import berlin_today


def new_id() -> str:
    return secrets.token_urlsafe(12)


def note_payload(case_id: str, situation: str = "Mieterin angetroffen.", **changes) -> dict:
    payload = {"case_id": case_id, "visited_at": (berlin_today() - timedelta(days=1)).isoformat() + "T10:00",
               "kind": "home_visit", "present": "Mieterin", "situation": situation, "money": "", "tenancy_legal": "",
               "agreed_steps": [], "next_visit": "", "next_visit_note": "", "free_text": "", "tasks": [],
               "status": "draft", "resolves": []}
    payload.update(changes)
    return payload


def save_note(author_id: str, case_id: str, *, note_id: str | None = None, base: str | None = None,
              mutation_id: str | None = None, device_id: str = "", **payload_changes) -> dict:
    return {"id": mutation_id or new_id(), "kind": "visit_note.save", "entity_id": note_id or new_id(),
            "base_revision": base, "schema_version": 1, "payload": note_payload(case_id, **payload_changes),
            "author": author_id, "device_id": device_id, "device_time": "2026-01-01T00:00:00Z"}


def send(browser, *mutations, unsent: int = 0):
    response = browser.post("/sync", {"device_id": browser.device_id, "unsent": unsent, "mutations": list(mutations)})
    assert response.status_code == 200, (response.status_code, response.get_data(as_text=True)[:500])
    return response.json["results"]
