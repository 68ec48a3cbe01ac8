"""Passkeys with py_webauthn: options, verification and the credential records.

User verification is always required, credentials are discoverable (resident), challenges come
from challenges.py. Removed and revoked credentials are kept (public key, id, counter) so what
they signed can still be verified.
"""

from __future__ import annotations

import json

import sqlite_utils
from webauthn import (
    generate_authentication_options,
    generate_registration_options,
    options_to_json,
    verify_authentication_response,
    verify_registration_response,
)
from webauthn.helpers import (
    base64url_to_bytes,
    bytes_to_base64url,
    parse_authenticator_data,
)
from webauthn.helpers.exceptions import WebAuthnException
from webauthn.helpers.structs import (
    AuthenticatorSelectionCriteria,
    PublicKeyCredentialDescriptor,
    ResidentKeyRequirement,
    UserVerificationRequirement,
)

from .. import clock
from ..db import one_row, write

RP_NAME = "Outreach"


class PasskeyRefused(Exception):
    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def registration_options(rp_id: str, person, challenge: bytes, exclude_ids: list[str]) -> dict:
    options = generate_registration_options(
        rp_id=rp_id,
        rp_name=RP_NAME,
        user_id=person.user_handle,
        user_name=person.email,
        user_display_name=person.display_name,
        challenge=challenge,
        timeout=300_000,
        authenticator_selection=AuthenticatorSelectionCriteria(
            resident_key=ResidentKeyRequirement.REQUIRED,
            user_verification=UserVerificationRequirement.REQUIRED,
        ),
        exclude_credentials=[PublicKeyCredentialDescriptor(id=base64url_to_bytes(i)) for i in exclude_ids],
    )
    return json.loads(options_to_json(options))


def authentication_options(rp_id: str, challenge: bytes, allow_ids: list[str] | None = None) -> dict:
    options = generate_authentication_options(
        rp_id=rp_id,
        challenge=challenge,
        timeout=300_000,
        user_verification=UserVerificationRequirement.REQUIRED,
        allow_credentials=[PublicKeyCredentialDescriptor(id=base64url_to_bytes(i)) for i in allow_ids or []],
    )
    return json.loads(options_to_json(options))


def client_challenge(credential: dict) -> bytes:
    """The challenge the browser signed, read from clientDataJSON (verified again later)."""
    try:
        client_data = json.loads(base64url_to_bytes(credential["response"]["clientDataJSON"]))
        return base64url_to_bytes(client_data["challenge"])
    except (KeyError, TypeError, ValueError) as exc:
        raise PasskeyRefused("malformed") from exc


def verify_registration(credential: dict, challenge: bytes, origin: str, rp_id: str):
    try:
        return verify_registration_response(
            credential=credential, expected_challenge=challenge, expected_origin=origin,
            expected_rp_id=rp_id, require_user_verification=True,
        )
    except (WebAuthnException, KeyError, TypeError, ValueError) as exc:
        raise PasskeyRefused("invalid_registration") from exc


def store_credential(db: sqlite_utils.Database, person_id: str, verified, name: str, transports: list[str]) -> str:
    credential_id = bytes_to_base64url(verified.credential_id)
    with write(db):
        db["credential"].insert({
            "id": credential_id, "person_id": person_id, "public_key": verified.credential_public_key,
            "sign_count": verified.sign_count, "transports": json.dumps(transports),
            "aaguid": verified.aaguid or "", "device_type": str(getattr(verified.credential_device_type, "value",
                                                                        verified.credential_device_type)),
            "backed_up": int(bool(verified.credential_backed_up)), "name": name[:80] or "Passkey",
            "created_at": clock.stamp(), "last_used_at": None, "removed_at": None, "revoked_at": None,
            "revoked_by": None,
        })
    return credential_id


def get_credential(db: sqlite_utils.Database, credential_id: str) -> dict | None:
    return one_row(db, "SELECT * FROM credential WHERE id = ?", [credential_id])


def usable(credential: dict | None) -> bool:
    return bool(credential) and not credential["removed_at"] and not credential["revoked_at"]


def credentials_of(db: sqlite_utils.Database, person_id: str, *, usable_only: bool = True) -> list[dict]:
    rows = db.query("SELECT * FROM credential WHERE person_id = ? ORDER BY created_at", [person_id])
    return [row for row in rows if usable(row) or not usable_only]


def verify_sign_in(credential: dict, stored: dict, challenge: bytes, origin: str, rp_id: str) -> int:
    """Verify an assertion; return the new sign count. A valid signature with a counter that
    did not go up (not 0/0) is refused as a possible clone."""
    try:
        verified = verify_authentication_response(
            credential=credential, expected_challenge=challenge, expected_origin=origin,
            expected_rp_id=rp_id, credential_public_key=stored["public_key"],
            credential_current_sign_count=0, require_user_verification=True,
        )
    except (WebAuthnException, KeyError, TypeError, ValueError) as exc:
        raise PasskeyRefused("invalid_assertion") from exc
    new, old = verified.new_sign_count, stored["sign_count"]
    if (new > 0 or old > 0) and new <= old:
        raise PasskeyRefused("counter_regression")
    return new


def record_use(db: sqlite_utils.Database, credential_id: str, sign_count: int, credential: dict) -> None:
    flags = parse_authenticator_data(base64url_to_bytes(credential["response"]["authenticatorData"])).flags
    with write(db):
        db.execute(
            "UPDATE credential SET sign_count = ?, last_used_at = ?, backed_up = ? WHERE id = ?",
            [sign_count, clock.stamp(), int(bool(flags.bs)), credential_id],
        )


def rename(db: sqlite_utils.Database, credential_id: str, name: str) -> None:
    with write(db):
        db.execute("UPDATE credential SET name = ? WHERE id = ?", [name.strip()[:80], credential_id])


def remove(db: sqlite_utils.Database, credential_id: str, *, revoked_by: str | None = None) -> None:
    """Removed by its owner or revoked by an admin: kept for verification, never usable again,
    and every session signed in with it ends."""
    from .sessions import end_sessions

    column = "revoked_at" if revoked_by else "removed_at"
    with write(db):
        db.execute(f"UPDATE credential SET {column} = ?, revoked_by = ? "
                   "WHERE id = ? AND revoked_at IS NULL AND removed_at IS NULL",
                   [clock.stamp(), revoked_by, credential_id])
        end_sessions(db, "passkey_revoked" if revoked_by else "passkey_removed", credential_id=credential_id)
