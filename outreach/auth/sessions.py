"""Server-side sessions in SQLite: a random token in the cookie, its hash in `web_session`.

Revocable (ending a row ends the session at once), rotated at sign-in, with idle and absolute
timeouts. Before sign-in nothing is stored on the server: an anonymous visitor's session (its
CSRF token and the token its WebAuthn challenges are bound to) travels in a signed cookie, so
page views by strangers and scanners write no rows (docs/security.md).
"""

from __future__ import annotations

import hashlib
import json
import secrets
from datetime import datetime, timedelta

import sqlite_utils
from flask import request
from flask.sessions import SessionInterface, SessionMixin
from itsdangerous import BadSignature, URLSafeTimedSerializer
from werkzeug.datastructures import CallbackDict

from .. import clock
from ..db import get_db, one_row, write

TOUCH_EVERY = timedelta(seconds=60)
ANONYMOUS = "a."  # the prefix of a signed anonymous cookie; a server-side token never has a dot


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class ServerSession(CallbackDict, SessionMixin):
    def __init__(self, initial=None, token: str | None = None, row: dict | None = None):
        def on_update(self):
            self.modified = True

        super().__init__(initial, on_update)
        self.token = token
        self.row = row or {}
        self.new = token is None
        self.in_cookie = False  # an anonymous session carried in its signed cookie, no row
        self.modified = False
        self.pending_start: dict | None = None
        self.pending_end: str | None = None

    @property
    def kind(self) -> str:
        return self.row.get("kind", "anonymous")

    @property
    def person_id(self) -> str | None:
        return self.row.get("person_id")

    @property
    def credential_id(self) -> str | None:
        return self.row.get("credential_id")

    @property
    def device_id(self) -> str | None:
        return self.row.get("device_id")

    @property
    def created_at(self):
        return clock.parse_stamp(self.row["created_at"]) if self.row else None

    def id_hash(self) -> str:
        """The hash of this session's token, allocating the token if the session is new."""
        if self.token is None:
            self.token = secrets.token_urlsafe(32)
            self.modified = True
        return token_hash(self.token)

    def start(self, kind: str, person_id: str, credential_id: str | None, device_id: str | None) -> None:
        """Sign in: at the end of this request the old row ends and a fresh token replaces it."""
        self.pending_start = {"kind": kind, "person_id": person_id, "credential_id": credential_id,
                              "device_id": device_id}

    def end(self, reason: str) -> None:
        self.clear()
        self.pending_end = reason


def end_sessions(db: sqlite_utils.Database, reason: str, **where) -> int:
    """End every open session matching person_id / credential_id / device_id."""
    (column, value), = where.items()
    assert column in {"person_id", "credential_id", "device_id", "id_hash"}
    with write(db):
        return db.execute(
            f"UPDATE web_session SET ended_at = ?, ended_reason = ? WHERE {column} = ? AND ended_at IS NULL",
            [clock.stamp(), reason, value],
        ).rowcount


def prune(db: sqlite_utils.Database, now: datetime | None = None) -> dict[str, int]:
    """Forget what can no longer matter: anonymous sessions that ended or expired, and used or
    expired challenges older than a day (counts of each). Signed-in sessions stay here; their
    period is the retention's (auth/retention.py)."""
    now = now or clock.now()
    with write(db):
        anonymous = db.execute("DELETE FROM web_session WHERE kind = 'anonymous' AND (expires_at < ? OR ended_at "
                               "IS NOT NULL)", [clock.stamp(now)]).rowcount
        challenges = db.execute("DELETE FROM challenge WHERE expires_at < ?",
                                [clock.stamp(now - timedelta(days=1))]).rowcount
    return {"anonymous_sessions": anonymous, "challenges": challenges}


class ServerSessionInterface(SessionInterface):
    @staticmethod
    def _signer(app) -> URLSafeTimedSerializer:
        return URLSafeTimedSerializer(app.secret_key, salt="outreach.anonymous-session")

    def open_session(self, app, request):
        token = request.cookies.get(app.config["SESSION_COOKIE_NAME"])
        if not token or len(token) > 1000:
            return ServerSession()
        if token.startswith(ANONYMOUS):
            return self._open_anonymous(app, token[len(ANONYMOUS):])
        if len(token) > 100:
            return ServerSession()
        row = one_row(get_db(), "SELECT * FROM web_session WHERE id_hash = ?", [token_hash(token)])
        if row is None:
            return ServerSession()
        now = clock.now()
        idle = timedelta(minutes=app.config["SESSION_IDLE_MINUTES"])
        if (
            row["ended_at"]
            or now >= clock.parse_stamp(row["expires_at"])
            or now - clock.parse_stamp(row["last_seen_at"]) >= idle
        ):
            return ServerSession()
        return ServerSession(json.loads(row["data"]), token=token, row=row)

    def _open_anonymous(self, app, signed: str) -> ServerSession:
        try:
            content = self._signer(app).loads(signed, max_age=app.config["SESSION_IDLE_MINUTES"] * 60)
        except BadSignature:
            return ServerSession()
        if not (isinstance(content, dict) and isinstance(content.get("t"), str) and isinstance(content.get("d"), dict)):
            return ServerSession()
        session = ServerSession(content["d"], token=content["t"])
        session.in_cookie = True
        return session

    def save_session(self, app, session: ServerSession, response):
        db = get_db()
        name = app.config["SESSION_COOKIE_NAME"]
        cookie = {
            "httponly": True,
            "secure": self.get_cookie_secure(app),
            "samesite": self.get_cookie_samesite(app),
            "path": self.get_cookie_path(app),
        }
        stored = not session.new and not session.in_cookie  # a row exists for this session
        if session.pending_end:
            if stored:
                end_sessions(db, session.pending_end, id_hash=token_hash(session.token))
            response.delete_cookie(name, **cookie)
            return
        if session.pending_start:
            if stored:
                end_sessions(db, "rotated", id_hash=token_hash(session.token))
            session.token, session.new = secrets.token_urlsafe(32), True
            session.pop("csrf_token", None)  # a token seen before sign-in does not carry over
            self._insert(app, db, session, response, name, cookie, **session.pending_start)
            return
        if not stored:
            if session.token is None and not dict(session):
                return  # nothing to remember: no cookie
            if session.new or session.modified:
                session.id_hash()
                signed = self._signer(app).dumps({"t": session.token, "d": dict(session)})
                response.set_cookie(name, ANONYMOUS + signed, **cookie)
            return
        now = clock.now()
        changes = {}
        if session.modified:
            changes["data"] = json.dumps(dict(session))
        if now - clock.parse_stamp(session.row["last_seen_at"]) >= TOUCH_EVERY:
            changes["last_seen_at"] = clock.stamp(now)
        if changes:
            with write(db):
                db["web_session"].update(token_hash(session.token), changes)

    def _insert(self, app, db, session, response, name, cookie, **meta):
        now = clock.now()
        lifetime = timedelta(hours=app.config["SESSION_ABSOLUTE_HOURS"])
        with write(db):
            db["web_session"].insert({
                "id_hash": token_hash(session.token), **meta, "data": json.dumps(dict(session)),
                "created_at": clock.stamp(now), "last_seen_at": clock.stamp(now),
                "expires_at": clock.stamp(now + lifetime), "ended_at": None, "ended_reason": None,
                "ip": request.remote_addr or "", "user_agent": request.user_agent.string[:300],
            })
        response.set_cookie(name, session.token, expires=now + lifetime, **cookie)
