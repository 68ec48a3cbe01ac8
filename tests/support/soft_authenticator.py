"""A software WebAuthn authenticator (plus the browser's part) for server-side tests.

Why: Chromium's CDP virtual authenticator only ever produces *honest* responses. The
refusals of the sign-in flow (wrong origin, wrong rp id, user not verified, challenge
mismatch, forged signature, counter going backwards, replay, ...) must be proven with
REAL signed responses that the real ``webauthn.verify_*_response`` checks -- never with a
mocked ``verify_*`` (such a test cannot fail). This module makes those responses.

One :class:`SoftAuthenticator` instance stands for ONE device (a platform authenticator,
like the CDP virtual authenticator with ``transport: internal``). It keeps resident
(discoverable) ES256 / P-256 credentials, made with ``cryptography``, and plays the
browser too: it takes the options JSON the server sends and returns exactly the JSON a
browser's ``credential.toJSON()`` gives, which the server passes to py_webauthn.

API
---
``SoftAuthenticator(aaguid=bytes(16))``

``create(options_json, *, origin, rp_id=None, user_verified=True, user_present=True,
backup_eligible=False, backup_state=False, sign_count=0, challenge_override=None,
credential_id=None) -> dict``
    ``navigator.credentials.create()``. ``options_json`` is
    PublicKeyCredentialCreationOptionsJSON (a dict, or the str from
    ``webauthn.options_to_json(generate_registration_options(...))``). Raises
    :class:`ExcludedCredential` if ``excludeCredentials`` names one of this device's
    credentials for the rp (the browser's InvalidStateError), and
    :class:`UnsupportedAlgorithm` if ``pubKeyCredParams`` does not offer ES256 (-7).
    Stores a resident credential (rp id, user handle = ``user.id`` decoded, key, counter
    = ``sign_count``); a credential for the same rp id and user handle is replaced, as
    real authenticators do. Returns RegistrationResponseJSON with "none" attestation:
    ``{id, rawId, type: "public-key", response: {clientDataJSON, attestationObject,
    authenticatorData, transports: ["internal"], publicKey, publicKeyAlgorithm: -7},
    clientExtensionResults: {}, authenticatorAttachment: "platform"}``.

``get(options_json, *, origin, rp_id=None, user_verified=True, user_present=True,
credential_id=None, sign_count=None, challenge_override=None, backup_eligible=None,
backup_state=None) -> dict``
    ``navigator.credentials.get()``. ``options_json`` is
    PublicKeyCredentialRequestOptionsJSON. With an empty ``allowCredentials``
    (discoverable sign-in) it uses ``credential_id`` if given, else the single resident
    credential for the rp id (:class:`AmbiguousCredential` if there are several: a browser
    would show a picker); with a non-empty ``allowCredentials`` it uses the first of this
    device's credentials listed there. :class:`NoCredential` if none fits. The counter is
    incremented by 1, unless ``sign_count`` forces a value (which then becomes the
    device's counter: simulates a cloned key or a counter regression). Returns
    AuthenticationResponseJSON: ``{id, rawId, type, response: {clientDataJSON,
    authenticatorData, signature, userHandle}, clientExtensionResults: {},
    authenticatorAttachment: "platform"}``. The backup flags default to the ones the
    credential was created with; ``backup_eligible`` / ``backup_state`` override them.

Shared behaviour of ``create`` and ``get``:
    * ``origin`` goes into clientDataJSON verbatim (pass a wrong one to test refusal).
    * The rp id used to FIND/STORE credentials is the options' rp id (``rp.id`` /
      ``rpId``), or the origin's host if the options have none (as a browser does).
      ``rp_id`` only replaces the rp id HASHED into authenticatorData (to forge a wrong
      rp id hash); it does not change which credential is used.
    * ``challenge_override`` (base64url str) replaces the options' challenge in
      clientDataJSON (to test a challenge mismatch).
    * ``user_verified`` / ``user_present`` set the UV / UP flags; no policy is enforced
      (unlike a browser, ``userVerification: "required"`` with ``user_verified=False``
      still produces a signed response with UV=0, so the SERVER must refuse it).
    * All binary fields are base64url without padding, as ``toJSON()`` gives.

Helpers:
    ``credentials`` -> list of :class:`SoftCredential` (``credential_id`` bytes,
    ``user_handle`` bytes, ``rp_id``, ``public_key`` COSE bytes, ``sign_count``,
    ``backup_eligible``, ``backup_state``, ``private_key``);
    ``credential(credential_id)`` -> :class:`SoftCredential`;
    ``public_key_cose(credential_id)`` -> the COSE_Key bytes (equal to py_webauthn's
    ``VerifiedRegistration.credential_public_key``);
    ``export_credential(credential_id)`` -> the ``credential`` dict for Chromium CDP
    ``WebAuthn.addCredential`` (``credentialId``, ``isResidentCredential``, ``rpId``,
    ``privateKey`` = PKCS#8 DER, ``userHandle``, ``signCount``; binaries in standard
    base64), so the same key can be seeded into a browser's virtual authenticator while
    its ``public_key_cose`` is stored server-side by a fixture;
    ``import_credential(cdp_credential)`` -> the reverse (e.g. from
    ``WebAuthn.getCredentials``), returns the credential id;
    ``sign_raw(credential_id, data)`` -> DER ECDSA-SHA256 signature over ``data`` (to
    forge / re-sign); :func:`signature_base` (authenticatorData + SHA-256(clientDataJSON))
    is what a WebAuthn assertion signs.

Example::

    from webauthn import generate_registration_options, options_to_json, \\
        verify_registration_response
    auth = SoftAuthenticator()
    opts = generate_registration_options(rp_id="localhost", rp_name="Outreach",
                                         user_name="ana")
    reg = auth.create(options_to_json(opts), origin="http://localhost:5000")
    verify_registration_response(credential=reg, expected_challenge=opts.challenge,
        expected_rp_id="localhost", expected_origin="http://localhost:5000",
        require_user_verification=True)
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import struct
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import cbor2
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec

__all__ = [
    "AmbiguousCredential",
    "ExcludedCredential",
    "NoCredential",
    "SoftAuthenticator",
    "SoftAuthenticatorError",
    "SoftCredential",
    "UnsupportedAlgorithm",
    "b64url_decode",
    "b64url_encode",
    "signature_base",
]

ES256 = -7

# authenticatorData flag bits (WebAuthn L3 §6.1)
FLAG_UP = 0x01
FLAG_UV = 0x04
FLAG_BE = 0x08
FLAG_BS = 0x10
FLAG_AT = 0x40


class SoftAuthenticatorError(Exception):
    """Base class: the authenticator/browser refused, no response was produced."""


class ExcludedCredential(SoftAuthenticatorError):
    """excludeCredentials holds a credential of this device (browser: InvalidStateError)."""


class NoCredential(SoftAuthenticatorError):
    """No credential of this device fits the request (browser: NotAllowedError)."""


class AmbiguousCredential(SoftAuthenticatorError):
    """Several resident credentials fit; pass credential_id (a browser shows a picker)."""


class UnsupportedAlgorithm(SoftAuthenticatorError):
    """pubKeyCredParams does not offer ES256 (browser: NotSupportedError)."""


def b64url_encode(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def b64url_decode(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _b64std(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def signature_base(authenticator_data: bytes, client_data_json: bytes) -> bytes:
    """What a WebAuthn assertion signs: authenticatorData || SHA-256(clientDataJSON)."""
    return authenticator_data + hashlib.sha256(client_data_json).digest()


def _load_options(options_json: dict | str) -> dict:
    if isinstance(options_json, (str, bytes)):
        options_json = json.loads(options_json)
    if not isinstance(options_json, dict):
        raise TypeError("options_json must be a dict or a JSON string")
    return options_json


def _host_of(origin: str) -> str:
    host = urlsplit(origin).hostname
    if not host:
        raise ValueError(f"origin {origin!r} has no host")
    return host


def _cose_es256(public_key: ec.EllipticCurvePublicKey) -> bytes:
    numbers = public_key.public_numbers()
    return cbor2.dumps(
        {
            1: 2,  # kty: EC2
            3: ES256,  # alg
            -1: 1,  # crv: P-256
            -2: numbers.x.to_bytes(32, "big"),
            -3: numbers.y.to_bytes(32, "big"),
        }
    )


@dataclass
class SoftCredential:
    credential_id: bytes
    rp_id: str
    user_handle: bytes
    private_key: ec.EllipticCurvePrivateKey
    sign_count: int = 0
    backup_eligible: bool = False
    backup_state: bool = False

    @property
    def public_key(self) -> bytes:
        """COSE_Key bytes, as stored by the server after registration."""
        return _cose_es256(self.private_key.public_key())

    @property
    def public_key_spki(self) -> bytes:
        return self.private_key.public_key().public_bytes(
            serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
        )


class SoftAuthenticator:
    """One software platform authenticator (one device). See the module docstring."""

    transports = ["internal"]
    attachment = "platform"

    def __init__(self, aaguid: bytes = bytes(16)) -> None:
        if len(aaguid) != 16:
            raise ValueError("aaguid must be 16 bytes")
        self.aaguid = aaguid
        self._credentials: dict[bytes, SoftCredential] = {}

    # ------------------------------------------------------------------ helpers
    @property
    def credentials(self) -> list[SoftCredential]:
        return list(self._credentials.values())

    def credential(self, credential_id: bytes) -> SoftCredential:
        try:
            return self._credentials[bytes(credential_id)]
        except KeyError:
            raise NoCredential(f"no credential {b64url_encode(credential_id)}") from None

    def public_key_cose(self, credential_id: bytes) -> bytes:
        return self.credential(credential_id).public_key

    def sign_raw(self, credential_id: bytes, data: bytes) -> bytes:
        """ECDSA P-256 / SHA-256 signature (DER) over ``data`` with the credential's key."""
        key = self.credential(credential_id).private_key
        return key.sign(data, ec.ECDSA(hashes.SHA256()))

    def export_credential(self, credential_id: bytes) -> dict[str, Any]:
        """The ``credential`` param of CDP ``WebAuthn.addCredential`` (std base64)."""
        cred = self.credential(credential_id)
        pkcs8 = cred.private_key.private_bytes(
            serialization.Encoding.DER,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
        return {
            "credentialId": _b64std(cred.credential_id),
            "isResidentCredential": True,
            "rpId": cred.rp_id,
            "privateKey": _b64std(pkcs8),
            "userHandle": _b64std(cred.user_handle),
            "signCount": cred.sign_count,
        }

    def import_credential(self, cdp_credential: dict[str, Any]) -> bytes:
        """Add a credential given in CDP form (``WebAuthn.getCredentials`` items)."""

        def dec(text: str) -> bytes:  # CDP uses standard base64; accept url-safe too
            text = text.replace("-", "+").replace("_", "/")
            return base64.b64decode(text + "=" * (-len(text) % 4))

        key = serialization.load_der_private_key(dec(cdp_credential["privateKey"]), None)
        if not isinstance(key, ec.EllipticCurvePrivateKey) or key.curve.name != "secp256r1":
            raise UnsupportedAlgorithm("only P-256 keys are supported")
        cred = SoftCredential(
            credential_id=dec(cdp_credential["credentialId"]),
            rp_id=cdp_credential["rpId"],
            user_handle=dec(cdp_credential.get("userHandle") or ""),
            private_key=key,
            sign_count=int(cdp_credential.get("signCount", 0)),
            backup_eligible=bool(cdp_credential.get("backupEligibility", False)),
            backup_state=bool(cdp_credential.get("backupState", False)),
        )
        self._credentials[cred.credential_id] = cred
        return cred.credential_id

    # ---------------------------------------------------------------- internals
    @staticmethod
    def _flags(up: bool, uv: bool, be: bool, bs: bool, at: bool = False) -> int:
        return (
            (FLAG_UP if up else 0)
            | (FLAG_UV if uv else 0)
            | (FLAG_BE if be else 0)
            | (FLAG_BS if bs else 0)
            | (FLAG_AT if at else 0)
        )

    @staticmethod
    def _client_data(kind: str, challenge: str, origin: str) -> bytes:
        # Same member order and compact form as Chromium.
        return json.dumps(
            {"type": kind, "challenge": challenge, "origin": origin, "crossOrigin": False},
            separators=(",", ":"),
        ).encode("utf-8")

    # ------------------------------------------------------------------- create
    def create(
        self,
        options_json: dict | str,
        *,
        origin: str,
        rp_id: str | None = None,
        user_verified: bool = True,
        user_present: bool = True,
        backup_eligible: bool = False,
        backup_state: bool = False,
        sign_count: int = 0,
        challenge_override: str | None = None,
        credential_id: bytes | None = None,
    ) -> dict[str, Any]:
        options = _load_options(options_json)
        store_rp_id = (options.get("rp") or {}).get("id") or _host_of(origin)
        hashed_rp_id = rp_id if rp_id is not None else store_rp_id

        algs = [p.get("alg") for p in options.get("pubKeyCredParams") or []]
        if algs and ES256 not in algs:
            raise UnsupportedAlgorithm(f"pubKeyCredParams {algs} do not offer ES256 (-7)")

        for desc in options.get("excludeCredentials") or []:
            cred = self._credentials.get(b64url_decode(desc["id"]))
            if cred is not None and cred.rp_id == store_rp_id:
                raise ExcludedCredential(
                    f"credential {desc['id']} of this authenticator is excluded"
                )

        user_handle = b64url_decode(options["user"]["id"])
        challenge = challenge_override if challenge_override is not None else options["challenge"]

        cred_id = bytes(credential_id) if credential_id is not None else os.urandom(32)
        cred = SoftCredential(
            credential_id=cred_id,
            rp_id=store_rp_id,
            user_handle=user_handle,
            private_key=ec.generate_private_key(ec.SECP256R1()),
            sign_count=sign_count,
            backup_eligible=backup_eligible,
            backup_state=backup_state,
        )

        auth_data = (
            hashlib.sha256(hashed_rp_id.encode("utf-8")).digest()
            + bytes(
                [self._flags(user_present, user_verified, backup_eligible, backup_state, True)]
            )
            + struct.pack(">I", sign_count)
            + self.aaguid
            + struct.pack(">H", len(cred_id))
            + cred_id
            + cred.public_key
        )
        attestation_object = cbor2.dumps({"fmt": "none", "attStmt": {}, "authData": auth_data})
        client_data = self._client_data("webauthn.create", challenge, origin)

        # A resident credential for the same (rp id, user handle) is overwritten.
        for old_id, old in list(self._credentials.items()):
            if old.rp_id == store_rp_id and old.user_handle == user_handle:
                del self._credentials[old_id]
        self._credentials[cred_id] = cred

        return {
            "id": b64url_encode(cred_id),
            "rawId": b64url_encode(cred_id),
            "type": "public-key",
            "response": {
                "clientDataJSON": b64url_encode(client_data),
                "attestationObject": b64url_encode(attestation_object),
                "authenticatorData": b64url_encode(auth_data),
                "transports": list(self.transports),
                "publicKey": b64url_encode(cred.public_key_spki),
                "publicKeyAlgorithm": ES256,
            },
            "clientExtensionResults": {},
            "authenticatorAttachment": self.attachment,
        }

    # ---------------------------------------------------------------------- get
    def _select(self, options: dict, store_rp_id: str, credential_id: bytes | None) -> SoftCredential:
        allowed = [b64url_decode(d["id"]) for d in options.get("allowCredentials") or []]
        mine = [c for c in self._credentials.values() if c.rp_id == store_rp_id]
        if allowed:
            mine = [c for c in mine if c.credential_id in allowed]
            mine.sort(key=lambda c: allowed.index(c.credential_id))
        if credential_id is not None:
            mine = [c for c in mine if c.credential_id == bytes(credential_id)]
            if not mine:
                raise NoCredential(
                    f"credential {b64url_encode(credential_id)} is not usable for rp "
                    f"{store_rp_id!r} with this allowCredentials"
                )
            return mine[0]
        if not mine:
            raise NoCredential(f"no credential for rp {store_rp_id!r}")
        if not allowed and len(mine) > 1:
            raise AmbiguousCredential(
                f"{len(mine)} resident credentials for rp {store_rp_id!r}; pass credential_id"
            )
        return mine[0]

    def get(
        self,
        options_json: dict | str,
        *,
        origin: str,
        rp_id: str | None = None,
        user_verified: bool = True,
        user_present: bool = True,
        credential_id: bytes | None = None,
        sign_count: int | None = None,
        challenge_override: str | None = None,
        backup_eligible: bool | None = None,
        backup_state: bool | None = None,
    ) -> dict[str, Any]:
        options = _load_options(options_json)
        store_rp_id = options.get("rpId") or _host_of(origin)
        hashed_rp_id = rp_id if rp_id is not None else store_rp_id
        cred = self._select(options, store_rp_id, credential_id)

        cred.sign_count = sign_count if sign_count is not None else cred.sign_count + 1
        be = cred.backup_eligible if backup_eligible is None else backup_eligible
        bs = cred.backup_state if backup_state is None else backup_state
        challenge = challenge_override if challenge_override is not None else options["challenge"]

        auth_data = (
            hashlib.sha256(hashed_rp_id.encode("utf-8")).digest()
            + bytes([self._flags(user_present, user_verified, be, bs)])
            + struct.pack(">I", cred.sign_count)
        )
        client_data = self._client_data("webauthn.get", challenge, origin)
        signature = self.sign_raw(cred.credential_id, signature_base(auth_data, client_data))

        return {
            "id": b64url_encode(cred.credential_id),
            "rawId": b64url_encode(cred.credential_id),
            "type": "public-key",
            "response": {
                "clientDataJSON": b64url_encode(client_data),
                "authenticatorData": b64url_encode(auth_data),
                "signature": b64url_encode(signature),
                "userHandle": b64url_encode(cred.user_handle),
            },
            "clientExtensionResults": {},
            "authenticatorAttachment": self.attachment,
        }
