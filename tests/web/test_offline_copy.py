"""The offline copy in parts with versions: only what changed travels, several parts per request,
each part refused or incomplete by itself (docs/offline.md)."""

from __future__ import annotations

import json
from datetime import timedelta

import brotli
import pytest

from outreach.clock import berlin_today
from outreach.db import get_db
from outreach.sync import caseload, kinds, offline_set
from tests.support.notes import save_note, send
from tests.support.offline import offline_pages, pages_of, parts, plan
from tests.support.people import without_tokens
from tests.web.test_cases import open_case


@pytest.fixture
def cases(centre):
    mine = [open_case(centre, tenant_name=f"Mieterin {n}", street=f"Weg {n}") for n in range(3)]
    theirs = open_case(centre, tenant_name="Bernd Brandt", worker_id=centre.colleague.person.id)
    return mine, theirs


def test_versions_stay_until_something_on_the_case_changes_and_then_only_that_case(centre, cases):
    mine, _ = cases
    first = plan(centre.worker)["parts"]
    assert set(first) == {"lists", *mine}
    assert plan(centre.worker)["parts"] == first  # nothing changed: a refresh asks for nothing
    send(centre.worker, save_note(centre.worker.person.id, mine[1]))
    second = plan(centre.worker)["parts"]
    changed = {key for key in first if first[key] != second[key]}
    assert changed == {"lists", mine[1]}


def test_a_new_day_a_new_language_or_other_folds_change_every_part(centre, cases, monkeypatch):
    first = plan(centre.worker)["parts"]
    today = berlin_today()
    monkeypatch.setattr(offline_set, "berlin_today", lambda: today + timedelta(days=1))  # deadlines count from today
    tomorrow = plan(centre.worker)["parts"]
    assert all(first[key] != tomorrow[key] for key in first)
    monkeypatch.undo()
    assert plan(centre.worker)["parts"] == first
    centre.worker.client.set_cookie("outreach_lang", "en")
    english = plan(centre.worker)["parts"]
    assert all(first[key] != english[key] for key in first)
    centre.worker.client.delete_cookie("outreach_lang")
    centre.worker.client.set_cookie("outreach_folds", f"{centre.worker.person.id}.-budget")
    assert all(first[key] != value for key, value in plan(centre.worker)["parts"].items())


def test_shared_data_changes_every_case_part(app, centre, cases):
    first = plan(centre.worker)["parts"]
    with app.app_context():
        get_db().execute("UPDATE team SET name = 'Team Nord-Ost' WHERE id = ?", [centre.north])
    assert all(first[key] != value for key, value in plan(centre.worker)["parts"].items())


def test_parts_bring_every_page_of_a_case_and_record_which_device_received_it(app, centre, cases):
    mine, _ = cases
    with app.app_context():
        assert get_db().execute("SELECT count(*) FROM case_on_device").fetchone()[0] == 0
    answer = parts(centre.worker, [mine[0], "lists"])
    assert answer["refused"] == []
    by_key = {part["key"]: part for part in answer["parts"]}
    assert by_key[mine[0]]["version"] == plan(centre.worker)["parts"][mine[0]]
    urls = [page["url"] for page in by_key[mine[0]]["pages"]]
    assert urls[0] == f"/cases/{mine[0]}" and f"/cases/{mine[0]}/budget" in urls and f"/cases/{mine[0]}/visits/new" in urls
    assert all("<html" in page["html"] and "Mieterin 0" in page["html"] for page in by_key[mine[0]]["pages"][:1])
    assert [page["url"] for page in by_key["lists"]["pages"]] == ["/cases", "/deadlines", "/for-you", "/services"]  # the help network joins the lists
    with app.app_context():
        received = get_db().execute("SELECT case_id, device_id FROM case_on_device").fetchall()
    assert [tuple(r) for r in received] == [(mine[0], centre.worker.device_id)]


def test_each_page_is_the_page_the_person_gets_online(centre, cases):
    mine, _ = cases
    for url, html in offline_pages(centre.worker).items():
        online = centre.worker.client.get(url).get_data(as_text=True)
        assert without_tokens(html) == without_tokens(online), url


def test_a_case_not_in_the_set_is_refused_by_itself_and_audited(app, centre, cases):
    mine, theirs = cases
    answer = parts(centre.worker, [theirs, mine[0], "no-such-part"])
    assert [part["key"] for part in answer["parts"]] == [mine[0]]
    assert answer["refused"] == [{"key": theirs, "reason": "not_in_offline_set"},
                                 {"key": "no-such-part", "reason": "not_in_offline_set"}]
    assert theirs not in json.dumps(answer["parts"])
    with app.app_context():
        rows = get_db().execute("SELECT subject_type, subject_id FROM audit_log "
                                "WHERE action = 'caseload.part_refused'").fetchall()
    assert [tuple(r) for r in rows] == [("case", theirs)]


def test_a_page_that_cannot_be_rendered_leaves_its_part_without_version(app, centre, cases):
    mine, _ = cases
    kinds.register_offline_pages("zz-broken", lambda db, case: [f"/cases/{case['id']}/no-such-page"])
    try:
        answer = parts(centre.worker, [mine[0], mine[1]])
    finally:
        kinds._OFFLINE_PAGES.pop("zz-broken")
    assert [part["version"] for part in answer["parts"]] == [None, None]  # asked for again next time
    assert all(len(part["pages"]) >= 4 for part in answer["parts"])  # the other pages still came


@pytest.mark.parametrize("query", ["", "part=", "part=" + "x" * 65, "part=%F4%87%AB%B4", "part=a%00b", "part=../x",
                                   "&".join(f"part=k{n}" for n in range(caseload.PARTS_PER_REQUEST + 1))])
def test_malformed_part_requests_get_a_clear_message(centre, query):
    response = centre.worker.client.get(f"/sync/caseload/parts?{query}")
    assert response.status_code == 400 and response.json["error"] == "invalid_parts"
    assert "Teile" in response.json["message"]


def test_parts_are_refused_when_signed_out_and_to_partners_nothing_is_offered(app, centre, cases):
    mine, _ = cases
    response = app.test_client().get(f"/sync/caseload/parts?part={mine[0]}")
    assert response.status_code == 401 and response.json["error"] == "signed_out"
    answer = parts(centre.partner, [mine[0], "lists"])
    assert answer["parts"] == [] and len(answer["refused"]) == 2


def test_the_parts_travel_compressed_in_a_few_kilobytes_per_case(app, centre, cases):
    mine, _ = cases
    response = centre.worker.client.get("/sync/caseload/parts?" + "&".join(f"part={key}" for key in mine),
                                        headers={"Accept-Encoding": "br, gzip"})
    assert response.headers["Content-Encoding"] == "br"
    body = json.loads(brotli.decompress(response.data))
    pages = sum(len(part["pages"]) for part in body["parts"])
    assert pages >= 3 * 4  # page, budget, consent and visit forms
    # the forms every case shares cost almost nothing after the first case in a request
    assert len(response.data) / len(mine) < 10_000, len(response.data)


def test_each_role_gets_only_its_own_parts(centre, cases):
    mine, theirs = cases
    expected = {"worker": {"lists", *mine}, "colleague": {"lists", theirs}, "supervisor": {"lists"},
                "partner": set(), "admin": set()}
    for role, allowed in expected.items():
        browser = getattr(centre, role)
        answer = parts(browser, ["lists", mine[0], theirs])
        assert {part["key"] for part in answer["parts"]} == allowed & {"lists", mine[0], theirs}, role
        assert {r["key"] for r in answer["refused"]} == {"lists", mine[0], theirs} - allowed, role


def test_what_every_case_shares_is_sent_once_per_device_and_each_case_as_its_own_lines(centre, cases):
    """The frames of the forms travel in the first answer; later answers, which name the frames the
    phone holds, bring only each case's differences, and every page rebuilds to the page online."""
    mine, _ = cases
    more = [open_case(centre, tenant_name=f"Mieter {n}", street=f"Gasse {n}") for n in range(4)]
    first = parts(centre.worker, mine)
    kinds = {page["url"].replace(mine[0], "{}") for page in first["parts"][0]["pages"]}
    assert len(first["frames"]) == len(kinds)  # one frame for each kind of page (case page, budget, consent, visit)
    frames = dict(first["frames"])
    assert all("frame" in page and "html" not in page for part in first["parts"] for page in part["pages"])
    later = parts(centre.worker, more, have=list(frames))
    assert later["frames"] == {}
    shared = sum(len("".join(lines)) for lines in frames.values())
    own = sum(len(json.dumps(page["ops"])) for part in later["parts"] for page in part["pages"])
    assert own / len(more) < shared / 5  # a case's own lines weigh less than a fifth of what it shares
    rebuilt = pages_of(later, frames)
    for url, html in rebuilt.items():
        assert without_tokens(html) == without_tokens(centre.worker.client.get(url).get_data(as_text=True)), url
    assert not any("Mieterin" in line or "Mieter " in line for lines in frames.values() for line in lines)


def test_frames_are_kept_per_person_and_an_unknown_or_malformed_one_is_handled(centre, cases):
    mine, _ = cases
    frames = parts(centre.worker, mine)["frames"]
    theirs = [open_case(centre, tenant_name=f"Kollegin {n}", worker_id=centre.colleague.person.id) for n in range(2)]
    other = parts(centre.colleague, theirs, have=list(frames))  # another person's frame ids mean nothing here
    assert other["frames"] and not set(other["frames"]) & set(frames)
    forgotten = parts(centre.worker, mine, have=["0123456789abcdef"])  # one the server does not know: sent anew
    assert forgotten["frames"]
    for bad in (["xyz"], ["0123456789ABCDEF"], [f"{n:016x}" for n in range(65)]):
        query = "&".join([f"part={mine[0]}", *[f"have={h}" for h in bad]])
        response = centre.worker.client.get(f"/sync/caseload/parts?{query}")
        assert response.status_code == 400 and response.json["error"] == "invalid_parts"
