"""The domain core is plain Python: no Flask, no clock."""

from __future__ import annotations

import ast
import pathlib

DOMAIN = pathlib.Path(__file__).resolve().parents[2] / "outreach" / "domain"
CLOCK_CALLS = {"today", "now", "utcnow", "time", "monotonic"}


def modules():
    return sorted(DOMAIN.rglob("*.py"))


def test_domain_imports_no_web_framework():
    for path in modules():
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            for name in names:
                assert not name.split(".")[0].startswith(("flask", "werkzeug", "jinja2")), (path, name)


def test_domain_never_reads_the_clock():
    for path in modules():
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
                owner = node.func.value
                owner_name = owner.id if isinstance(owner, ast.Name) else getattr(owner, "attr", "")
                if owner_name in {"date", "datetime", "time"}:
                    assert node.func.attr not in CLOCK_CALLS, f"{path}:{node.lineno} reads the clock"
