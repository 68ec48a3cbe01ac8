"""Migration 0021_notifications."""

from __future__ import annotations

import sqlite_utils

from . import migration, run_statements


@migration("0021_notifications")
def m0021_notifications(db: sqlite_utils.Database) -> None:
    # Telling people when it is their turn (issue 22), without personal data in any message.
    # notify_setting: a person's channels — e-mail (address, at once or a daily digest at an hour)
    # and push — the kinds they chose otherwise than the default, and quiet hours (Berlin hours).
    # notify_event: each thing that waited for a person ("for you" entry key), once: whether it
    # goes at once, in the digest or nowhere, and the message that told of it (each event is told
    # at most once per channel). notify_message: the queue the sender works through, retried with
    # backoff, visible to admins; it holds a count and a language, never a text about a case.
    # push_subscription: a device's Web Push endpoint and keys, removed at sign-out, revocation
    # or when the push service says it is gone. device.oldest_unsent_at: the oldest item waiting in
    # the device's outbox at its last contact (supervisors see devices with old unsent items).
    # case_look: when a person last opened a case's page (answers since then wait "for you").
    run_statements(
        db,
        """
        CREATE TABLE notify_setting (
            person_id TEXT PRIMARY KEY REFERENCES person(id),
            email_on INTEGER NOT NULL DEFAULT 0 CHECK (email_on IN (0, 1)),
            email_address TEXT NOT NULL DEFAULT '',
            email_mode TEXT NOT NULL DEFAULT 'digest' CHECK (email_mode IN ('instant', 'digest')),
            digest_hour INTEGER NOT NULL DEFAULT 7 CHECK (digest_hour BETWEEN 0 AND 23),
            quiet_from INTEGER CHECK (quiet_from BETWEEN 0 AND 23),
            quiet_to INTEGER CHECK (quiet_to BETWEEN 0 AND 23),
            kinds TEXT NOT NULL DEFAULT '{}',
            language TEXT NOT NULL DEFAULT 'de',
            last_digest_at TEXT,
            updated_at TEXT NOT NULL
        ) STRICT;
        CREATE TABLE notify_message (
            id INTEGER PRIMARY KEY,
            person_id TEXT NOT NULL REFERENCES person(id),
            channel TEXT NOT NULL CHECK (channel IN ('email', 'push')),
            subscription_id TEXT,
            item_count INTEGER NOT NULL CHECK (item_count > 0),
            digest INTEGER NOT NULL CHECK (digest IN (0, 1)),
            language TEXT NOT NULL,
            created_at TEXT NOT NULL,
            due_at TEXT NOT NULL,
            next_try_at TEXT NOT NULL,
            attempts INTEGER NOT NULL DEFAULT 0,
            last_error TEXT NOT NULL DEFAULT '',
            status TEXT NOT NULL DEFAULT 'waiting' CHECK (status IN ('waiting', 'sent', 'failed', 'dropped')),
            ended_at TEXT
        ) STRICT;
        CREATE INDEX notify_message_due ON notify_message(status, next_try_at);
        CREATE INDEX notify_message_person ON notify_message(person_id, id);
        CREATE TABLE notify_event (
            person_id TEXT NOT NULL REFERENCES person(id),
            key TEXT NOT NULL,
            kind TEXT NOT NULL,
            mode TEXT NOT NULL CHECK (mode IN ('instant', 'digest', 'off', 'known')),
            seen_at TEXT NOT NULL,
            told_at TEXT,
            PRIMARY KEY (person_id, key)
        ) STRICT, WITHOUT ROWID;
        CREATE INDEX notify_event_untold ON notify_event(person_id, mode) WHERE told_at IS NULL;
        CREATE TABLE push_subscription (
            id TEXT PRIMARY KEY,
            person_id TEXT NOT NULL REFERENCES person(id),
            device_id TEXT REFERENCES device(id),
            endpoint TEXT NOT NULL UNIQUE,
            p256dh TEXT NOT NULL,
            auth TEXT NOT NULL,
            created_at TEXT NOT NULL
        ) STRICT;
        CREATE INDEX push_subscription_person ON push_subscription(person_id);
        CREATE INDEX push_subscription_device ON push_subscription(device_id);
        ALTER TABLE device ADD COLUMN oldest_unsent_at TEXT;
        CREATE TABLE case_look (
            person_id TEXT NOT NULL REFERENCES person(id),
            case_id TEXT NOT NULL REFERENCES household_case(id),
            looked_at TEXT NOT NULL,
            PRIMARY KEY (person_id, case_id)
        ) STRICT, WITHOUT ROWID;
        """,
    )
