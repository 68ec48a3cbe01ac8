"""The README stays true: settings, commands and the quick-start commands CI runs."""

from __future__ import annotations

import pathlib
import re

from outreach.cli import main
from outreach.config import PUBLIC_SETTINGS

ROOT = pathlib.Path(__file__).resolve().parents[2]
README = (ROOT / "README.md").read_text()


def test_every_setting_is_documented():
    for name in PUBLIC_SETTINGS:
        assert f"| `{name}` |" in README, name


def test_every_command_is_documented():
    for name in main.commands:
        assert f"`outreach {name}" in README, name


def test_quick_start_has_exactly_two_commands_and_ci_runs_the_test_one():
    quick = README.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    commands = [line.strip() for line in quick.splitlines() if line.startswith("    ")]
    assert len(commands) == 2
    demo, tests = commands
    assert demo.endswith("outreach demo")
    assert tests in (ROOT / ".ci" / "run").read_text()


def test_every_python_dependency_has_a_reason():
    pyproject = (ROOT / "pyproject.toml").read_text()
    block = pyproject.split("dependencies = [", 1)[1].split("]", 1)[0]
    names = re.findall(r'"([A-Za-z0-9_.-]+)', block)
    table = README.split("## Dependencies and why", 1)[1].lower()
    for name in names:
        assert name.lower() in table, name


def test_the_layout_names_every_sub_package():
    layout = README.split("## Layout", 1)[1].split("\n## ", 1)[0]
    packages = sorted(p.parent.name for p in (ROOT / "outreach").glob("*/__init__.py"))
    assert packages, "the package has sub-packages"
    for name in packages:
        assert f"outreach/{name}/" in layout, name


def test_no_paragraph_of_the_readme_is_repeated():
    paragraphs = [p.strip() for p in README.split("\n\n") if len(p.strip()) > 80]
    assert len(paragraphs) == len(set(paragraphs))
    assert README.count("a tiny promise wrapper over IndexedDB") == 1


def test_the_architecture_page_names_every_area_and_registry():
    page = (ROOT / "docs" / "architecture.md").read_text()
    for name in ("admin", "approvals", "budgets", "consent", "shell", "sync", "visits", "cases"):
        assert f"`{name}`" in page, name
    for registry in ("cases/sections.py", "sync/kinds.py", "visits/note_facts.py"):
        assert registry in page and (ROOT / "outreach" / registry).exists(), registry
