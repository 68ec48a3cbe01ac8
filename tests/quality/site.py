"""The demo site as a newcomer meets it, served on loopback, for the page-quality guards (axe,
overflow, tap targets, page weight, Lighthouse): the demo database (`outreach demo`) plus what the
demo does not seed yet — visit notes (one waiting for approval), a signed consent and a referral
waiting at intake — made through the app's own routes. `pages(role)` lists every HTML page of the
route list with a real address for that role; `tests/e2e/test_page_quality.py` proves the list
covers every GET page of the URL map."""

from __future__ import annotations

import json
import re
import secrets
import tempfile
import threading
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

from waitress.server import create_server

from outreach import create_app
from outreach.cli import create_demo_database
from outreach.clock import berlin_today
from outreach.db import get_db
from tests.support.consent import sign
from tests.support.notes import save_note

# One demo person per role (outreach/demo/people.py).
PEOPLE = {
    "worker": "jana.becker@caritas-demo.de",
    "supervisor": "andreas.richter@caritas-demo.de",
    "admin": "katrin.vogel@caritas-demo.de",
    "partner": "thomas.neumann@wg-senftenberg-demo.de",
    "authority": "sabine.krueger@senftenberg-demo.de",  # the city: take-over requests and shelter requests
    "service": "petra.lange@diakonie-demo.de",  # a service of the help network answering referrals
}
DEVICE = "demo-device-{:012d}"

# Every GET route of the URL map that answers HTML, with the address to open (filled with real
# ids below). Routes that answer something else are listed in NOT_PAGES with the reason.
PAGES = {
    "shell.index": "/",
    "shell.offline": "/offline",
    "shell.offline_expired": "/offline/expired",
    "shell.offline_locked": "/offline/locked",
    "shell.for_you_page": "/for-you",
    "auth.sign_in": "/signin",
    "auth.invitation": "/invite/{invitation}",
    "auth.own_passkeys": "/account/passkeys",
    "admin.audit_log": "/admin/audit",
    "admin.audit_verification": "/admin/audit/verifications/{seq}",
    "admin.devices_list": "/admin/devices",
    "admin.grant_list": "/admin/grants",
    "consent.record_of_processing": "/admin/record-of-processing",
    "admin.access_report_page": "/admin/access-report?number={case_number}",
    "admin.organisations": "/admin/organisations",
    "admin.people": "/admin/people",
    "admin.person": "/admin/people/{worker_id}",
    "admin.teams": "/admin/teams",
    "approvals.approvals_check": "/admin/approvals",
    "approvals.queue": "/approvals",
    "approvals.review": "/approvals/{submitted_note}",
    "budgets.reference_values": "/admin/reference-values",
    "budgets.budget_form": "/cases/{case}/budget",
    "budgets.budget_copy": "/cases/{case}/budget/copy",
    "cases.caseload": "/cases",
    "cases.case_page": "/cases/{case}",
    "cases.close_form": "/cases/{case}/close",
    "cases.new_case": "/cases/new",
    "cases.deadline_board": "/deadlines",
    "cases.intake": "/intake",
    "cases.intake_referral": "/intake/{referral}",
    "cases.partner_referrals": "/referrals",
    "claims.inbox": "/authority/requests",
    "claims.checklist": "/admin/document-checklist",
    "claims.request_page": "/authority/requests/{claim_request}",
    "shelter.inbox": "/city/shelter-requests",
    "shelter.request_page": "/city/shelter-requests/{shelter_request}",
    "shelter.placements": "/city/placements",
    "shelter.placement_page": "/city/placements/{placement}",
    "shelter.return_page": "/city/placements/return",
    "services.directory": "/services",
    "notify.settings": "/account/notifications",
    "notify.queue": "/admin/notifications",
    "services.help_card": "/cases/{case}/help-card",
    "services.partner_inbox": "/partner/onward-referrals",
    "services.partner_referral": "/partner/onward-referrals/{onward_referral}",
    "services.admin_directory": "/admin/services",
    "services.edit_service": "/admin/services/{service}",
    "landlord.cases": "/landlord/cases",
    "landlord.case_page": "/landlord/cases/{landlord_case}",
    "cases.new_referral": "/referrals/new",
    "consent.consent_templates": "/admin/consent-templates",
    "consent.consent_version": "/admin/consent-versions/{version}",
    "consent.consents_check": "/admin/consents",
    "consent.new_consent": "/cases/{case}/consents/new",
    "consent.consent_page": "/consents/{consent}",
    "consent.tenant_copy": "/consents/{consent}/copy",
    "consent.partner_case": "/referrals/{accepted_referral}/case",
    "visits.new_visit": "/cases/{case}/visits/new",
    "visits.note_page": "/visits/{draft_note}",
    "visits.edit_note": "/visits/{draft_note}/edit",
    "visits.addendum": "/visits/{approved_note}/addendum",
    "visits.outbox": "/outbox",
    "sync.send_only": "/sync/send",
    "reports.statistics": "/statistics",
    "reports.my_effort": "/statistics/mine",
    "reports.partner_statistics": "/partner/statistics",
    "privacy.rights": "/cases/{case}/privacy",
    "privacy.find_case": "/admin/tenant-rights",
}
NOT_PAGES = {
    "admin.index": "a redirect to the people page",
    "static": "static files (tests/web/test_static_assets.py)",
    "shell.manifest": "JSON manifest",
    "shell.service_worker": "the service worker script",
    "operations.health_check": "JSON liveness (tests/web/test_operations.py)",
    "operations.ready": "JSON readiness (tests/web/test_operations.py)",
    "operations.metrics_page": "Prometheus metrics (tests/web/test_operations.py)",
    "budgets.budget_copy_pdf": "PDF (tests/unit/test_pdf.py)",
    "consent.tenant_copy_pdf": "PDF",
    "claims.letter": "PDF (tests/web/test_claim_requests.py)",
    "claims.document_page": "a photographed page, as a download (tests/web/test_documents.py)",
    "claims.request_document": "a photographed page for the office, as a download (tests/web/test_claim_requests.py)",
    "consent.paper_photo": "an image of a paper form",
    "shelter.return_csv": "a CSV file (tests/web/test_shelter.py)",
    "services.help_card_pdf": "PDF (tests/web/test_onward_referrals.py)",
    "sync.caseload_for_device": "JSON for the service worker",
    "sync.caseload_parts": "JSON for the service worker (the pages of the offline copy)",
    "sync.device_state": "JSON for the page",
    "sync.sync_token": "JSON for the page",
    "reports.export": "files: CSV, XLSX, JSON, PDF (tests/web/test_statistics.py)",
    "reports.case_records": "a CSV file (tests/web/test_statistics.py)",
    "privacy.export_household": "a ZIP file (tests/web/test_tenant_rights.py)",
}


@dataclass
class Site:
    app: object
    url: str
    server: object
    ids: dict = field(default_factory=dict)
    person_ids: dict = field(default_factory=dict)
    clients: dict = field(default_factory=dict)

    def page_urls(self) -> dict[str, str]:
        return {endpoint: path.format(**self.ids) for endpoint, path in PAGES.items()}

    def client(self, role: str | None):
        """A Flask test client signed in as the role's demo person (None: nobody signed in), one per role."""
        if role not in self.clients:
            self.clients[role] = self._sign_in(role)
        return self.clients[role]

    def _sign_in(self, role: str | None):
        client = self.app.test_client()
        if role:
            token = _token(client.get("/signin").get_data(as_text=True))
            response = client.post("/demo/sign-in-as", data={
                "csrf_token": token, "person_id": self.person_ids[role],
                "device_id": DEVICE.format(list(PEOPLE).index(role) + 1)})
            assert response.status_code in (302, 303), response.status_code
        return client

    def pages(self, role: str | None) -> dict[str, str]:
        """The HTML pages this role may open (answer 200 with HTML), by endpoint."""
        client = self.client(role)
        found = {}
        for endpoint, url in self.page_urls().items():
            response = client.get(url)
            if response.status_code == 200 and response.mimetype == "text/html":
                found[endpoint] = url
        return found

    def session_cookie(self, role: str) -> dict:
        """The role's session as a browser cookie (for Playwright and Lighthouse)."""
        client = self.client(role)
        cookie = client.get_cookie(self.app.config.get("SESSION_COOKIE_NAME", "session"))
        return {"name": cookie.key, "value": cookie.value, "url": self.url}

    def close(self) -> None:
        self.server.close()


def _token(html: str) -> str:
    return re.search(r'name="csrf-token" content="([^"]+)"', html).group(1)


def start(folder: Path | None = None) -> Site:
    folder = folder or Path(tempfile.mkdtemp())
    path = str(folder / "demo.sqlite3")
    create_demo_database(path, evidence_key="d" * 40)
    # Rate limits stay on: flask-limiter's switch is process-wide (it would turn them off for the
    # other tests' apps too); signed-in clients are made once per role instead.
    # The invitation page is opened by every role in every guard: its limit (per address) is raised here.
    app = create_app(demo=True, settings={"DATABASE": path, "EVIDENCE_KEY": "d" * 40, "SECRET_KEY": "s" * 40,
                                          "RATE_LIMIT_REGISTRATION": "1000 per hour"})
    server = create_server(app, host="127.0.0.1", port=0, threads=8, ident="outreach-quality")
    url = f"http://localhost:{server.effective_port}"
    app.config["PUBLIC_ORIGIN"] = url
    threading.Thread(target=server.run, daemon=True).start()
    site = Site(app=app, url=url, server=server)
    with app.app_context():
        db = get_db()
        site.person_ids = {role: db.execute("SELECT id FROM person WHERE email = ?", [email]).fetchone()[0]
                           for role, email in PEOPLE.items()}
    _enrich(site)
    return site


def _post_json(client, url, body):
    token = _token(client.get("/").get_data(as_text=True))
    return client.post(url, json=body, headers={"X-CSRFToken": token})


def _enrich(site: Site) -> None:
    """What the demo does not seed yet, made through the routes a phone and a partner use."""
    app, worker_id = site.app, site.person_ids["worker"]
    with app.app_context():
        db = get_db()
        case = db.execute(
            """SELECT b.case_id FROM budget_plan b JOIN case_assignment a ON a.case_id = b.case_id
               WHERE a.worker_id = ? ORDER BY a.id DESC LIMIT 1""", [worker_id]).fetchone()[0]
        member = db.execute("SELECT id FROM household_member WHERE case_id = ? ORDER BY position LIMIT 1",
                            [case]).fetchone()[0]
        version = db.execute("""SELECT id, content_hash, content FROM consent_version WHERE status = 'published'
                                ORDER BY id LIMIT 1""").fetchone()
        organisation = db.execute("SELECT organisation_id FROM person WHERE id = ?",
                                  [site.person_ids["partner"]]).fetchone()[0]
    worker = site.client("worker")
    device = DEVICE.format(1)
    draft, submitted, approved, consent = (secrets.token_urlsafe(12) for _ in range(4))
    content = json.loads(version[2])
    recipients = [organisation]  # the partner's housing company may hear back (its referral's case page)
    mutations = [
        save_note(worker_id, case, note_id=draft, device_id=device, situation="Mieterin angetroffen, Unterlagen gesichtet."),
        save_note(worker_id, case, note_id=submitted, device_id=device, status="submitted",
                  situation="Jobcenter-Antrag auf Übernahme der Mietschulden gemeinsam ausgefüllt."),
        save_note(worker_id, case, note_id=approved, device_id=device, status="submitted",
                  situation="Ratenzahlung mit der Wohnungsgesellschaft besprochen."),
        sign(worker_id, case, member, {"id": version[0], "hash": version[1], "content": content, "app": app},
             consent_id=consent, recipients=recipients, purposes=("status_feedback", "coordination"),
             categories=("status", "contact", "arrears_plan")),
    ]
    answer = _post_json(worker, "/sync", {"device_id": device, "unsent": 0, "mutations": mutations})
    results = answer.json["results"]
    assert all(result["status"] == "applied" for result in results), results
    _approve(site, approved)
    partner = site.client("partner")
    token = _token(partner.get("/referrals/new").get_data(as_text=True))
    referral = {"csrf_token": token, "tenant_name": "Erika Nowak", "street": "Thälmannstraße 12", "postcode": "01968",
                "city": "Senftenberg", "arrears": "1.320,00", "stage": "eviction_suit", "tenant_informed": "yes",
                "suit_served": (berlin_today() - timedelta(days=10)).isoformat(), "note": "Bitte bald melden."}
    for name in ("Erika Nowak", "Piotr Zieliński"):
        assert partner.post("/referrals", data={**referral, "tenant_name": name}).status_code in (302, 303)
    with app.app_context():
        db = get_db()
        waiting = [row[0] for row in db.execute("SELECT id FROM referral WHERE tenant_name IN ('Erika Nowak', "
                                                "'Piotr Zieliński') ORDER BY tenant_name")]
        landlord_case = db.execute("SELECT case_id FROM rent_statement LIMIT 1").fetchone()[0]
        claim_request = db.execute("SELECT r.id FROM claim_request r JOIN organisation o ON o.id = r.organisation_id "
                                   "WHERE o.kind = 'city' AND r.channel = 'app'").fetchone()[0]
        shelter_request = db.execute("SELECT id FROM shelter_request WHERE state = 'sent'").fetchone()[0]
        placement = db.execute("SELECT id FROM placement WHERE household_size = 3").fetchone()[0]
        service = db.execute("SELECT id FROM service ORDER BY name LIMIT 1").fetchone()[0]
        case_number = db.execute("SELECT number FROM household_case WHERE id = ?", [case]).fetchone()[0]
        onward_referral = db.execute("SELECT id FROM onward_referral WHERE channel = 'with_data' AND answer IS NULL"
                                     ).fetchone()[0]
    _merge(site, waiting[1], case)
    seq = _verify_audit_log(site)
    site.ids = {"case": case, "draft_note": draft, "submitted_note": submitted, "approved_note": approved,
                "consent": consent, "version": version[0], "referral": waiting[0], "accepted_referral": waiting[1],
                "worker_id": worker_id, "seq": seq, "invitation": _invitation(site),
                "claim_request": claim_request, "landlord_case": landlord_case,
                "shelter_request": shelter_request, "placement": placement, "service": service,
                "onward_referral": onward_referral, "case_number": case_number}


def _approve(site: Site, note_id: str) -> None:
    """The supervisor approves with a passkey (a software authenticator registered for the demo)."""
    from tests.support.people import Browser, make_invitation
    from tests.support.soft_authenticator import SoftAuthenticator

    supervisor = Browser(site.app, SoftAuthenticator(), device_id=DEVICE.format(9))
    registered = supervisor.register(make_invitation(site.app, site.person_ids["supervisor"], purpose="recovery"),
                                     origin=site.url)
    assert registered.status_code == 200, registered.get_data(as_text=True)[:300]
    html = supervisor.page(f"/approvals/{note_id}")
    revision = re.search(r'data-revision="([^"]+)"', html)[1]
    options = supervisor.post(f"/approvals/{note_id}/options", {"revision": revision})
    credential = supervisor.soft.get(options.json["publicKey"], origin=site.url)
    approved = supervisor.post(f"/approvals/{note_id}/verify", {"credential": credential})
    assert approved.status_code == 200, approved.get_data(as_text=True)[:300]


def _merge(site: Site, referral_id: str, case_id: str) -> None:
    """The supervisor files a referral with the worker's case (the partner then sees that case)."""
    supervisor = site.client("supervisor")
    token = _token(supervisor.get(f"/intake/{referral_id}").get_data(as_text=True))
    response = supervisor.post(f"/intake/{referral_id}/merge", data={"csrf_token": token, "case_id": case_id})
    assert response.status_code in (302, 303), response.status_code


def _verify_audit_log(site: Site) -> int:
    admin = site.client("admin")
    token = _token(admin.get("/admin/audit").get_data(as_text=True))
    assert admin.post("/admin/audit/verify", data={"csrf_token": token}).status_code in (302, 303)
    with site.app.app_context():
        return get_db().execute("SELECT MAX(seq) FROM audit_log WHERE action = 'audit.verified'").fetchone()[0]


def _invitation(site: Site) -> str:
    from outreach.auth import invitations

    with site.app.app_context():
        return invitations.create(get_db(), site.person_ids["worker"], "invite", timedelta(hours=72), created_by=None)
