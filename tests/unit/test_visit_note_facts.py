"""A note's day, kind and minutes follow its current revision (migration 0013's triggers): the
statistics count contacts and hours from these columns."""

from __future__ import annotations

import json

from outreach import db as database
from outreach import migrations


def test_the_columns_follow_the_current_revision(tmp_path):
    conn = database.connect(str(tmp_path / "n.sqlite3"))
    migrations.migrate(conn)
    conn.execute("PRAGMA foreign_keys = OFF")

    def revision(revision_id, visited_at, kind, minutes=None):
        payload = {"visited_at": visited_at, "kind": kind, **({"minutes": minutes, "travel_minutes": 5} if minutes else {})}
        conn.execute("INSERT INTO note_revision (id, note_id, author_id, mutation_id, schema_version, payload, "
                     "content_hash, state, received_at) VALUES (?, 'n1', 'p', ?, 1, ?, 'h', 'current', 't')",
                     [revision_id, revision_id, json.dumps(payload)])

    def facts():
        return conn.execute("SELECT visited_on, visit_kind, minutes, travel_minutes FROM visit_note").fetchone()

    conn.execute("INSERT INTO visit_note (id, case_id, author_id, current_revision_id, status, created_at, updated_at) "
                 "VALUES ('n1', 'c1', 'p', 'r1', 'draft', 't', 't')")
    revision("r1", "2026-03-04T10:00", "home_visit", 45)
    assert facts() == ("2026-03-04", "home_visit", 45, 5)
    revision("r2", "2026-03-05T09:30", "phone")  # a sibling that is not current changes nothing
    assert facts() == ("2026-03-04", "home_visit", 45, 5)
    conn.execute("UPDATE visit_note SET current_revision_id = 'r2' WHERE id = 'n1'")
    assert facts() == ("2026-03-05", "phone", None, None)
