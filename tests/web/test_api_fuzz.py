"""Schemathesis fuzzes the JSON endpoints of docs/openapi.yaml against the app, signed in as a
worker with a valid CSRF token, so generated requests reach the code behind the checks: never a
5xx, the status codes, content types and bodies the description promises. Bounded for CI by the
number of examples (OUTREACH_FUZZ_EXAMPLES raises it for a long run: docs/benchmarks.md)."""

from __future__ import annotations

import json
import os
import pathlib

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from outreach import create_app
from outreach.cases import store
from outreach.clock import berlin_today
from outreach.db import get_db
from tests.conftest import make_test_config
from tests.support.people import Browser, make_invitation, make_person
from tests.support.soft_authenticator import SoftAuthenticator

SPEC = pathlib.Path(__file__).resolve().parents[2] / "docs" / "openapi.yaml"
EXAMPLES = int(os.environ.get("OUTREACH_FUZZ_EXAMPLES", "25"))
schema = schemathesis.openapi.from_path(str(SPEC))
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    app = create_app(make_test_config(tmp_path_factory.mktemp("fuzz")))
    statuses: dict[int, int] = {}

    @app.after_request
    def count(response):  # the figures of a long run (docs/benchmarks.md)
        statuses[response.status_code] = statuses.get(response.status_code, 0) + 1
        return response

    worker = make_person(app, email="fuzz@example.org", name="Fuzz Worker", roles=("worker",))
    with app.app_context():
        store.create_case(get_db(), stage="arrears", source="self", street="Testweg 1", postcode="01968",
                          city="Senftenberg", report_received_on=berlin_today(), worker_id=worker.id, team_id=None,
                          by=worker.id, today=berlin_today(),
                          members=[{"name": "Test Person", "birth_year": 1980, "relation": "Mieter/in",
                                    "lease_party": True}])
    phone = Browser(app, SoftAuthenticator(), device_id="fuzz-device-000000000001")
    assert phone.register(make_invitation(app, worker.id)).status_code == 200
    phone.page()
    yield app, phone
    report = os.environ.get("OUTREACH_FUZZ_REPORT")
    if report:
        pathlib.Path(report).write_text(json.dumps({"requests": sum(statuses.values()),
                                                    "statuses": dict(sorted(statuses.items()))}))


@schema.parametrize()
@settings(max_examples=EXAMPLES, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                 HealthCheck.filter_too_much])
def test_no_input_gets_a_server_error_or_breaks_the_contract(case, world):
    app, phone = world
    cookie = phone.client.get_cookie("outreach_session").value
    case.call_and_validate(app=app, checks=CHECKS,
                           # identity: the WSGI transport does not unpack a compressed answer
                           headers={"X-CSRFToken": phone.token, "Accept": "application/json",
                                    "Accept-Encoding": "identity"},
                           cookies={"outreach_session": cookie})
