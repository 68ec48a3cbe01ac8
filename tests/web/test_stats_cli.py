"""`outreach stats`: the statistics from the command line, read-only, also on the demo database."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
from datetime import date

import pytest
from click.testing import CliRunner

from outreach.cli import create_demo_database, main


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory):
    path = str(tmp_path_factory.mktemp("stats") / "demo.sqlite3")
    create_demo_database(path)
    return path


def run(*args):
    result = CliRunner().invoke(main, ["stats", *args], catch_exceptions=False)
    return result


def period():
    today = date.today()
    return ["--from", f"{today.year - 1}-01-01", "--to", today.isoformat()]


def test_json_to_standard_output_on_the_demo_and_nothing_written(demo_db):
    before = os.path.getmtime(demo_db)
    result = run("--db", demo_db, *period())
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout_bytes)
    assert set(data) == {"period", "team", "suppression", "figures"}
    assert data["figures"]["new_cases"] not in (0, None)
    assert "outcomes" in data["figures"] and "tenancies_standing" in data["figures"]
    assert os.path.getmtime(demo_db) == before  # it only reads


@pytest.mark.parametrize("extension", ["csv", "xlsx", "pdf"])
def test_files_in_every_format(demo_db, tmp_path, extension):
    target = tmp_path / f"out.{extension}"
    result = run("--db", demo_db, *period(), "--format", extension, "--output", str(target))
    assert result.exit_code == 0, result.output
    body = target.read_bytes()
    if extension == "csv":
        rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig")), delimiter=";"))
        assert rows[0][0] == "Kennzahl" and any(r and r[0] == "closed_cases" for r in rows)
    elif extension == "xlsx":
        import openpyxl

        assert openpyxl.load_workbook(io.BytesIO(body)).active["A1"].value == "Kennzahl"
    else:
        text = subprocess.run(["pdftotext", "-", "-"], input=body, capture_output=True, check=True).stdout.decode()
        assert "Sachbericht" in text


def test_bad_arguments_are_refused_with_a_message(demo_db, tmp_path):
    result = run("--db", demo_db, "--from", "2026-12-31", "--to", "2026-01-01")
    assert result.exit_code == 2 and "--to must not lie before --from" in result.output
    result = run("--db", demo_db, *period(), "--team", "nope")
    assert result.exit_code == 2 and "No team with the id nope" in result.output
    result = run("--db", demo_db, "--from", "31.12.2026", "--to", "2026-12-31")
    assert result.exit_code == 2
    result = run("--db", str(tmp_path / "missing.sqlite3"), *period())
    assert result.exit_code == 2 and "No database" in result.output
