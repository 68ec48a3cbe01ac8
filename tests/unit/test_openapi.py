"""docs/openapi.yaml describes exactly the JSON endpoints the app has, with the sync kinds and
refusal reasons the code uses."""

from __future__ import annotations

import pathlib
import re
import tempfile

import yaml

from outreach import create_app
from outreach.sync import kinds
from tests.conftest import make_test_config

ROOT = pathlib.Path(__file__).resolve().parents[2]
SPEC = yaml.safe_load((ROOT / "docs" / "openapi.yaml").read_text())
JSON_ENDPOINTS = re.compile(r"^/sync(/(token|device|discard|vault|caseload|caseload/parts))?$|^/signin/(options|verify)$|"
                            r"^/invite/<token>/(options|verify)$|^/account/reverify/|^/approvals/<note_id>/(options|verify)$")


def routes() -> set[tuple[str, str]]:
    app = create_app(make_test_config(pathlib.Path(tempfile.mkdtemp(prefix="outreach-openapi-"))))
    return {(re.sub(r"<(?:[^:>]+:)?([^>]+)>", r"{\1}", rule.rule), method.lower())
            for rule in app.url_map.iter_rules() for method in rule.methods - {"HEAD", "OPTIONS"}
            if JSON_ENDPOINTS.search(rule.rule)}


def test_the_description_is_openapi_3_1():
    assert SPEC["openapi"].startswith("3.1")


def test_every_described_operation_exists_and_every_json_endpoint_is_described():
    described = {(path, method) for path, item in SPEC["paths"].items() for method in item}
    assert described == routes()


def test_the_mutation_kinds_are_the_registered_ones():
    enum = SPEC["components"]["schemas"]["Mutation"]["properties"]["kind"]["enum"]
    assert sorted(enum) == sorted(kinds.KINDS)


def test_every_refusal_reason_in_the_code_is_described():
    described = set(SPEC["components"]["schemas"]["Result"]["properties"]["reason"]["enum"])
    found = set()
    for path in (ROOT / "outreach").rglob("*.py"):
        text = path.read_text()
        found |= set(re.findall(r'rejected\(mutation, "([a-z_]+)"', text))
        found |= set(re.findall(r'REJECTED, "reason": "([a-z_]+)"', text))
    assert found and found <= described, found - described
