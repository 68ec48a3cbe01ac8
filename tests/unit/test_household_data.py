"""The `household` registry is complete (issue 23): every table whose rows belong to a case is
declared by its area, and every column of a declared table is either personal (anonymised) or
kept — a new table or column without that decision fails here, before it can keep a tenant's
data past its erasure."""

from __future__ import annotations

import pytest

from outreach import create_app, household
from outreach import db as database
from outreach import migrations
from outreach.domain.retention import scrub_json
from outreach.migrations import m0023_tenant_rights as m0023
from tests.conftest import make_test_config

LINKS = ("case_id", "note_id", "plan_id", "consent_id", "claim_id", "document_id", "placement_id")
# Linked to a case but not the household's data: the statistics' record of an earlier closing at the
# address of a later case (it names the later case and the earlier case's day, nothing else).
NOT_THE_HOUSEHOLDS = m0023.NOT_SHOWN


@pytest.fixture(scope="module")
def schema(tmp_path_factory):
    create_app(make_test_config(tmp_path_factory.mktemp("household")))  # every area registers
    conn = database.connect(str(tmp_path_factory.mktemp("schema") / "s.sqlite3"))
    migrations.migrate(conn)
    return {table: [row[1] for row in conn.execute(f"PRAGMA table_info({table})")]
            for (table,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}


def test_every_table_of_a_case_is_declared(schema):
    linked = {table for table, cols in schema.items() if set(cols) & set(LINKS)} - NOT_THE_HOUSEHOLDS
    declared = {table.name for table in household.tables()}
    assert linked - declared == set(), "declare these tables in their area's household_data.py"
    assert declared - set(schema) == set(), "declared tables that do not exist"


def test_every_column_is_personal_or_kept(schema):
    for table in household.tables():
        decided = table.personal | table.kept | table.json
        assert set(schema[table.name]) - decided == set(), f"{table.name}: decide for these columns"
        assert decided - set(schema[table.name]) == set(), f"{table.name}: no such columns"
        assert not (table.personal & table.kept) and not (table.json & table.kept), table.name
        assert set(table.files) <= table.personal, f"{table.name}: files are personal"
        assert set(table.labels) <= set(schema[table.name]), table.name


def test_names_addresses_and_free_text_are_personal(schema):
    personal = {(t.name, c) for t in household.tables() for c in t.personal | t.json}
    assert {("household_member", "name"), ("household_case", "street"), ("household_case", "address_key"),
            ("household_member", "name_key"), ("referral", "tenant_name"), ("note_revision", "payload"),
            ("budget_revision", "payload"), ("consent_record", "signature_png"), ("consent_record", "photo"),
            ("case_document_page", "picture")} <= personal


def test_scrubbing_json_keeps_its_shape_and_numbers():
    assert scrub_json('{"text": "Frau M.", "cents": 12000, "lines": [{"label": "Miete", "ok": true}]}') == \
        '{"text":"","cents":12000,"lines":[{"label":"","ok":true}]}'
    assert scrub_json(None) is None
    assert scrub_json("kein JSON") == ""


def test_the_export_schema_names_every_table_and_its_personal_columns(schema):
    from pathlib import Path

    doc = (Path(__file__).resolve().parents[2] / "docs" / "household-export.md").read_text(encoding="utf-8")
    assert len(household.tables()) > 30
    for table in household.tables():
        line = next((row for row in doc.splitlines() if row.startswith(f"| `{table.name}` |")), None)
        assert line, f"docs/household-export.md: add {table.name}"
        assert all(column in line for column in table.personal | table.json), table.name
