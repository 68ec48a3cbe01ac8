"""Hypothesis fuzzes every route of the URL map — any new route without extra work — with the
form fields and query parameters the templates and views use, filled with odd values: other
scripts' digits, impossible dates, huge numbers, control characters, RTL overrides, invalid
UTF-8 and oversized text. Each role posts with its valid CSRF token, so requests reach the views.
Never a 500, and every 4xx page speaks the person's language (German by default)."""

from __future__ import annotations

import json
import os
import pathlib
import re
import tempfile
from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from outreach import create_app
from outreach.auth.people import create_organisation, create_team
from outreach.db import get_db
from tests.conftest import make_test_config
from tests.support.people import make_person, signed_in

ROOT = pathlib.Path(__file__).resolve().parents[2]
EXAMPLES = int(os.environ.get("OUTREACH_FUZZ_EXAMPLES", "8"))
# Routes fuzzed elsewhere (JSON: tests/web/test_api_fuzz.py) or that end the fuzzing person's session.
SKIP = {"static", "auth.sign_out", "sync.sync", "sync.discard", "auth.demo_sign_in_as"}
SKIP_PREFIX = ("/signin/", "/invite/<token>/", "/account/reverify/", "/approvals/<note_id>/options",
               "/approvals/<note_id>/verify")


def form_fields() -> list[str]:
    """Every form field name in the templates."""
    names = set()
    for path in (ROOT / "outreach" / "templates").rglob("*.html"):
        names |= set(re.findall(r'name="([a-z_]+)"', path.read_text()))
    return sorted(names - {"csrf_token"})


def query_parameters() -> list[str]:
    """Every query parameter the views read."""
    names = set()
    for path in (ROOT / "outreach").rglob("*.py"):
        names |= set(re.findall(r'request\.args\.get\("([a-z_]+)"', path.read_text()))
    return sorted(names | {"page", "action", "person", "from", "to"})  # the audit filter reads request.args whole


ODD_VALUES = [
    "²", "٣", "１２", "Ⅻ", "9" * 40, "-1", "1e309", "0x10", "NaN", "2026-02-30", "31.02.2026", "9999-12-31",
    "0000-00-00", "00.00.0000", "1.000.000.000,00", "-0,01", "\x00", "a\x00b", "\x1b[31m", "\u202eevil", "\ufeff",
    "' OR 1=1 --", "<script>x</script>", "../../etc/passwd", "", " ", "x" * 70_000, "\r\nSet-Cookie: a=b",
]
ODD = st.sampled_from(ODD_VALUES)
VALUE = st.one_of(ODD, ODD, st.text(max_size=40), st.integers().map(str))
FIELDS = {"POST": st.dictionaries(st.sampled_from(form_fields()), VALUE, max_size=12),
          "GET": st.dictionaries(st.sampled_from(query_parameters()), VALUE, max_size=5)}


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    app = create_app(make_test_config(tmp_path_factory.mktemp("forms")))
    statuses: dict[int, int] = {}

    @app.after_request
    def count(response):  # the figures of a long run (docs/benchmarks.md)
        statuses[response.status_code] = statuses.get(response.status_code, 0) + 1
        return response

    with app.app_context():
        db = get_db()
        team = create_team(db, "Team Fuzz")
        housing = create_organisation(db, "Wohnbau Fuzz", "housing_company", "DSGVO")
    people = {
        "worker": signed_in(app, "w@example.org", "Wera", ("worker",), team_id=team),
        "supervisor": signed_in(app, "s@example.org", "Sina", ("supervisor",), team_id=team),
        "admin": signed_in(app, "a@example.org", "Adam", ("admin",)),
        "partner": signed_in(app, "p@example.org", "Paula", ("partner",), organisation_id=housing),
    }
    spare = make_person(app, email="spare@example.org", name="Spare", roles=("worker",), team_id=team)
    people["supervisor"].page("/cases/new")
    response = people["supervisor"].client.post("/cases/new", data={
        "csrf_token": people["supervisor"].token, "tenant_name": "Anna Fuzz", "street": "Weg 1", "postcode": "01968",
        "city": "Senftenberg", "stage": "eviction_suit", "source": "court_notice",
        "report_received_on": "2026-12-01", "worker_id": people["worker"].person.id})
    case_id = response.headers["Location"].rsplit("/", 1)[1]
    ids = {"case_id": case_id, "person_id": spare.id, "note_id": "no-such-note-0001",
           "referral_id": "no-such-referral", "version_id": "no-such-version", "consent_id": "no-such-consent",
           "credential_id": "no-such-credential", "device_id": "no-such-device-00001", "seq": "1",
           "token": "no-such-token", "filename": "x"}
    yield app, people, ids, crawl(app, people, ids)
    report = os.environ.get("OUTREACH_FUZZ_REPORT")
    if report:
        pathlib.Path(report).write_text(json.dumps({"requests": sum(statuses.values()),
                                                    "statuses": dict(sorted(statuses.items()))}))


FORM = re.compile(r"<form\b([^>]*)>(.*?)</form>", re.S)


def crawl(app, people, ids) -> dict:
    """What each role really meets: the GET routes that open for them, and the forms on those pages
    (by action: their field names and who saw them). New routes and forms are found the same way."""
    seen = {"GET": {}, "POST": {}}
    for rule, method in ROUTES:
        if method != "GET" or "<" in rule and not all(n.split(":")[-1] in ids for n in re.findall(r"<([^>]+)>", rule)):
            continue
        url = fill(rule, ids, None)
        for who, browser in people.items():
            response = browser.client.get(url)
            if response.status_code != 200 or response.mimetype != "text/html":
                continue
            seen["GET"].setdefault(rule, set()).add(who)
            for attributes, body in FORM.findall(response.get_data(as_text=True)):
                action = re.search(r'action="([^"]*)"', attributes)
                entry = seen["POST"].setdefault(action.group(1) if action else url, {"fields": set(), "who": set()})
                entry["fields"] |= set(re.findall(r'name="([a-z_]+)"', body)) - {"csrf_token"}
                entry["who"].add(who)
    return seen


def routes(app_for_listing):
    rows = []
    for rule in app_for_listing.url_map.iter_rules():
        if rule.endpoint in SKIP or rule.rule.startswith(SKIP_PREFIX):
            continue
        for method in sorted(rule.methods & {"GET", "POST"}):
            rows.append((rule.rule, method))
    return sorted(rows)


ROUTES = routes(create_app(make_test_config(pathlib.Path(tempfile.mkdtemp(prefix="outreach-routes-")))))


def fill(rule: str, ids: dict, odd_id: str | None) -> str:
    def one(match):
        name = match.group(1).split(":")[-1]
        return quote(odd_id, safe="") if odd_id is not None else ids.get(name, "x")
    return re.sub(r"<([^>]+)>", one, rule)


@pytest.mark.parametrize("rule, method", ROUTES, ids=[f"{m} {r}" for r, m in ROUTES])
def test_odd_input_never_gets_a_500_and_refusals_speak_german(world, rule, method):
    app, people, ids, seen = world
    url = fill(rule, ids, None)
    if method == "GET":
        names, roles = query_parameters(), sorted(seen["GET"].get(rule, set())) or list(people)
    else:
        form = seen["POST"].get(url, {"fields": set(form_fields()), "who": set(people)})
        names, roles = sorted(form["fields"]) or form_fields(), sorted(form["who"])
    fields = st.fixed_dictionaries({}, optional={name: VALUE for name in names})

    def send(who, fields, odd_id=None, raw=False):
        browser = people.get(who)
        client = browser.client if browser else app.test_client()
        target = fill(rule, ids, odd_id)
        if method == "GET":
            response = client.get(target, query_string={k: v for k, v in fields.items() if "\x00" not in v})
        elif raw:  # invalid UTF-8 and a token, as bytes the way a broken client sends them
            body = b"csrf_token=" + (browser.token if browser else "").encode() + b"&" + b"&".join(
                k.encode() + b"=%ff%fe" + quote(v).encode() for k, v in fields.items())
            response = client.post(target, data=body, content_type="application/x-www-form-urlencoded")
        else:
            response = client.post(target, data={**fields, "csrf_token": browser.token if browser else ""})
        assert response.status_code < 500, (method, target, who, fields, response.get_data(as_text=True)[:300])
        if 400 <= response.status_code < 500 and response.mimetype == "text/html":
            assert '<html lang="de">' in response.get_data(as_text=True), (method, target, response.status_code)

    # A sweep first: each odd value in every field at once, by each role that meets the route.
    for value in ODD_VALUES:
        for who in roles:
            send(who, {name: value for name in names})
        send(roles[0], {}, odd_id=value)

    # Then Hypothesis mixes them, with other text, numbers and invalid UTF-8.
    @settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
              suppress_health_check=list(HealthCheck))
    @given(who=st.sampled_from([*roles, "anonymous"]), fields=fields, odd_id=st.one_of(st.none(), st.none(), ODD),
           raw=st.booleans())
    def probe(who, fields, odd_id, raw):
        send(who, fields, odd_id, raw)

    probe()
