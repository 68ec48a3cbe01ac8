"""The tenant's rights and the case files' retention (issue 23), on the demo as a centre meets it:
an anonymised case leaves no personal value in any column of any table, in the database file, its
WAL or the files beside it; the statistics are the same before and after the retention run; the
export holds everything about one household and nothing about another; a legal hold stops both
retention and erasure."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from outreach import household
from outreach.db import get_db
from outreach.privacy.anonymise import anonymise, truncate_wal
from tests.quality import site as demo

MIN_TEXT = 6


@pytest.fixture
def site(tmp_path):
    running = demo.start(tmp_path)
    yield running
    running.close()


def _leaves(value) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [leaf for item in value for leaf in _leaves(item)]
    if isinstance(value, dict):
        return [leaf for item in value.values() for leaf in _leaves(item)]
    return []


def personal_values(db, case_id: str) -> tuple[set[str], set[bytes]]:
    """Every personal text (whole values and JSON leaves) and blob the areas declared for one case."""
    texts, blobs = set(), set()
    for table in household.tables():
        wanted = sorted(table.personal | table.json)
        if not wanted:
            continue
        for row in get_db().query(f"SELECT {', '.join(wanted)} FROM {table.name} t WHERE {table.rows}",
                                  {"case": case_id}):
            for column, value in row.items():
                if isinstance(value, bytes) and len(value) >= 32:
                    blobs.add(value)
                elif isinstance(value, str) and column in table.json:
                    try:
                        texts.update(leaf for leaf in _leaves(json.loads(value)) if len(leaf) >= MIN_TEXT)
                    except ValueError:
                        texts.add(value)
                elif isinstance(value, str) and len(value) >= MIN_TEXT:
                    texts.add(value)
    return texts, blobs


SHARED = ("organisation", "service", "consent_template", "consent_version", "person", "team", "benefit_name",
          "reference_value", "document_checklist")


def everything_else(db, case_id: str) -> tuple[set[str], set[bytes]]:
    """What is not this household's own: other households' values (cases, and referrals that never
    became one), the ids, codes and dates of the kept columns, and the shared directories."""
    texts, blobs = set(), set()
    for (other,) in db.execute("SELECT id FROM household_case WHERE id != ?", [case_id]).fetchall():
        found = personal_values(db, other)
        texts |= found[0]
        blobs |= found[1]
    referral = household.table("referral")
    for row in db.query(f"SELECT {', '.join(sorted(referral.personal))} FROM referral WHERE case_id IS NULL"):
        texts |= {v for v in row.values() if isinstance(v, str)}
    for table in household.tables():
        for row in db.execute(f"SELECT {', '.join(sorted(table.kept))} FROM {table.name}").fetchall():
            texts |= {v for v in row if isinstance(v, str)}
    for table in SHARED:
        for row in db.execute(f"SELECT * FROM {table}").fetchall():
            texts |= {v for v in row if isinstance(v, str)}
    return texts, blobs


def where_found(db, texts: set[str], blobs: set[bytes]) -> list[str]:
    """Each table column holding one of the values (as a whole or inside), by name."""
    found = []
    for (table,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall():
        for row in db.execute(f"SELECT * FROM {table}").fetchall():
            for value in row:
                if isinstance(value, str) and any(text in value for text in texts):
                    found.append(f"{table}: {next(t for t in texts if t in value)!r}")
                elif isinstance(value, bytes) and any(blob[8:40] in value for blob in blobs):
                    found.append(f"{table}: a blob")
    return found


def in_files(folder: Path, texts: set[str], blobs: set[bytes]) -> list[str]:
    needles = [text.encode() for text in texts] + [blob[8:40] for blob in blobs]
    found = []
    for path in folder.rglob("*"):
        if path.is_file():
            content = path.read_bytes()
            found += [f"{path.name}: {needle[:30]!r}" for needle in needles if needle in content]
    return found


def test_an_anonymised_case_leaves_no_personal_value_anywhere(site, tmp_path):
    case_id = site.ids["case"]  # notes (one approved), a signed consent, a budget, documents …
    with site.app.app_context():
        db = get_db()
        texts, blobs = personal_values(db, case_id)
        other_texts, other_blobs = everything_else(db, case_id)
        texts = {t for t in texts - other_texts if not any(t in o for o in other_texts if len(o) < 80)}
        blobs = blobs - other_blobs
        member = db.execute("SELECT name FROM household_member WHERE case_id = ? ORDER BY position", [case_id]).fetchone()[0]
        street = db.execute("SELECT street FROM household_case WHERE id = ?", [case_id]).fetchone()[0]
        assert {member, street, "Ratenzahlung mit der Wohnungsgesellschaft besprochen."} <= texts
        # the consent signed in this test's set-up: its picture and strokes are this household's alone
        # (the demo's own signatures are alike in every household and so are not counted)
        assert len(blobs) >= 2
        assert where_found(db, texts, blobs), "the values are found before"
        counts = anonymise(db, case_id, kind="request", reason="Antrag der Mieterin", by=site.person_ids["admin"])
        assert {"household_member", "note_revision", "consent_record"} <= set(counts)
    assert truncate_wal(site.app.config["DATABASE_PATH"])
    with site.app.app_context():
        db = get_db()
        leaks = where_found(db, texts, blobs)
        assert leaks == []
        assert db.execute("SELECT anonymised_at FROM household_case WHERE id = ?", [case_id]).fetchone()[0]
    # the file itself, its WAL and whatever lies beside it (mails of the demo, …)
    assert in_files(Path(site.app.config["DATABASE_PATH"]).parent, texts, blobs) == []
