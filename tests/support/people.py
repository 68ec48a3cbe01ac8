"""Test helpers: make people, invitations and passkeys through the app's own code and routes."""

from __future__ import annotations

import re
from datetime import timedelta

from outreach.auth import invitations
from outreach.auth.people import create_person
from outreach.db import get_db
from tests.support.soft_authenticator import SoftAuthenticator

ORIGIN = "http://localhost"


def make_person(app, email="jana@example.org", name="Jana Becker", roles=("worker",), **kwargs):
    with app.app_context():
        return create_person(get_db(), email, name, set(roles), **kwargs)


def make_invitation(app, person_id, purpose="invite", lifetime=timedelta(hours=72)) -> str:
    with app.app_context():
        return invitations.create(get_db(), person_id, purpose, lifetime, created_by=None)


def csrf(client, path="/") -> str:
    html = client.get(path).get_data(as_text=True)
    return re.search(r'name="csrf-token" content="([^"]+)"', html).group(1)


def without_tokens(html: str) -> str:
    """A page without its CSRF tokens (meta and hidden fields): they carry the second they were signed."""
    return re.sub(r'(name="csrf[-_]token" (?:content|value)=)"[^"]+"', r"\1", html)


def post_json(client, url, body=None, token=None):
    return client.post(url, json=body or {}, headers={"X-CSRFToken": token or csrf(client)})


class Browser:
    """A Flask test client plus a software authenticator: one person's device."""

    def __init__(self, app, soft, device_id="device-0000000000000001"):
        self.app, self.client, self.soft, self.device_id = app, app.test_client(), soft, device_id
        self.token = csrf(self.client)

    def page(self, path="/") -> str:
        """Load a page as a person would, picking up the CSRF token of the current session."""
        html = self.client.get(path).get_data(as_text=True)
        found = re.search(r'name="csrf-token" content="([^"]+)"', html)
        if found:
            self.token = found.group(1)
        return html

    def signed_in(self) -> bool:
        return "Abmelden" in self.page()

    def post(self, url, body=None):
        return post_json(self.client, url, body, self.token)

    def register(self, invite_token, *, origin=ORIGIN, **soft_kwargs):
        options = self.post(f"/invite/{invite_token}/options").json["publicKey"]
        credential = self.soft.create(options, origin=origin, **soft_kwargs)
        response = self.post(f"/invite/{invite_token}/verify",
                             {"credential": credential, "device_id": self.device_id, "name": "Testtelefon"})
        self.token = csrf(self.client)  # the session was rotated
        return response

    def sign_in_options(self):
        return self.post("/signin/options").json["publicKey"]

    def sign_in(self, *, origin=ORIGIN, options=None, **soft_kwargs):
        options = options or self.sign_in_options()
        credential = self.soft.get(options, origin=origin, **soft_kwargs)
        return self.send_assertion(credential)

    def send_assertion(self, credential):
        response = self.post("/signin/verify", {"credential": credential, "device_id": self.device_id})
        if response.status_code == 200:
            self.token = csrf(self.client)
        return response

    def sign_out(self):
        response = self.client.post("/signout", data={"csrf_token": self.token})
        self.token = csrf(self.client)
        return response


_device_counter = iter(range(10_000, 99_999))


def signed_in(app, email, name, roles, **kwargs) -> Browser:
    """A person registered and signed in through the real passkey flow, on their own device."""
    person = make_person(app, email=email, name=name, roles=roles, **kwargs)
    browser = Browser(app, SoftAuthenticator(), device_id=f"device-{next(_device_counter):016d}")
    response = browser.register(make_invitation(app, person.id))
    assert response.status_code == 200, response.json
    browser.person = person
    browser.page()
    return browser
