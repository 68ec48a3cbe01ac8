"""From "for you" entries to messages: each thing that waits for a person (an entry's key) is
recorded once; what goes at once is queued now (after the quiet hours), what goes in the digest
waits for the person's hour and is counted then if it still waits. A message carries a count
and a language, nothing else; the sender turns it into a mail or a push."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

from .. import clock
from ..db import write
from ..domain.notify import after_quiet_hours, digest_due, mode_for
from . import store

KEEP_DONE_EVENTS = timedelta(days=90)  # a thing told and done is forgotten after this


def baseline(db, person_id: str, found: list) -> None:
    """Channels switched on: what waits now is known already, so the first message is not a flood."""
    now = clock.stamp()
    with write(db):
        for entry in found:
            for key in entry.event_keys():
                db.execute("INSERT OR IGNORE INTO notify_event (person_id, key, kind, mode, seen_at, told_at) "
                           "VALUES (?, ?, ?, 'known', ?, ?)", [person_id, key, entry.kind, now, now])


def plan(db, now: datetime, entries_of: Callable[[str, str], list]) -> int:
    """One round for every person listening; `entries_of(person_id, language)` reads their entries.
    Returns the number of messages queued."""
    queued = 0
    for person_id in store.listeners(db):
        queued += plan_for(db, person_id, now, entries_of)
    return queued


def plan_for(db, person_id: str, now: datetime, entries_of: Callable[[str, str], list]) -> int:
    settings = store.settings_of(db, person_id)
    preferences = store.preferences(settings)
    language = settings["language"] if settings else "de"
    current = {}
    for entry in entries_of(person_id, language):
        for key in entry.event_keys():
            current[key] = entry
    stamp = clock.stamp(now)
    local = now.astimezone(clock.BERLIN)
    due = clock.stamp(after_quiet_hours(local, preferences.quiet_from, preferences.quiet_to))
    channels = _channels(db, person_id, settings)
    queued = 0
    with write(db):
        known = {row[0] for row in db.execute("SELECT key FROM notify_event WHERE person_id = ?", [person_id])}
        for key, entry in current.items():
            if key not in known:
                mode = mode_for(entry.kind, entry.urgent, preferences)
                db.execute("INSERT INTO notify_event (person_id, key, kind, mode, seen_at, told_at) "
                           "VALUES (?, ?, ?, ?, ?, ?)", [person_id, key, entry.kind, mode, stamp,
                                                        stamp if mode == "off" else None])
        instant = _untold(db, person_id, "instant", current, stamp)
        if instant:
            queued += _queue(db, person_id, channels, instant, False, language, stamp, due)
        last = settings["last_digest_at"] if settings else None
        # The first round starts the digest's clock (the first one comes at the next hour chosen, not now).
        due_digest = last is not None and digest_due(local, preferences.digest_hour,
                                                     clock.parse_stamp(last).astimezone(clock.BERLIN))
        if due_digest:
            waiting = _untold(db, person_id, "digest", current, stamp)
            if waiting:
                queued += _queue(db, person_id, channels, waiting, True, language, stamp, due)
        if settings and (last is None or due_digest):
            db.execute("UPDATE notify_setting SET last_digest_at = ? WHERE person_id = ?", [stamp, person_id])
        # Forget what was told long ago and is done (a thing still waiting stays known: never told twice).
        old = [row[0] for row in db.execute("SELECT key FROM notify_event WHERE person_id = ? AND told_at < ?",
                                            [person_id, clock.stamp(now - KEEP_DONE_EVENTS)])]
        db.conn.executemany("DELETE FROM notify_event WHERE person_id = ? AND key = ?",
                            [(person_id, key) for key in old if key not in current])
    return queued


def _untold(db, person_id: str, mode: str, current: dict, stamp: str) -> int:
    """Marks the events of a mode told; returns how many of them still wait (the others were done
    before they could be told and go untold)."""
    keys = [row[0] for row in db.execute("SELECT key FROM notify_event WHERE person_id = ? AND mode = ? "
                                         "AND told_at IS NULL", [person_id, mode])]
    db.execute("UPDATE notify_event SET told_at = ? WHERE person_id = ? AND mode = ? AND told_at IS NULL",
               [stamp, person_id, mode])
    return sum(key in current for key in keys)


def _channels(db, person_id: str, settings: dict | None) -> list[tuple[str, str | None]]:
    found = [("email", None)] if settings and settings["email_on"] and settings["email_address"] else []
    return found + [("push", row["id"]) for row in store.subscriptions_of(db, person_id)]


def _queue(db, person_id: str, channels, count: int, digest: bool, language: str, created: str, due: str) -> int:
    for channel, subscription_id in channels:
        store.enqueue(db, person_id, channel=channel, item_count=count, digest=digest, language=language,
                      created_at=created, due_at=due, subscription_id=subscription_id)
    return len(channels)
