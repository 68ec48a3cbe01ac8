"""The audit log page: newest first, 50 a page, filters; and verifying the HMAC chain."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest

from outreach import audit, clock
from outreach.db import get_db
from tests.web.test_admin_access import audit_events, submit


def shown_seqs(html: str) -> list[int]:
    return [int(seq) for seq in re.findall(r'data-seq="(\d+)"', html)]


def log_at(app, monkeypatch, moment: datetime, action: str, actor_id=None, subject=None) -> int:
    monkeypatch.setattr(clock, "now", lambda: moment)
    with app.app_context():
        seq = audit.append(get_db(), action, actor_id=actor_id, subject=subject)
    monkeypatch.undo()
    return seq


def link(html: str, rel: str) -> str | None:
    found = re.search(rf'rel="{rel}" href="([^"]+)"', html)
    return found[1].replace("&amp;", "&") if found else None


def test_newest_first_fifty_a_page_by_keyset_with_filters_kept_across_pages(app, admin):
    with app.app_context():
        made = [audit.append(get_db(), "case.viewed", actor_id=admin.person.id) for _ in range(120)]
    newest = sorted(made, reverse=True)
    first = admin.client.get("/admin/audit?action=case.").get_data(as_text=True)
    assert shown_seqs(first) == newest[:50] and link(first, "prev") is None
    assert link(first, "next") == f"/admin/audit?action=case.&before={newest[49]}"
    second = admin.client.get(link(first, "next")).get_data(as_text=True)
    third = admin.client.get(link(second, "next")).get_data(as_text=True)
    assert shown_seqs(second) == newest[50:100] and shown_seqs(third) == newest[100:]
    assert link(third, "next") is None
    back = admin.client.get(link(third, "prev")).get_data(as_text=True)  # and back again, newer
    assert shown_seqs(back) == newest[50:100]
    assert shown_seqs(admin.client.get(link(back, "prev")).get_data(as_text=True)) == newest[:50]
    everything = shown_seqs(admin.client.get("/admin/audit").get_data(as_text=True))
    assert everything == sorted(everything, reverse=True) and len(everything) == 50
    for odd in ("page=banana", "before=banana", "after=-3", "before=" + "9" * 40, "before=0"):
        assert admin.client.get(f"/admin/audit?{odd}").status_code == 200, odd


def test_filter_by_action_prefix(app, admin, tom):
    html = admin.client.get("/admin/audit?action=passkey.").get_data(as_text=True)
    events = audit_events(app, "passkey.registered")
    assert shown_seqs(html) == sorted((e["seq"] for e in events), reverse=True)
    # A prefix is literal: "%" and "_" are no wildcards.
    assert shown_seqs(admin.client.get("/admin/audit?action=%25").get_data(as_text=True)) == []
    assert shown_seqs(admin.client.get("/admin/audit?action=passkey_").get_data(as_text=True)) == []


def test_filter_by_person_finds_what_they_did_and_what_was_done_to_them(app, admin, tom):
    submit(admin, f"/admin/people/{tom.person.id}/disable")
    html = admin.client.get(f"/admin/audit?person={tom.person.id}").get_data(as_text=True)
    with app.app_context():
        expected = [row[0] for row in get_db().execute(
            "SELECT seq FROM audit_log WHERE actor_id = ? OR (subject_type = 'person' AND subject_id = ?) "
            "ORDER BY seq DESC", [tom.person.id, tom.person.id])]
    assert shown_seqs(html) == expected
    disabled = audit_events(app, "person.disabled")[-1]
    assert disabled["seq"] in expected and disabled["actor_id"] == admin.person.id
    assert f'<option value="{tom.person.id}" selected>' in html
    assert admin.client.get("/admin/audit?person=nobody").status_code == 400


def test_filter_by_berlin_calendar_days(app, admin, monkeypatch):
    # 30 March 2025: summer time began at 01:00 UTC, so Berlin is UTC+2 from then on.
    late_on_30th = log_at(app, monkeypatch, datetime(2025, 3, 30, 21, 30, tzinfo=UTC), "test.event")  # 23:30
    early_on_31st = log_at(app, monkeypatch, datetime(2025, 3, 30, 22, 30, tzinfo=UTC), "test.event")  # 00:30
    end_of_31st = log_at(app, monkeypatch, datetime(2025, 3, 31, 21, 59, tzinfo=UTC), "test.event")  # 23:59
    on_1st = log_at(app, monkeypatch, datetime(2025, 3, 31, 22, 0, tzinfo=UTC), "test.event")  # 1 April 00:00

    def days(query):
        return shown_seqs(admin.client.get("/admin/audit?action=test.&" + query).get_data(as_text=True))

    assert days("from=2025-03-31&to=2025-03-31") == [end_of_31st, early_on_31st]
    assert days("to=2025-03-30") == [late_on_30th]
    assert days("from=2025-04-01") == [on_1st]
    assert days("") == [on_1st, end_of_31st, early_on_31st, late_on_30th]


@pytest.mark.parametrize("query", ["from=31.03.2025", "to=2025-13-01", "from=2025-04-02&to=2025-04-01"])
def test_a_bad_date_is_refused_and_kept_in_the_form(admin, query):
    response = admin.client.get("/admin/audit?" + query)
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert 'role="alert"' in html and shown_seqs(html) == []
    for value in re.findall(r"=([^&]+)", query):
        assert f'value="{value}"' in html


def test_the_page_shows_who_what_subject_device_and_ip(app, admin, tom):
    submit(admin, f"/admin/people/{tom.person.id}/disable")
    html = admin.client.get("/admin/audit?action=person.disabled").get_data(as_text=True)
    card = html.split("data-seq=", 1)[1].split("</li>", 1)[0]
    assert "person.disabled" in card and "Ada Admin" in card and "Tom Weber" in card
    assert admin.device_id in card and "127.0.0.1" in card and "<time" in card


def test_verify_reports_an_intact_log_and_is_itself_audited(app, admin):
    response = submit(admin, "/admin/audit/verify")
    assert response.status_code == 303
    run = audit_events(app, "audit.verified")[-1]
    assert response.headers["Location"] == f"/admin/audit/verifications/{run['seq']}"
    assert run["actor_id"] == admin.person.id and run["details"]["broken"] == []
    assert run["details"]["rows"] == run["seq"] - 1
    html = admin.client.get(response.headers["Location"]).get_data(as_text=True)
    assert 'data-intact="true"' in html and "data-broken-seq" not in html


def test_verify_reports_a_tampered_row_by_its_sequence_number(app, admin, tom):
    submit(admin, f"/admin/people/{tom.person.id}/disable")
    tampered = audit_events(app, "person.disabled")[-1]["seq"]
    with app.app_context():
        db = get_db()
        db.execute("DROP TRIGGER audit_log_append_only_update")
        db.execute("UPDATE audit_log SET details = '{\"before\": \"invited\"}' WHERE seq = ?", [tampered])

    response = submit(admin, "/admin/audit/verify")
    html = admin.client.get(response.headers["Location"]).get_data(as_text=True)
    assert 'data-intact="false"' in html
    assert re.findall(r'data-broken-seq="(\d+)"', html) == [str(tampered)]
    run = audit_events(app, "audit.verified")[-1]
    assert run["details"]["broken"] == [tampered] and run["details"]["broken_count"] == 1


def test_verify_reports_a_row_deleted_from_the_middle(app, admin, tom):
    submit(admin, f"/admin/people/{tom.person.id}/disable")
    with app.app_context():
        db = get_db()
        db.execute("DROP TRIGGER audit_log_append_only_delete")
        db.execute("DELETE FROM audit_log WHERE seq = 2")
    response = submit(admin, "/admin/audit/verify")
    html = admin.client.get(response.headers["Location"]).get_data(as_text=True)
    assert re.findall(r'data-broken-seq="(\d+)"', html) == ["2", "3"]  # the gap, and the row chained to it


def test_only_verification_runs_have_a_result_page(app, admin):
    assert admin.client.get("/admin/audit/verifications/1").status_code == 404  # seq 1 is something else
