"""A /sync request reads the signed-in person, passkey and device once each, and its look-ups go
straight to SQLite (no savepoint around each read): every statement is paid on every phone's send."""

from __future__ import annotations

import re

import pytest

from outreach import db as database
from tests.support.notes import save_note, send
from tests.web.test_cases import open_case


@pytest.fixture
def statements():
    captured: list[str] = []
    with database.trace_requests(captured.append):
        yield captured


def count(statements, pattern):
    return sum(bool(re.search(pattern, " ".join(s.split()))) for s in statements)


def test_one_sync_reads_each_of_its_facts_once(centre, statements):
    case_id = open_case(centre)
    worker = centre.worker
    worker.client.get(f"/cases/{case_id}")
    statements.clear()
    [result] = send(worker, save_note(worker.person.id, case_id, device_id=worker.device_id))
    assert result["status"] == "applied"
    assert count(statements, r"FROM web_session WHERE id_hash") == 1
    assert count(statements, r"FROM person WHERE id") == 1
    assert count(statements, r"FROM credential WHERE id") == 1
    assert count(statements, r"FROM device WHERE id") == 1
    assert count(statements, r"^SAVEPOINT \"sqlite_utils_query\"") <= 4  # the case and note look-ups
    assert count(statements, r"^BEGIN IMMEDIATE") == 1


def test_a_sync_for_another_device_still_reads_that_device(centre, statements):
    """The shortcut only applies to the signed-in device: another id is read, and refused."""
    case_id = open_case(centre)
    worker = centre.worker
    statements.clear()
    response = worker.post("/sync", {"device_id": centre.supervisor.device_id,
                                     "mutations": [save_note(worker.person.id, case_id)]})
    assert response.status_code == 403 and response.get_json()["error"] == "device_mismatch"
    assert count(statements, r"FROM device WHERE id") == 2
