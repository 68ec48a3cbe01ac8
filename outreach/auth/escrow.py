"""The person's escrow for the phone's vault (issue 25): every device of a person keeps its offline
data under the same data key. The first device wraps that key with the person's escrow key (made
here) and leaves only the wrapping; a device set up later receives key and wrapping and opens the
same data key. The server never sees the data key itself. Flask-free."""

from __future__ import annotations

import binascii
import json
import re
import secrets

import sqlite_utils
from webauthn.helpers import base64url_to_bytes

from .. import clock
from ..db import one_row, write

# A wrapping as the phone makes it (base64url without padding): a 32-byte salt for HKDF, the
# 12-byte AES-GCM IV, the 32-byte key wrapped with its 16-byte tag.
WRAPPING_BYTES = {"salt": 32, "iv": 12, "wrapped": 48}
_B64URL = re.compile(r"[A-Za-z0-9_-]{1,128}")


def _decoded_length(text: str) -> int | None:
    if not isinstance(text, str) or not _B64URL.fullmatch(text):
        return None
    try:
        return len(base64url_to_bytes(text))
    except (binascii.Error, ValueError):
        return None


def valid_wrapping(value: object) -> bool:
    """A wrapping with exactly the three fields, each of its length."""
    return isinstance(value, dict) and set(value) == set(WRAPPING_BYTES) \
        and all(_decoded_length(value[name]) == size for name, size in WRAPPING_BYTES.items())


def escrow(db: sqlite_utils.Database, person_id: str, *, offer: dict | None = None,
           device_id: str | None = None) -> tuple[bytes, dict | None, bool]:
    """The person's escrow key (made once) and the stored wrapping; `offer` (a valid wrapping) is
    kept if none is stored yet — the first device's key wins. Returns (key, wrapping, stored_now)."""
    if offer is not None and not valid_wrapping(offer):
        raise ValueError("wrapping")
    with write(db):
        db.execute("INSERT OR IGNORE INTO vault_escrow (person_id, escrow_key) VALUES (?, ?)",
                   [person_id, secrets.token_bytes(32)])
        stored_now = False
        if offer is not None:
            stored_now = db.execute(
                "UPDATE vault_escrow SET wrapping = ?, set_at = ?, set_by_device = ? WHERE person_id = ? AND wrapping IS NULL",
                [json.dumps(offer, sort_keys=True), clock.stamp(), device_id, person_id]).rowcount == 1
    row = one_row(db, "SELECT escrow_key, wrapping FROM vault_escrow WHERE person_id = ?", [person_id])
    return row["escrow_key"], (json.loads(row["wrapping"]) if row["wrapping"] else None), stored_now
