"""Settings: defaults here → instance/outreach.cfg → OUTREACH_* environment → test overrides.

Every setting is documented in README.md ("Configuration"); a test fails when one is not.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from urllib.parse import urlsplit

DEV_SECRET = "dev-only-not-secret"  # refused by production_problems()


class Defaults:
    # Flask's session secret (CSRF tokens, flash messages). Never the evidence key.
    SECRET_KEY = DEV_SECRET
    # Path of the SQLite file; relative paths are taken from the instance folder.
    DATABASE = "outreach.sqlite3"
    # Public origin the app is reached at, e.g. https://outreach.caritas-beispiel.de.
    # Passkeys are bound to its host (rp id) and origin; cookies get Secure behind https.
    PUBLIC_ORIGIN = ""
    # Key protecting evidence (consents, approvals, audit log) with an HMAC; kept outside
    # the database. Either the key itself or a file holding it.
    EVIDENCE_KEY = ""
    EVIDENCE_KEY_FILE = ""
    EVIDENCE_KEY_ID = "k1"
    # Or a key ring (a JSON file {"current": "k2", "keys": {"k1": "…", "k2": "…"}}, made by
    # `outreach rotate-evidence-key`): new records use the current key, older ones verify with theirs.
    EVIDENCE_KEYRING_FILE = ""
    # Bundesland for public holidays in legal deadlines (Brandenburg by default).
    HOLIDAY_STATE = "BB"
    # Official municipality key (Amtlicher Gemeindeschlüssel, 8 digits) pre-filled on the city's
    # placements for its federal return of accommodated homeless people (Senftenberg by default).
    MUNICIPALITY_KEY = "12066304"
    # Languages offered; the first is the default.
    LANGUAGES = ("de", "en")
    # Number of reverse proxies in front of the app whose X-Forwarded-* headers are trusted.
    TRUSTED_PROXIES = 0
    # Responses compressed by flask-compress (static files are compressed once by outreach.assets).
    COMPRESS_MIMETYPES = ["text/html", "application/json", "application/manifest+json", "text/javascript",
                          "text/css", "image/svg+xml", "text/plain"]
    COMPRESS_ALGORITHM = ["br", "gzip"]
    COMPRESS_BR_LEVEL = 5
    COMPRESS_MIN_SIZE = 500
    # Largest request body accepted (bytes); uploads have their own, smaller limits.
    MAX_CONTENT_LENGTH = 12 * 1024 * 1024
    # How long SQLite waits for a lock before giving up (milliseconds).
    SQLITE_BUSY_TIMEOUT_MS = 5000
    # Sessions end after this long without a request, and in any case after the absolute lifetime.
    SESSION_IDLE_MINUTES = 120
    SESSION_ABSOLUTE_HOURS = 12
    # Lifetimes of one-time links and of WebAuthn challenges.
    INVITATION_HOURS = 72
    RECOVERY_HOURS = 24
    ANOTHER_DEVICE_MINUTES = 15
    CHALLENGE_MINUTES = 5
    # Rate limits (flask-limiter syntax), per client IP unless noted; sized for ~30 staff behind
    # one office NAT. RATELIMIT_STORAGE_URI may point at a shared store for several processes.
    RATE_LIMIT_SIGN_IN = "60 per minute; 600 per hour"
    RATE_LIMIT_SIGN_IN_PER_CREDENTIAL = "10 per minute; 60 per hour"
    RATE_LIMIT_REGISTRATION = "30 per hour"
    RATE_LIMIT_INVITATIONS = "60 per hour"
    RATELIMIT_STORAGE_URI = "memory://"
    # Cached case pages are deleted after this long without contact with the server (the outbox
    # never is). Seconds, so the test factory can make it short.
    OFFLINE_LIFETIME_SECONDS = 72 * 3600
    # The caseload is copied to a device at most this often (each copy is audited).
    CASELOAD_REFRESH_SECONDS = 300
    # Tenancy follow-ups after a case closed with the flat kept or a new flat: months after closing.
    FOLLOW_UP_MONTHS = (3, 6, 12)
    OFFLINE_AUTO_LOCK_SECONDS = 900  # idle this long, a phone drops the key of its offline data (issue 25)
    SYNC_TIMEOUT_SECONDS = 30  # a send with no answer by then is given up and retried (half-open connections)
    # E-mail of the notifications (docs/notifications.md): the SMTP server, how the connection is
    # secured (starttls on 587, tls on 465; none only to a mail server on this computer), the
    # account if it needs one (the password itself or a file holding it), the sender address and
    # optionally a CA file for a server with a private certificate. MAIL_SINK instead writes each
    # mail into a folder as an .eml file (the demo, trials) or to the log ("console").
    MAIL_SMTP_HOST = ""
    MAIL_SMTP_PORT = 587
    MAIL_SMTP_SECURITY = "starttls"
    MAIL_SMTP_USER = ""
    MAIL_SMTP_PASSWORD = ""
    MAIL_SMTP_PASSWORD_FILE = ""
    MAIL_SMTP_CA_FILE = ""
    MAIL_FROM = ""
    MAIL_SINK = ""
    # Web Push: the VAPID private key (PEM file; `outreach vapid-key PATH` makes one) and the
    # contact the push services see (mailto: or https:).
    VAPID_PRIVATE_KEY_FILE = ""
    VAPID_SUBJECT = ""
    # Who sends: "thread" (a thread of `outreach serve`, every NOTIFY_INTERVAL_SECONDS) or "cron"
    # (`outreach notify` run from cron, e.g. every minute).
    NOTIFY_SENDER = "thread"
    NOTIFY_INTERVAL_SECONDS = 60
    # How long operational data is kept (`outreach prune`, and daily by `outreach serve`): signed-in
    # sessions (with IP address and browser) after they ended, the browser name and held cases of
    # devices revoked or of people who left after their last contact, ended notification messages.
    RETENTION_SESSIONS_DAYS = 180
    RETENTION_DEVICES_DAYS = 365
    RETENTION_NOTIFICATIONS_DAYS = 90
    # How long the records themselves are kept (issue 23, docs/privacy.md): a case file is anonymised
    # this many full years after the end of the year it closed (`outreach retention --apply`), its
    # consent evidence with it; a declined referral likewise after the year of its decision; audit
    # log lines are removed this many years after they were written (`outreach prune`).
    RETENTION_CASE_FILES_YEARS = 3
    RETENTION_DECLINED_REFERRALS_YEARS = 3
    RETENTION_AUDIT_LOG_YEARS = 3
    # Running it (issue 24, docs/operations.md): Litestream's replica (file:///dir or s3://bucket/path;
    # empty: no replication) and how often it ships changes; /readyz fails when the replica is further
    # behind than the limit. /metrics answers these networks, or anyone with the bearer token.
    REPLICA_URL = ""
    REPLICA_SYNC_INTERVAL_SECONDS = 1
    READY_MAX_REPLICATION_LAG_SECONDS = 60
    METRICS_ALLOWED_NETWORKS = "127.0.0.1/32,::1/128"
    METRICS_TOKEN = ""
    LOG_FORMAT = "text"

    # Fixed by the app, not meant to be changed.
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_NAME = "outreach_session"
    WTF_CSRF_TIME_LIMIT = None  # token lives as long as the session; see docs/security.md
    WTF_CSRF_SSL_STRICT = True
    BABEL_DEFAULT_LOCALE = "de"
    BABEL_DEFAULT_TIMEZONE = "Europe/Berlin"
    JSON_SORT_KEYS = False


# Settings a person may set (README "Configuration" documents exactly these).
PUBLIC_SETTINGS = (
    "SECRET_KEY",
    "DATABASE",
    "PUBLIC_ORIGIN",
    "EVIDENCE_KEY",
    "EVIDENCE_KEY_FILE",
    "EVIDENCE_KEY_ID",
    "EVIDENCE_KEYRING_FILE",
    "HOLIDAY_STATE",
    "MUNICIPALITY_KEY",
    "LANGUAGES",
    "TRUSTED_PROXIES",
    "MAX_CONTENT_LENGTH",
    "SQLITE_BUSY_TIMEOUT_MS",
    "SESSION_IDLE_MINUTES",
    "SESSION_ABSOLUTE_HOURS",
    "INVITATION_HOURS",
    "RECOVERY_HOURS",
    "ANOTHER_DEVICE_MINUTES",
    "CHALLENGE_MINUTES",
    "RATE_LIMIT_SIGN_IN",
    "RATE_LIMIT_SIGN_IN_PER_CREDENTIAL",
    "RATE_LIMIT_REGISTRATION",
    "RATE_LIMIT_INVITATIONS",
    "RATELIMIT_STORAGE_URI",
    "OFFLINE_LIFETIME_SECONDS",
    "CASELOAD_REFRESH_SECONDS",
    "SYNC_TIMEOUT_SECONDS",
    "OFFLINE_AUTO_LOCK_SECONDS",
    "FOLLOW_UP_MONTHS",
    "MAIL_SMTP_HOST",
    "MAIL_SMTP_PORT",
    "MAIL_SMTP_SECURITY",
    "MAIL_SMTP_USER",
    "MAIL_SMTP_PASSWORD",
    "MAIL_SMTP_PASSWORD_FILE",
    "MAIL_SMTP_CA_FILE",
    "MAIL_FROM",
    "MAIL_SINK",
    "VAPID_PRIVATE_KEY_FILE",
    "VAPID_SUBJECT",
    "NOTIFY_SENDER",
    "NOTIFY_INTERVAL_SECONDS",
    "RETENTION_SESSIONS_DAYS",
    "RETENTION_DEVICES_DAYS",
    "RETENTION_NOTIFICATIONS_DAYS",
    "RETENTION_CASE_FILES_YEARS",
    "RETENTION_DECLINED_REFERRALS_YEARS",
    "RETENTION_AUDIT_LOG_YEARS",
    "REPLICA_URL",
    "REPLICA_SYNC_INTERVAL_SECONDS",
    "READY_MAX_REPLICATION_LAG_SECONDS",
    "METRICS_ALLOWED_NETWORKS",
    "METRICS_TOKEN",
    "LOG_FORMAT",
)


_rings: dict[tuple, tuple[str, dict[str, bytes]]] = {}


def evidence_keyring(config) -> tuple[str, dict[str, bytes]]:
    """(current key id, every key by id) from EVIDENCE_KEYRING_FILE; ("", {}) when none is set or it
    cannot be read (production_problems says why). Every audit line asks for the key: the file is
    read again only when it changed (its size or time)."""
    path = config.get("EVIDENCE_KEYRING_FILE")
    try:
        stat = os.stat(path) if path else None
    except OSError:
        stat = None
    if stat is None:
        return "", {}
    seen = (path, stat.st_mtime_ns, stat.st_size)
    if seen not in _rings:
        _rings.clear()
        _rings[seen] = _read_keyring(Path(path))
    return _rings[seen]


def _read_keyring(path: Path) -> tuple[str, dict[str, bytes]]:
    try:
        ring = json.loads(path.read_text())
        keys = {str(key_id): str(key).encode() for key_id, key in ring["keys"].items()}
        return str(ring["current"]), keys
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return "", {}


def evidence_key_id(config) -> str:
    current, keys = evidence_keyring(config)
    return current if current in keys else config.get("EVIDENCE_KEY_ID", "k1")


def evidence_key(config) -> bytes:
    """The evidence key as bytes ('' when none is configured); the key ring's current key if one is set."""
    if config.get("EVIDENCE_KEYRING_FILE"):
        current, keys = evidence_keyring(config)
        return keys.get(current, b"")
    if config.get("EVIDENCE_KEY"):
        return str(config["EVIDENCE_KEY"]).encode()
    path = config.get("EVIDENCE_KEY_FILE")
    if path and Path(path).is_file():
        return Path(path).read_bytes().strip()
    return b""


def production_problems(config) -> list[str]:
    """What keeps this configuration from running in production, each with what to set.

    Checked by every app that is not the demo or the test factory; no setting turns it off.
    """
    problems = []
    if not config.get("SECRET_KEY") or config["SECRET_KEY"] == DEV_SECRET or len(config["SECRET_KEY"]) < 32:
        problems.append(
            "OUTREACH_SECRET_KEY is the development value or shorter than 32 characters: "
            "set a long random value, e.g. `python -c 'import secrets; print(secrets.token_hex(32))'`."
        )
    if config.get("DEBUG"):
        problems.append("Debug mode is on: unset FLASK_DEBUG / OUTREACH_DEBUG.")
    origin = config.get("PUBLIC_ORIGIN") or ""
    parts = urlsplit(origin)
    if parts.scheme not in ("https", "http") or not parts.hostname or parts.path not in ("", "/"):
        problems.append(
            "OUTREACH_PUBLIC_ORIGIN is missing or not an origin: set the address people use, "
            "e.g. https://outreach.example.org (passkeys are bound to it)."
        )
    elif parts.scheme == "http" and parts.hostname != "localhost":
        problems.append("OUTREACH_PUBLIC_ORIGIN must use https (passkeys and service workers need it).")
    ring_file = config.get("EVIDENCE_KEYRING_FILE")
    if ring_file:
        current, keys = evidence_keyring(config)
        if current not in keys:
            problems.append(f"OUTREACH_EVIDENCE_KEYRING_FILE {ring_file} cannot be read or names no current key "
                            "(`outreach rotate-evidence-key` writes it).")
        elif any(len(key) < 32 for key in keys.values()):
            problems.append("A key in the evidence key ring is shorter than 32 characters.")
    key = evidence_key(config)
    if not key:
        if not ring_file:  # a key ring that fails is named above
            problems.append(
                "No evidence key: set OUTREACH_EVIDENCE_KEY or OUTREACH_EVIDENCE_KEY_FILE "
                "(at least 32 characters, kept apart from the database; see docs/security.md)."
            )
    elif len(key) < 32:
        problems.append("The evidence key is shorter than 32 characters.")
    elif key == str(config.get("SECRET_KEY", "")).encode():
        problems.append("The evidence key must differ from the session secret.")
    return problems + notification_problems(config) + operations_problems(config)


LOOPBACK_HOSTS = ("localhost", "127.0.0.1", "::1")


def notification_problems(config) -> list[str]:
    """A half-configured mail or push channel would lose messages silently: refused at start."""
    problems = []
    host, sender = config.get("MAIL_SMTP_HOST"), config.get("MAIL_FROM")
    if bool(host) != bool(sender):
        problems.append("E-mail is half configured: set both OUTREACH_MAIL_SMTP_HOST and OUTREACH_MAIL_FROM "
                        "(or neither).")
    if host and config.get("MAIL_SINK"):
        problems.append("OUTREACH_MAIL_SINK and OUTREACH_MAIL_SMTP_HOST are both set: choose one.")
    security = config.get("MAIL_SMTP_SECURITY")
    if host and security not in ("starttls", "tls", "none"):
        problems.append("OUTREACH_MAIL_SMTP_SECURITY must be starttls, tls or none.")
    elif host and security == "none" and host not in LOOPBACK_HOSTS:
        problems.append("OUTREACH_MAIL_SMTP_SECURITY=none is only for a mail server on this computer: use "
                        "starttls or tls.")
    has_password = bool(config.get("MAIL_SMTP_PASSWORD") or config.get("MAIL_SMTP_PASSWORD_FILE"))
    if bool(config.get("MAIL_SMTP_USER")) != has_password:
        problems.append("The mail account is half configured: set OUTREACH_MAIL_SMTP_USER and a password "
                        "(OUTREACH_MAIL_SMTP_PASSWORD or _FILE) together.")
    password_file = config.get("MAIL_SMTP_PASSWORD_FILE")
    if password_file and not Path(password_file).is_file():
        problems.append(f"OUTREACH_MAIL_SMTP_PASSWORD_FILE {password_file} cannot be read.")
    if host and not str(config.get("MAIL_SMTP_PORT", "")).isdigit():
        problems.append("OUTREACH_MAIL_SMTP_PORT must be a port number.")
    key_file, subject = config.get("VAPID_PRIVATE_KEY_FILE"), config.get("VAPID_SUBJECT")
    if bool(key_file) != bool(subject):
        problems.append("Push is half configured: set OUTREACH_VAPID_PRIVATE_KEY_FILE and OUTREACH_VAPID_SUBJECT "
                        "together (or neither).")
    elif key_file and not Path(key_file).is_file():
        problems.append(f"OUTREACH_VAPID_PRIVATE_KEY_FILE {key_file} cannot be read (`outreach vapid-key PATH` "
                        "makes one).")
    if subject and not str(subject).startswith(("mailto:", "https://")):
        problems.append("OUTREACH_VAPID_SUBJECT must be a mailto: or https: address the push services may contact.")
    if config.get("NOTIFY_SENDER", "thread") not in ("thread", "cron"):
        problems.append("OUTREACH_NOTIFY_SENDER must be thread or cron.")
    for name in ("RETENTION_SESSIONS_DAYS", "RETENTION_DEVICES_DAYS", "RETENTION_NOTIFICATIONS_DAYS"):
        value = config.get(name, 1)
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            problems.append(f"OUTREACH_{name} must be a whole number of days, at least 1.")
    for name in ("RETENTION_CASE_FILES_YEARS", "RETENTION_DECLINED_REFERRALS_YEARS", "RETENTION_AUDIT_LOG_YEARS"):
        value = config.get(name, 1)
        if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 30:
            problems.append(f"OUTREACH_{name} must be a whole number of years from 1 to 30.")
    return problems


REPLICA_SCHEMES = ("file", "s3", "gs", "abs", "sftp")  # what Litestream replicates to


def operations_problems(config) -> list[str]:
    """Replication, metrics and log settings that cannot work (issue 24)."""
    import ipaddress

    problems = []
    replica = str(config.get("REPLICA_URL") or "")
    if replica and urlsplit(replica).scheme not in REPLICA_SCHEMES:
        problems.append("OUTREACH_REPLICA_URL must be a Litestream replica URL: file:///path, s3://bucket/path, "
                        "gs://…, abs://… or sftp://….")
    for name, low, high in (("REPLICA_SYNC_INTERVAL_SECONDS", 1, 3600), ("READY_MAX_REPLICATION_LAG_SECONDS", 1, 86400)):
        value = config.get(name, low)
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            problems.append(f"OUTREACH_{name} must be a whole number of seconds from {low} to {high}.")
    for network in str(config.get("METRICS_ALLOWED_NETWORKS") or "").split(","):
        try:
            if network.strip():
                ipaddress.ip_network(network.strip(), strict=False)
        except ValueError:
            problems.append(f"OUTREACH_METRICS_ALLOWED_NETWORKS: {network.strip()!r} is not a network (10.0.0.0/8).")
    token = str(config.get("METRICS_TOKEN") or "")
    if token and len(token) < 32:
        problems.append("OUTREACH_METRICS_TOKEN must be at least 32 characters (or empty).")
    if config.get("LOG_FORMAT", "text") not in ("text", "json"):
        problems.append("OUTREACH_LOG_FORMAT must be text or json.")
    return problems


def rp_id(config) -> str:
    """WebAuthn relying-party id: the public origin's host."""
    return urlsplit(config["PUBLIC_ORIGIN"]).hostname or "localhost"


def resolve_database_path(config, instance_path: str) -> str:
    path = config["DATABASE"]
    if path == ":memory:" or os.path.isabs(path):
        return path
    return os.path.join(instance_path, path)
