"""A case's version changes with every row shown on its pages (the offline copy's refresh rests
on it), and not with the record that a device received the case."""

from __future__ import annotations

import pytest

from outreach import db as database
from outreach import migrations
from outreach.migrations import m0013_outcomes_and_follow_ups as m0013
from outreach.migrations import m0014_claims as m0014
from outreach.migrations import m0015_claim_requests as m0015
from outreach.migrations import m0016_rent_statements as m0016
from outreach.migrations import m0017_documents as m0017
from outreach.migrations import m0018_shelter as m0018
from outreach.migrations import m0020_onward_referrals as m0020
from outreach.migrations import m0023_tenant_rights as m0023
from outreach.migrations.m0012_case_versions import CASE_OF as CASE_OF_0012
from outreach.migrations.m0012_case_versions import NOT_SHOWN
from outreach.migrations.m0012_case_versions import SHARED as SHARED_0012

SHARED = (*SHARED_0012, "benefit_name", "document_checklist",  # dated data shown on every claim
          "service")  # the help network's directory, on every phone

CASE_OF = {**CASE_OF_0012, **m0013.CASE_OF, **m0014.CASE_OF, **m0015.CASE_OF, **m0016.CASE_OF, **m0017.CASE_OF,
           **m0018.CASE_OF, **m0020.CASE_OF, **m0023.CASE_OF}  # every migration's tables with their triggers

LINKS = ("case_id", "note_id", "plan_id", "consent_id", "claim_id", "document_id", "placement_id")


@pytest.fixture
def conn(tmp_path):
    conn = database.connect(str(tmp_path / "v.sqlite3"))
    migrations.migrate(conn)
    return conn


def tables(conn) -> list[str]:
    return [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE '\\_%' "
                                       "ESCAPE '\\' AND name NOT LIKE 'sqlite_%'")]


def test_every_table_hanging_off_a_case_bumps_its_version(conn):
    linked = {t for t in tables(conn) if {c[1] for c in conn.execute(f"PRAGMA table_info({t})")} & set(LINKS)}
    # case_look (migration 0021) records who last opened a case: nothing on the case's pages derives from
    # it, and bumping the version on each opening would recompute every list's view of the case.
    assert linked - NOT_SHOWN - m0023.NOT_SHOWN - {"case_look"} == set(CASE_OF), "a new table linked to a case needs its triggers"
    triggers = {r[0]: r[1] for r in conn.execute("SELECT name, tbl_name FROM sqlite_master WHERE type = 'trigger'")}
    for table in CASE_OF:
        assert {f"{table}_version_{op}" for op in ("insert", "update", "delete")} <= set(triggers), table
    for table in SHARED:
        assert {f"{table}_shared_{op}" for op in ("insert", "update", "delete")} <= set(triggers), table


def version(conn, case_id="c1") -> int:
    return conn.execute("SELECT version FROM household_case WHERE id = ?", [case_id]).fetchone()[0]


def test_writes_bump_the_case_and_only_that_case(conn):
    def insert_case(case_id):
        conn.execute("INSERT INTO household_case (id, number, status, stage, source, street, postcode, city, "
                     "report_received_on, created_at, updated_at) VALUES (?, ?, 'open', 'arrears', 'other', "
                     "'Weg 1', '01968', 'Senftenberg', '2026-12-01', 't', 't')", [case_id, case_id])

    conn.execute("PRAGMA foreign_keys = OFF")
    insert_case("c1"), insert_case("c2")
    assert version(conn) == version(conn, "c2") == 0
    conn.execute("UPDATE household_case SET street = 'Neue Straße 1' WHERE id = 'c1'")
    assert version(conn) == 1
    conn.execute("INSERT INTO household_member (id, case_id, name, relation, lease_party, position) "
                 "VALUES ('m1', 'c1', 'A', '', 1, 0)")
    assert version(conn) == 2
    conn.execute("UPDATE household_member SET name = 'B' WHERE id = 'm1'")
    conn.execute("DELETE FROM household_member WHERE id = 'm1'")
    assert version(conn) == 4 and version(conn, "c2") == 0

    # through the note: a revision of a note of c2 bumps c2
    conn.execute("INSERT INTO visit_note (id, case_id, author_id, status, created_at, updated_at) "
                 "VALUES ('n1', 'c2', 'p', 'draft', 't', 't')")
    assert version(conn, "c2") == 1
    conn.execute("INSERT INTO note_return (note_id, revision_id, supervisor_id, comment, returned_at) "
                 "VALUES ('n1', 'r', 'p', 'c', 't')")
    assert version(conn, "c2") == 2 and version(conn) == 4

    # receiving a case on a device changes nothing on its pages
    conn.execute("INSERT INTO case_on_device (case_id, device_id, person_id, received_at) VALUES ('c1', 'd', 'p', 't')")
    assert version(conn) == 4


def test_shared_data_bumps_the_shared_version(conn):
    before = conn.execute("SELECT version FROM offline_shared").fetchone()[0]
    conn.execute("INSERT INTO team (id, name, created_at) VALUES ('t9', 'Team Nord', 't')")
    assert conn.execute("SELECT version FROM offline_shared").fetchone()[0] == before + 1
