"""Four-eyes approval of a visit note, bound to the exact revision (DESIGN "Evidence that holds").

The supervisor signs a passkey challenge SHA-256(nonce ‖ content hash), where the content hash is
SHA-256 of the canonical JSON of everything the supervisor saw (the revision's payload) plus case
id, author and revision id. The evidence keeps nonce, content hash, clientDataJSON,
authenticatorData, signature, credential id and public key, sealed with an HMAC. `check()` re-does
every step from the stored record and the stored revision, so any change is found.
"""

from __future__ import annotations

import hashlib
import hmac
import json

from cryptography.exceptions import InvalidSignature
from webauthn.helpers import (
    base64url_to_bytes,
    bytes_to_base64url,
    decode_credential_public_key,
    decoded_public_key_to_cryptography,
)
from webauthn.helpers.exceptions import WebAuthnException
from webauthn.helpers.verify_signature import verify_signature

from .canonical import canonical_json

EVIDENCE_FIELDS = ("note_id", "revision_id", "supervisor_id", "nonce", "content_hash", "client_data_json",
                   "authenticator_data", "signature", "credential_id", "public_key", "approved_at", "key_id")


def content(case_id: str, author_id: str, revision_id: str, payload: dict) -> dict:
    return {"case_id": case_id, "author_id": author_id, "revision_id": revision_id, "note": payload}


def content_hash(case_id: str, author_id: str, revision_id: str, payload: dict) -> str:
    return hashlib.sha256(canonical_json(content(case_id, author_id, revision_id, payload))).hexdigest()


def challenge_for(nonce: bytes, content_hash_hex: str) -> bytes:
    return hashlib.sha256(nonce + bytes.fromhex(content_hash_hex)).digest()


def seal(record: dict, key: bytes) -> str:
    return hmac.new(key, canonical_json({f: record[f] for f in EVIDENCE_FIELDS}), hashlib.sha256).hexdigest()


def check(record: dict, revision: dict, keys: dict[str, bytes], expected_origin: str) -> list[str]:
    """Problems with one stored approval (empty when it holds).

    revision: {"case_id", "author_id", "id", "payload"} as stored now.
    """
    problems = []
    key = keys.get(record["key_id"])
    if key is None or not hmac.compare_digest(seal(record, key), record["mac"]):
        problems.append("seal")
    if content_hash(revision["case_id"], revision["author_id"], revision["id"], revision["payload"]) \
            != record["content_hash"]:
        problems.append("content")
    try:
        client_data_bytes = base64url_to_bytes(record["client_data_json"])
        client_data = json.loads(client_data_bytes)
        expected = bytes_to_base64url(challenge_for(base64url_to_bytes(record["nonce"]), record["content_hash"]))
        if client_data.get("challenge") != expected or client_data.get("type") != "webauthn.get" \
                or client_data.get("origin") != expected_origin:
            problems.append("challenge")
        decoded = decode_credential_public_key(base64url_to_bytes(record["public_key"]))
        signed = base64url_to_bytes(record["authenticator_data"]) + hashlib.sha256(client_data_bytes).digest()
        verify_signature(public_key=decoded_public_key_to_cryptography(decoded), signature_alg=decoded.alg,
                         signature=base64url_to_bytes(record["signature"]), data=signed)
    except (InvalidSignature, WebAuthnException, ValueError, KeyError, TypeError, AttributeError):
        problems.append("signature")  # any undecodable key or data means the evidence does not hold
    return problems
