"""Vendored browser files are pinned: version and checksum in VENDORED.md match the files."""

from __future__ import annotations

import hashlib
import pathlib

VENDOR = pathlib.Path(__file__).resolve().parents[2] / "outreach" / "static" / "vendor"


def pinned() -> dict[str, dict]:
    rows = {}
    for line in (VENDOR / "VENDORED.md").read_text().splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) == 6 and cells[0].endswith(".js"):
            rows[cells[0]] = {"package": cells[1], "version": cells[2], "sha256": cells[5]}
    return rows


def test_every_vendored_file_is_pinned_with_its_checksum():
    files = {p.name for p in VENDOR.iterdir() if p.suffix == ".js"}
    table = pinned()
    assert files and files == set(table)
    for name, row in table.items():
        assert hashlib.sha256((VENDOR / name).read_bytes()).hexdigest() == row["sha256"], name
        assert row["version"] in name


def test_htmx_is_a_2_0_release():
    assert pinned()["htmx-2.0.11.min.js"]["version"].startswith("2.0.")
