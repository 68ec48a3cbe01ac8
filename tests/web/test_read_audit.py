"""Every read of case content is in the audit log (issue 23): each page of the route list whose
address names a case, a note, a consent, a referral or a partner's request is opened by every demo
role that may open it, and must write an audit line about that case's records — so a new page
without one fails here."""

from __future__ import annotations

import pytest

from outreach.db import get_db
from tests.quality import site as demo

ROLES = ["worker", "supervisor", "admin", "partner", "authority", "service"]
# The ids in PAGES that stand for case content (a case, its notes, consents, referral, requests, placement).
CASE_CONTENT = ("{case}", "{draft_note}", "{submitted_note}", "{approved_note}", "{consent}", "{landlord_case}",
                "{claim_request}", "{shelter_request}", "{placement}", "{onward_referral}", "{referral}",
                "{accepted_referral}")
SUBJECTS = ("case", "visit_note", "consent", "referral")


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    running = demo.start(tmp_path_factory.mktemp("read-audit"))
    yield running
    running.close()


def test_every_page_with_case_content_writes_an_audit_line(site):
    unaudited, opened = [], set()
    for role in ROLES:
        client = site.client(role)
        for endpoint, url in site.pages(role).items():
            if not any(name in demo.PAGES[endpoint] for name in CASE_CONTENT):
                continue
            with site.app.app_context():
                before = get_db().execute("SELECT coalesce(max(seq), 0) FROM audit_log").fetchone()[0]
            assert client.get(url).status_code == 200
            with site.app.app_context():
                lines = get_db().execute(
                    f"SELECT action FROM audit_log WHERE seq > ? AND actor_id = ? AND subject_id != '' AND "
                    f"subject_type IN ({','.join('?' * len(SUBJECTS))})",
                    [before, site.person_ids[role], *SUBJECTS]).fetchall()
            opened.add(endpoint)
            if not lines:
                unaudited.append(f"{role} {endpoint} {url}")
    assert unaudited == [], "\n".join(unaudited)
    assert {"cases.case_page", "visits.note_page", "budgets.budget_form", "consent.tenant_copy"} <= opened
