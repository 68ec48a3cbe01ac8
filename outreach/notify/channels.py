"""The two ways out: e-mail through the configured SMTP server (smtplib, STARTTLS or TLS) or a
local sink (a folder of .eml files, or the log), and Web Push through pywebpush (VAPID, the
payload encrypted as RFC 8291 requires). Both carry the same content-free text."""

from __future__ import annotations

import base64
import json
import logging
import smtplib
import ssl
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from pathlib import Path

log = logging.getLogger(__name__)
TIMEOUT_SECONDS = 15  # the sender's own thread waits at most this for a server; never a request


@dataclass(frozen=True)
class Text:
    subject: str
    body: str
    url: str


class Gone(Exception):
    """The push service no longer knows the subscription (404/410): it is removed."""


def smtp_password(config) -> str:
    if config.get("MAIL_SMTP_PASSWORD"):
        return str(config["MAIL_SMTP_PASSWORD"])
    path = config.get("MAIL_SMTP_PASSWORD_FILE")
    return Path(path).read_text().strip() if path and Path(path).is_file() else ""


def send_mail(config, to: str, text: Text) -> None:
    message = EmailMessage()
    message["From"] = config.get("MAIL_FROM") or "outreach@localhost"
    message["To"] = to
    message["Subject"] = text.subject
    message["Date"] = formatdate(localtime=False)
    message["Message-ID"] = make_msgid(domain=(message["From"].split("@")[-1].strip("> ") or "localhost"))
    message["Auto-Submitted"] = "auto-generated"  # RFC 3834: no auto-replies to it
    message.set_content(text.body)
    sink = config.get("MAIL_SINK") or ""
    if sink == "console":
        log.warning("Mail (console sink) to %s:\n%s", to, message.as_string())
        return
    if sink:
        folder = Path(sink)
        folder.mkdir(parents=True, exist_ok=True)
        name = message["Message-ID"].strip("<>").replace("@", "_").replace("/", "_")
        (folder / f"{name}.eml").write_bytes(message.as_bytes())
        return
    host, port = config["MAIL_SMTP_HOST"], int(config["MAIL_SMTP_PORT"])
    security = config.get("MAIL_SMTP_SECURITY", "starttls")
    context = ssl.create_default_context(cafile=config.get("MAIL_SMTP_CA_FILE") or None)
    if security == "tls":
        client = smtplib.SMTP_SSL(host, port, timeout=TIMEOUT_SECONDS, context=context)
    else:
        client = smtplib.SMTP(host, port, timeout=TIMEOUT_SECONDS)
    with client:
        if security == "starttls":
            client.starttls(context=context)
        if config.get("MAIL_SMTP_USER"):
            client.login(config["MAIL_SMTP_USER"], smtp_password(config))
        client.send_message(message)


def send_push(config, subscription: dict, text: Text) -> None:
    from pywebpush import WebPushException, webpush

    payload = json.dumps({"title": "Outreach", "body": text.subject, "url": text.url, "tag": "for-you"})
    try:
        webpush({"endpoint": subscription["endpoint"], "keys": {"p256dh": subscription["p256dh"],
                                                                 "auth": subscription["auth"]}},
                payload, vapid_private_key=config["VAPID_PRIVATE_KEY_FILE"],
                vapid_claims={"sub": config["VAPID_SUBJECT"]}, ttl=24 * 3600, timeout=TIMEOUT_SECONDS)
    except WebPushException as failed:
        status = getattr(failed.response, "status_code", None)
        if status in (404, 410):
            raise Gone(str(status)) from failed
        raise RuntimeError(f"push service answered {status}") from failed


def application_server_key(config) -> str:
    """The VAPID public key as the browser's pushManager.subscribe wants it (base64url, no padding)."""
    from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
    from py_vapid import Vapid

    path = config.get("VAPID_PRIVATE_KEY_FILE")
    if not path:
        return ""
    raw = Vapid.from_file(path).public_key.public_bytes(Encoding.X962, PublicFormat.UncompressedPoint)
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def make_vapid_key(path: str) -> None:
    """A new VAPID key pair (the private key in PEM) for a server or the demo."""
    from py_vapid import Vapid

    key = Vapid()
    key.generate_keys()
    key.save_key(path)


def push_configured(config) -> bool:
    return bool(config.get("VAPID_PRIVATE_KEY_FILE") and config.get("VAPID_SUBJECT"))


def mail_configured(config) -> bool:
    return bool(config.get("MAIL_SINK") or (config.get("MAIL_SMTP_HOST") and config.get("MAIL_FROM")))
