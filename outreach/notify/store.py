"""The notification tables (migration 0021): a person's settings, their devices' push
subscriptions, the events told once, and the queue of messages."""

from __future__ import annotations

import json
import secrets

from .. import clock
from ..db import one_row, write
from ..domain.notify import MODES, Preferences


def settings_of(db, person_id: str) -> dict | None:
    return one_row(db, "SELECT * FROM notify_setting WHERE person_id = ?", [person_id])


def preferences(row: dict | None) -> Preferences:
    if row is None:
        return Preferences()
    kinds = {kind: mode for kind, mode in json.loads(row["kinds"] or "{}").items() if mode in MODES}
    return Preferences(bool(row["email_on"]), row["email_mode"], row["digest_hour"], row["quiet_from"],
                       row["quiet_to"], kinds)


def save_settings(db, person_id: str, *, email_on: bool, email_address: str, email_mode: str, digest_hour: int,
                  quiet_from: int | None, quiet_to: int | None, kinds: dict, language: str) -> None:
    row = {"person_id": person_id, "email_on": int(email_on), "email_address": email_address,
           "email_mode": email_mode, "digest_hour": digest_hour, "quiet_from": quiet_from, "quiet_to": quiet_to,
           "kinds": json.dumps(kinds, sort_keys=True), "language": language, "updated_at": clock.stamp()}
    with write(db):
        db["notify_setting"].upsert(row, pk="person_id")


def listeners(db) -> list[str]:
    """Active people with a channel on: e-mail, or a device subscribed to push."""
    return [row[0] for row in db.execute(
        """SELECT p.id FROM person p WHERE p.status = 'active' AND (
               EXISTS (SELECT 1 FROM notify_setting s WHERE s.person_id = p.id AND s.email_on = 1)
               OR EXISTS (SELECT 1 FROM push_subscription u WHERE u.person_id = p.id)) ORDER BY p.id""")]


# Push subscriptions -------------------------------------------------------------------------

def subscriptions_of(db, person_id: str) -> list[dict]:
    return list(db.query("""SELECT u.*, d.user_agent, d.last_contact_at FROM push_subscription u
                            LEFT JOIN device d ON d.id = u.device_id WHERE u.person_id = ? ORDER BY u.created_at""",
                         [person_id]))


def subscribe(db, person_id: str, device_id: str | None, endpoint: str, p256dh: str, auth: str) -> str:
    """The device's subscription, replacing what the same endpoint or device had before."""
    with write(db):
        db.execute("DELETE FROM push_subscription WHERE endpoint = ? OR (device_id IS NOT NULL AND device_id = ?)",
                   [endpoint, device_id])
        subscription_id = secrets.token_urlsafe(12)
        db["push_subscription"].insert({"id": subscription_id, "person_id": person_id, "device_id": device_id,
                                        "endpoint": endpoint, "p256dh": p256dh, "auth": auth,
                                        "created_at": clock.stamp()})
    return subscription_id


def unsubscribe(db, person_id: str, *, subscription_id: str | None = None, endpoint: str | None = None) -> int:
    with write(db):
        return db.execute("DELETE FROM push_subscription WHERE person_id = ? AND (id = ? OR endpoint = ?)",
                          [person_id, subscription_id, endpoint]).rowcount


def drop_device(db, device_id: str) -> int:
    """A device signed out or was revoked: its push subscription goes (no more pushes to it)."""
    with write(db):
        return db.execute("DELETE FROM push_subscription WHERE device_id = ?", [device_id]).rowcount


def drop_subscription(db, subscription_id: str) -> None:
    with write(db):
        db.execute("DELETE FROM push_subscription WHERE id = ?", [subscription_id])


# The queue ----------------------------------------------------------------------------------

def enqueue(db, person_id: str, *, channel: str, item_count: int, digest: bool, language: str, created_at: str,
            due_at: str, subscription_id: str | None = None) -> None:
    db["notify_message"].insert({"person_id": person_id, "channel": channel, "subscription_id": subscription_id,
                                 "item_count": item_count, "digest": int(digest), "language": language,
                                 "created_at": created_at, "due_at": due_at, "next_try_at": due_at})


def due_messages(db, now: str, limit: int = 200) -> list[dict]:
    return list(db.query("""SELECT m.*, s.email_on, s.email_address FROM notify_message m
                            LEFT JOIN notify_setting s ON s.person_id = m.person_id
                            WHERE m.status = 'waiting' AND m.next_try_at <= ? ORDER BY m.next_try_at, m.id LIMIT ?""",
                         [now, limit]))


def finish(db, message_id: int, status: str, error: str = "") -> None:
    with write(db):
        db.execute("UPDATE notify_message SET status = ?, ended_at = ?, last_error = ?, attempts = attempts + ? "
                   "WHERE id = ?", [status, clock.stamp(), error[:300], int(status != "dropped"), message_id])


def retry_later(db, message_id: int, attempts: int, next_try_at: str, error: str) -> None:
    with write(db):
        db.execute("UPDATE notify_message SET attempts = ?, next_try_at = ?, last_error = ? WHERE id = ?",
                   [attempts, next_try_at, error[:300], message_id])


def queue_page(db, *, status: str = "", limit: int = 50, offset: int = 0) -> tuple[list[dict], int]:
    where, params = ("WHERE m.status = ?", [status]) if status else ("", [])
    total = db.execute(f"SELECT count(*) FROM notify_message m {where}", params).fetchone()[0]
    rows = list(db.query(f"""SELECT m.*, p.display_name FROM notify_message m JOIN person p ON p.id = m.person_id
                             {where} ORDER BY m.id DESC LIMIT ? OFFSET ?""", [*params, limit, offset]))
    return rows, total


def prune(db, now, config) -> dict[str, int]:
    """Messages that ended (sent, failed, dropped) longer ago than RETENTION_NOTIFICATIONS_DAYS."""
    from datetime import timedelta

    before = clock.stamp(now - timedelta(days=int(config["RETENTION_NOTIFICATIONS_DAYS"])))
    with write(db):
        return {"messages": db.execute("DELETE FROM notify_message WHERE status != 'waiting' AND ended_at < ?",
                                       [before]).rowcount}


def queue_counts(db) -> dict[str, int]:
    return dict(db.execute("SELECT status, count(*) FROM notify_message GROUP BY status").fetchall())
