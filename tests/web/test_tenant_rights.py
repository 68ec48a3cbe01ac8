"""The tenant's rights and the case files' retention (issue 23), on the demo as a centre meets it:
an anonymised case leaves no personal value in any column of any table, in the database file, its
WAL or the files beside it; the statistics are the same before and after the retention run; the
export holds everything about one household and nothing about another; a legal hold stops both
retention and erasure."""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from datetime import date, timedelta
from pathlib import Path

import pytest

from outreach import audit, clock, household
from outreach.db import get_db
from outreach.privacy import commands
from outreach.privacy.anonymise import anonymise, truncate_wal
from outreach.reports import figures
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
    return texts | nobodys_values(db), blobs


def nobodys_values(db) -> set[str]:
    """Referrals that never became a case, the ids, codes and dates of kept columns, the directories."""
    texts = set()
    referral = household.table("referral")
    for row in db.query(f"SELECT {', '.join(sorted(referral.personal))} FROM referral WHERE case_id IS NULL"):
        texts |= {v for v in row.values() if isinstance(v, str)}
    for table in household.tables():
        for row in db.execute(f"SELECT {', '.join(sorted(table.kept))} FROM {table.name}").fetchall():
            texts |= {v for v in row if isinstance(v, str)}
    return texts | shared_values(db)


def shared_values(db) -> set[str]:
    return {v for table in SHARED for row in db.execute(f"SELECT * FROM {table}").fetchall() for v in row
            if isinstance(v, str)}


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


def figures_of(db, teams) -> list[dict]:
    start, end = date(2000, 1, 1), date(2100, 12, 31)
    return [figures.compute(db, start, end, team).values for team in (None, *teams)]


def test_the_retention_run_leaves_the_statistics_exactly_as_they_were(site, monkeypatch):
    later = clock.now() + timedelta(days=5 * 366)  # every case the demo closed is past three years
    with site.app.app_context():
        db = get_db()
        teams = [row[0] for row in db.execute("SELECT id FROM team ORDER BY id")]
        before = figures_of(db, teams)
        # five years on, the demo's legal hold (half a year) has ended too: every closed file is due
        closed_ids = [row[0] for row in db.execute("SELECT id FROM household_case WHERE status = 'closed' AND "
                                                   "anonymised_at IS NULL")]
        closed = len(closed_ids)
        texts, blobs = set(), set()
        for case_id in closed_ids:
            found = personal_values(db, case_id)
            texts, blobs = texts | found[0], blobs | found[1]
        elsewhere, elsewhere_blobs = set(), set()  # the open cases', referrals without a case, codes, directories
        for (case_id,) in db.execute("SELECT id FROM household_case WHERE status = 'open'").fetchall():
            found = personal_values(db, case_id)
            elsewhere, elsewhere_blobs = elsewhere | found[0], elsewhere_blobs | found[1]
        blobs -= elsewhere_blobs  # (the demo's signature pictures are alike in every household)
        elsewhere |= nobodys_values(db)
        texts = {t for t in texts - elsewhere if not any(t in o for o in elsewhere if len(o) < 80)}
        names = [row[0] for row in db.execute(f"SELECT name FROM household_member WHERE case_id IN "
                                              f"({','.join('?' * len(closed_ids))})", closed_ids)]
    assert closed >= 5 and before[0]["closed_cases"] >= 5 and before[0]["repeat_cases_24_months"] >= 1
    assert len(set(names) & texts) >= 5  # the closed files' tenants are among what is looked for
    monkeypatch.setattr(clock, "now", lambda: later)
    with site.app.test_request_context():
        listed = commands.retention(site.app, apply=False)
        assert f"Case files due (closed before {later.year - 3}-01-01): {closed}" in listed[0]
        anonymised = "SELECT count(*) FROM household_case WHERE anonymised_at IS NOT NULL"
        assert get_db().execute(anonymised).fetchone()[0] == 1  # the demo's erasure on request, nothing more
        done = commands.retention(site.app, apply=True)
        db = get_db()
        assert db.execute(anonymised).fetchone()[0] == closed + 1
        assert figures_of(db, teams) == before
        run = json.loads(db.execute("SELECT details FROM audit_log WHERE action = 'retention.case_files'").fetchone()[0])
        assert run["cases"] == closed and run["rows"] > closed  # counts, never names
        assert commands.retention(site.app, apply=False)[0].endswith(": 0")  # nothing due twice
        assert where_found(db, texts, blobs) == []
    assert any(line.startswith(f"Anonymised: {closed} case files") for line in done)
    assert in_files(Path(site.app.config["DATABASE_PATH"]).parent, texts, blobs) == []


def every_value_of(db, case_id: str) -> set[str]:
    found = set()
    for table in household.tables():
        for row in db.execute(f"SELECT t.* FROM {table.name} t WHERE {table.rows}", {"case": case_id}).fetchall():
            found |= {value for value in row if isinstance(value, str)}
    return found


def _case_values(db, case_id: str) -> set[str]:
    texts, _blobs = personal_values(db, case_id)
    return {text for text in texts if len(text) >= 8}


def test_the_export_holds_everything_about_one_household_and_nothing_about_another(site):
    case_id = site.ids["case"]
    with site.app.app_context():
        db = get_db()
        other = db.execute("""SELECT id FROM household_case WHERE id != ? AND status = 'open'
                              AND EXISTS (SELECT 1 FROM visit_note WHERE case_id = household_case.id)
                              ORDER BY number LIMIT 1""", [case_id]).fetchone()[0]
        own, theirs = _case_values(db, case_id), _case_values(db, other)
        theirs -= shared_values(db)  # the directories (organisations, services …) are nobody's
        theirs -= own | every_value_of(db, case_id)  # e.g. the same landlord: the household's own data too
        number = db.execute("SELECT number FROM household_case WHERE id = ?", [case_id]).fetchone()[0]
    response = site.client("supervisor").get(f"/cases/{case_id}/privacy/export.zip")
    assert response.status_code == 200 and response.mimetype == "application/zip"
    assert f"auskunft-{number}.zip" in response.headers["Content-Disposition"]
    archive = zipfile.ZipFile(io.BytesIO(response.data))
    names = set(archive.namelist())
    assert {"household.json", "household.pdf"} <= names
    data = json.loads(archive.read("household.json"))
    assert data["schema"] == "outreach-household-export/1" and data["case_number"] == number
    text = archive.read("household.json").decode()
    assert own and all(json.dumps(value, ensure_ascii=False)[1:-1] in text for value in own)
    assert theirs and [value for value in theirs if value in text] == []
    tables = {part["table"]: part["rows"] for part in data["parts"]}
    assert tables["consent_record"] and tables["disclosure"] is not None and tables["note_revision"]
    for entry in data["files"]:  # every file named is in the archive, as named
        assert hashlib.sha256(archive.read(entry["path"])).hexdigest() == entry["sha256"]
    assert any(path.endswith("signature_png.png") for path in names)
    ids = {row["id"] for rows in tables.values() for row in rows if isinstance(row.get("id"), str)}
    assert data["audit"] and {line["subject_id"] for line in data["audit"]} <= ids  # the household's lines only
    assert any(line["action"].startswith("consent.") for line in data["audit"])
    pdf = archive.read("household.pdf")
    assert pdf.startswith(b"%PDF")
    with site.app.app_context():
        line = get_db().execute("SELECT details FROM audit_log WHERE action = 'household.exported'").fetchone()
    assert line and "Ratenzahlung" not in line[0]


def test_the_evidence_checks_still_pass_after_an_anonymisation(site):
    from outreach import evidence
    from outreach.approvals.store import check_all as check_approvals
    from outreach.consent.records import check_all as check_consents

    with site.app.app_context():
        db = get_db()
        keys = evidence.keys_by_id()
        consents = len(check_consents(db, keys))
        anonymise(db, site.ids["case"], kind="request", reason="Antrag", by=None)
        assert [r for r in check_consents(db, keys) if r["problems"]] == []
        assert len(check_consents(db, keys)) < consents  # the anonymised file's are not checked
        assert [r for r in check_approvals(db, keys, site.url) if r["problems"]] == []
        assert audit.verify(db, keys) == []
