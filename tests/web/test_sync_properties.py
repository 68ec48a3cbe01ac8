"""Property-based: random batches (duplicates, reorderings, other people's ids, malformed payloads)
never cause a 500, and each accepted (person, mutation id) takes effect exactly once."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from outreach.db import get_db
from tests.support.notes import save_note
from tests.web.test_cases import open_case

STATUSES = {"applied", "duplicate", "rejected", "conflict"}


def pool(centre, case_id):
    worker = centre.worker.person.id
    valid = [save_note(worker, case_id, situation=f"Notiz {n}") for n in range(6)]
    revision = save_note(worker, case_id, note_id=valid[0]["entity_id"], base=valid[0]["id"], situation="Ergänzt")
    sibling = save_note(worker, case_id, note_id=valid[0]["entity_id"], base=valid[0]["id"], situation="Parallel")
    reused = {**valid[1], "payload": {**valid[1]["payload"], "situation": "Andere Fassung"}}
    foreign = save_note(centre.colleague.person.id, case_id)
    invalid = save_note(worker, case_id, situation="", kind="home_visit")
    wrong_case = save_note(worker, "no-such-case-000", situation="x")
    malformed = [None, 7, "text", {}, {"id": "x"}, {**valid[2], "schema_version": "1"},
                 {**valid[3], "payload": []}, {**valid[4], "id": "../../etc"}, {**valid[5], "base_revision": 5}]
    return valid + [revision, sibling, reused, foreign, invalid, wrong_case] + malformed


def test_random_batches_never_fail_and_apply_each_accepted_mutation_once(app, centre):
    case_id = open_case(centre)
    candidates = pool(centre, case_id)

    @settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(st.lists(st.sampled_from(range(len(candidates))), min_size=0, max_size=25))
    def property_holds(indices):
        batch = [candidates[i] for i in indices]
        centre.worker.page()  # a fresh token, as the client would fetch
        response = centre.worker.post("/sync", {"device_id": centre.worker.device_id, "mutations": batch})
        assert response.status_code == 200, response.get_data(as_text=True)[:300]
        results = response.json["results"]
        assert len(results) == len(batch)
        for mutation, result in zip(batch, results):
            assert result["status"] in STATUSES
            if isinstance(mutation, dict) and isinstance(mutation.get("id"), str) and result["id"] is not None:
                assert result["id"] == mutation["id"]
        with app.app_context():
            db = get_db()
            per_id = db.execute("SELECT mutation_id, count(*) FROM note_revision GROUP BY mutation_id "
                                "HAVING count(*) > 1").fetchall()
            assert per_id == []  # never applied twice
            recorded = db.execute("SELECT count(*) FROM sync_mutation").fetchone()[0]
            assert recorded == db.execute("SELECT count(*) FROM note_revision").fetchone()[0]
            others = db.execute("SELECT count(*) FROM note_revision WHERE author_id != ?",
                                [centre.worker.person.id]).fetchone()[0]
            assert others == 0  # nothing applied under someone else's name

    property_holds()
