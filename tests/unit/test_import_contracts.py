"""The import contracts of docs/architecture.md hold, and each one catches what it forbids: a
deliberately added import in a temporary copy of the package breaks exactly that contract."""

from __future__ import annotations

import os
import pathlib
import shutil
import subprocess
import sys

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
LINT = pathlib.Path(sys.executable).with_name("lint-imports")


def lint(tree: pathlib.Path) -> subprocess.CompletedProcess:
    # PYTHONPATH first, so the copy is analysed and not the installed package.
    env = {**os.environ, "PYTHONPATH": str(tree)}
    return subprocess.run([str(LINT), "--config", str(tree / "pyproject.toml"), "--no-cache"], cwd=tree, env=env,
                          capture_output=True, text=True, timeout=120)


@pytest.fixture(scope="module")
def pristine(tmp_path_factory) -> pathlib.Path:
    tree = tmp_path_factory.mktemp("tree")
    shutil.copytree(ROOT / "outreach", tree / "outreach", ignore=shutil.ignore_patterns("__pycache__", "static",
                                                                                       "templates", "translations"))
    shutil.copy(ROOT / "pyproject.toml", tree / "pyproject.toml")
    return tree


def broken(tree: pathlib.Path, module: str, line: str) -> str:
    copy = tree.parent / f"{tree.name}-changed"
    shutil.rmtree(copy, ignore_errors=True)
    shutil.copytree(tree, copy)
    path = copy / (module.replace(".", "/") + ".py")
    path.write_text(path.read_text() + f"\n{line}  # noqa\n")
    result = lint(copy)
    assert result.returncode != 0, result.stdout
    return result.stdout


def test_the_package_keeps_every_contract():
    result = subprocess.run([str(LINT), "--no-cache"], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def test_the_copy_keeps_them_too(pristine):
    result = lint(pristine)
    assert result.returncode == 0, result.stdout


def test_the_domain_may_not_import_flask(pristine):
    out = broken(pristine, "outreach.domain.money", "import flask")
    assert "The domain core imports no web framework" in out and "BROKEN" in out


def test_the_domain_may_not_import_the_database_layer(pristine):
    out = broken(pristine, "outreach.domain.money", "from .. import db")
    assert "outreach.domain is not allowed to import outreach.db" in out


def test_one_area_may_not_import_another(pristine):
    out = broken(pristine, "outreach.budgets.views", "from ..consent import records")
    assert "outreach.budgets is not allowed to import outreach.consent" in out


def test_the_case_file_may_not_import_an_area(pristine):
    out = broken(pristine, "outreach.cases.store", "from ..budgets import store as budget_store")
    assert "outreach.cases is not allowed to import outreach.budgets" in out


def test_sign_in_may_not_import_the_case_file(pristine):
    out = broken(pristine, "outreach.auth.people", "from ..cases import store as case_store")
    assert "outreach.auth is not allowed to import outreach.cases" in out


def test_a_cycle_between_sibling_modules_is_found(pristine):
    out = broken(pristine, "outreach.domain.money", "from . import debts")
    assert "No cycles are allowed in outreach.domain" in out and ".money -> .debts" in out


def test_every_declared_exception_carries_a_reason():
    lines = (ROOT / "pyproject.toml").read_text().splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("ignore_imports"))
    end = next(i for i in range(start, len(lines)) if lines[i].strip() == "]")
    reason = False  # a comment gives the reason for the exceptions right below it
    for line in lines[start + 1:end]:
        if line.strip().startswith("#"):
            reason = True
        elif "->" in line:
            assert reason, f"no reason above {line.strip()}"
        else:
            reason = False
