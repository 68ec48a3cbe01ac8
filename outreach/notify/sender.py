"""The sender: a round plans what waits for each listening person and delivers the messages that
are due — from a thread of `outreach serve` (every NOTIFY_INTERVAL_SECONDS) or from `outreach
notify` in cron. It has its own database connection and never runs inside a request, so a mail
or push server that is slow or down never slows or fails one; a message it could not deliver is
tried again after a growing pause, and after about a day marked failed for the admins."""

from __future__ import annotations

import logging
import threading
from datetime import datetime

from flask_babel import force_locale

from .. import clock, for_you
from .. import db as database
from ..auth.people import get_person
from ..db import one_row
from ..domain.notify import GIVE_UP_AFTER, pause_after
from . import channels, planner, store
from .texts import text

log = logging.getLogger(__name__)
_round_lock = threading.Lock()  # one round at a time in this process (the thread and a test, say)


def run_once(app, now: datetime | None = None) -> dict:
    """One round: plan, then deliver. Returns what it did (for the command and the tests)."""
    now = now or clock.now()
    with _round_lock, app.app_context():
        db = database.connect(app.config["DATABASE_PATH"], app.config["SQLITE_BUSY_TIMEOUT_MS"])
        try:
            with app.test_request_context("/", base_url=app.config["PUBLIC_ORIGIN"] or "http://localhost"):
                queued = planner.plan(db, now, lambda person_id, language: _entries(db, person_id, language, now))
                sent, failed = deliver(app, db, now)
        finally:
            db.close()
    return {"queued": queued, "sent": sent, "failed": failed}


def _entries(db, person_id: str, language: str, now: datetime) -> list:
    person = get_person(db, person_id)
    if person is None or not person.is_active:
        return []
    with force_locale(language):
        return for_you.entries(db, person.actor, now.astimezone(clock.BERLIN).date())


def deliver(app, db, now: datetime) -> tuple[int, int]:
    """Every message due: sent, dropped (its channel is gone), or tried again later."""
    sent = failed = 0
    config = app.config
    for message in store.due_messages(db, clock.stamp(now)):
        try:
            if message["channel"] == "email":
                if not (message["email_on"] and message["email_address"]) or not channels.mail_configured(config):
                    store.finish(db, message["id"], "dropped", "e-mail switched off or not configured")
                    continue
                channels.send_mail(config, message["email_address"],
                                   text(message["item_count"], bool(message["digest"]), message["language"]))
            else:
                subscription = one_row(db, "SELECT * FROM push_subscription WHERE id = ?", [message["subscription_id"]])
                if subscription is None or not channels.push_configured(config):
                    store.finish(db, message["id"], "dropped", "subscription gone or push not configured")
                    continue
                channels.send_push(config, subscription,
                                   text(message["item_count"], bool(message["digest"]), message["language"]))
        except channels.Gone as gone:
            store.drop_subscription(db, message["subscription_id"])
            store.finish(db, message["id"], "dropped", f"push service: subscription gone ({gone})")
            continue
        except Exception as error:  # noqa: BLE001 — whatever the server did, the message is tried again later
            attempts = message["attempts"] + 1
            reason = f"{type(error).__name__}: {error}"
            if attempts >= GIVE_UP_AFTER:
                store.finish(db, message["id"], "failed", reason)
            else:
                store.retry_later(db, message["id"], attempts, clock.stamp(now + pause_after(attempts)), reason)
            log.warning("Notification %s not delivered (attempt %s): %s", message["id"], attempts, reason)
            failed += 1
            continue
        store.finish(db, message["id"], "sent")
        sent += 1
    return sent, failed


def start_thread(app) -> threading.Thread | None:
    """The sender's thread in `outreach serve` (NOTIFY_SENDER = "thread") when a channel is set up."""
    config = app.config
    if config.get("NOTIFY_SENDER") != "thread" or not (channels.mail_configured(config)
                                                         or channels.push_configured(config)):
        return None
    interval = max(5, int(config["NOTIFY_INTERVAL_SECONDS"]))

    def loop():
        stop = threading.Event()
        while not stop.wait(interval):
            try:
                run_once(app)
            except Exception:  # noqa: BLE001 — a failed round is logged; the next one tries again
                log.exception("The notification round failed")

    thread = threading.Thread(target=loop, name="outreach-notify", daemon=True)
    thread.start()
    return thread
