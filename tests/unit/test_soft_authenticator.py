"""The software authenticator against the REAL py_webauthn (no mocked verify_*).

Every refusal below is a real signed response that webauthn.verify_*_response refuses,
with the exception type AND the message of the specific check, so a test cannot pass
because some other check fired.
"""

from __future__ import annotations

import base64
import hashlib
import json
import sys
from pathlib import Path

import cbor2
import pytest

_ROOT = Path(__file__).resolve().parents[2]
if str(_ROOT) not in sys.path:  # `tests` importable without relying on rootdir config
    sys.path.insert(0, str(_ROOT))

from cryptography.hazmat.primitives import serialization  # noqa: E402
from cryptography.hazmat.primitives.asymmetric import ec  # noqa: E402
from webauthn import (  # noqa: E402
    generate_authentication_options,
    generate_registration_options,
    options_to_json,
    verify_authentication_response,
    verify_registration_response,
)
from webauthn.helpers import (  # noqa: E402
    parse_attestation_object,
    parse_authentication_credential_json,
    parse_authenticator_data,
    parse_registration_credential_json,
)
from webauthn.helpers.exceptions import (  # noqa: E402
    InvalidAuthenticationResponse,
    InvalidBackupFlags,
    InvalidRegistrationResponse,
)
from webauthn.helpers.structs import (  # noqa: E402
    AuthenticatorAttachment,
    AuthenticatorSelectionCriteria,
    AuthenticatorTransport,
    CredentialDeviceType,
    PublicKeyCredentialDescriptor,
    ResidentKeyRequirement,
    UserVerificationRequirement,
)

from tests.support.soft_authenticator import (  # noqa: E402
    AmbiguousCredential,
    ExcludedCredential,
    NoCredential,
    SoftAuthenticator,
    b64url_decode,
    b64url_encode,
    signature_base,
)

RP_ID = "localhost"
ORIGIN = "http://localhost:5000"
REQUIRED = UserVerificationRequirement.REQUIRED


# --------------------------------------------------------------------------- helpers
def reg_options(user_id: bytes = b"user-1", exclude: list[bytes] | None = None):
    return generate_registration_options(
        rp_id=RP_ID,
        rp_name="Outreach",
        user_name="ana",
        user_id=user_id,
        authenticator_selection=AuthenticatorSelectionCriteria(
            resident_key=ResidentKeyRequirement.REQUIRED,
            user_verification=REQUIRED,
        ),
        exclude_credentials=[PublicKeyCredentialDescriptor(id=c) for c in exclude or []],
    )


def auth_options(allow: list[bytes] | None = None):
    return generate_authentication_options(
        rp_id=RP_ID,
        user_verification=REQUIRED,
        allow_credentials=[PublicKeyCredentialDescriptor(id=c) for c in allow or []],
    )


def verify_reg(response, options, **kw):
    args = dict(
        credential=response,
        expected_challenge=options.challenge,
        expected_rp_id=RP_ID,
        expected_origin=ORIGIN,
        require_user_verification=True,
    )
    args.update(kw)
    return verify_registration_response(**args)


def verify_auth(response, options, public_key, current_count, **kw):
    args = dict(
        credential=response,
        expected_challenge=options.challenge,
        expected_rp_id=RP_ID,
        expected_origin=ORIGIN,
        credential_public_key=public_key,
        credential_current_sign_count=current_count,
        require_user_verification=True,
    )
    args.update(kw)
    return verify_authentication_response(**args)


@pytest.fixture
def device():
    return SoftAuthenticator()


@pytest.fixture
def registered(device):
    """A device with one registered passkey: (device, VerifiedRegistration)."""
    opts = reg_options()
    verified = verify_reg(device.create(options_to_json(opts), origin=ORIGIN), opts)
    return device, verified


# ---------------------------------------------------------------------- happy paths
def test_registration_verifies_with_uv_required(device):
    opts = reg_options()
    response = device.create(options_to_json(opts), origin=ORIGIN)
    verified = verify_reg(response, opts)

    (cred,) = device.credentials
    assert verified.credential_id == cred.credential_id
    assert verified.credential_public_key == cred.public_key == device.public_key_cose(
        cred.credential_id
    )
    assert verified.user_verified is True
    assert verified.sign_count == 0
    assert verified.fmt == "none"
    assert verified.credential_device_type == CredentialDeviceType.SINGLE_DEVICE
    assert verified.credential_backed_up is False
    assert cred.rp_id == RP_ID and cred.user_handle == b"user-1"


def test_authentication_verifies_and_counts(registered):
    device, reg = registered
    stored = reg.sign_count
    for expected in (1, 2):
        opts = auth_options()  # discoverable: empty allowCredentials
        response = device.get(options_to_json(opts), origin=ORIGIN)
        verified = verify_auth(response, opts, reg.credential_public_key, stored)
        assert verified.credential_id == reg.credential_id
        assert verified.new_sign_count == expected
        assert verified.user_verified is True
        stored = verified.new_sign_count
    assert b64url_decode(response["response"]["userHandle"]) == b"user-1"


def test_options_accepted_as_dict_and_allow_credentials(registered):
    device, reg = registered
    opts = auth_options(allow=[b"someone-else", reg.credential_id])
    response = device.get(json.loads(options_to_json(opts)), origin=ORIGIN)
    verify_auth(response, opts, reg.credential_public_key, 0)
    with pytest.raises(NoCredential):
        device.get(options_to_json(auth_options(allow=[b"not-mine"])), origin=ORIGIN)


def test_json_shape_matches_credential_tojson(registered):
    device, reg = registered
    opts = reg_options(user_id=b"user-2")
    r = device.create(options_to_json(opts), origin=ORIGIN)
    assert set(r) == {
        "id", "rawId", "type", "response", "clientExtensionResults", "authenticatorAttachment"
    }
    assert r["type"] == "public-key" and r["clientExtensionResults"] == {}
    assert r["id"] == r["rawId"] and "=" not in r["id"]
    for field in ("clientDataJSON", "attestationObject", "authenticatorData", "publicKey"):
        value = r["response"][field]
        assert set(value) <= set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
    parsed = parse_registration_credential_json(json.dumps(r))
    assert b64url_encode(parsed.raw_id) == r["id"]
    assert parsed.authenticator_attachment == AuthenticatorAttachment.PLATFORM
    assert parsed.response.transports == [AuthenticatorTransport.INTERNAL]
    client_data = json.loads(parsed.response.client_data_json)
    assert client_data == {
        "type": "webauthn.create",
        "challenge": b64url_encode(opts.challenge),
        "origin": ORIGIN,
        "crossOrigin": False,
    }
    att = parse_attestation_object(parsed.response.attestation_object)
    assert att.fmt == "none"
    assert att.auth_data.rp_id_hash == hashlib.sha256(RP_ID.encode()).digest()
    assert att.auth_data.flags.at and att.auth_data.flags.up and att.auth_data.flags.uv
    raw_att = cbor2.loads(parsed.response.attestation_object)
    assert set(raw_att) == {"fmt", "attStmt", "authData"} and raw_att["attStmt"] == {}
    assert b64url_decode(r["response"]["authenticatorData"]) == raw_att["authData"]
    spki = serialization.load_der_public_key(b64url_decode(r["response"]["publicKey"]))
    assert isinstance(spki, ec.EllipticCurvePublicKey)
    assert r["response"]["publicKeyAlgorithm"] == -7

    a = device.get(options_to_json(auth_options()), origin=ORIGIN, credential_id=reg.credential_id)
    assert set(a["response"]) == {"clientDataJSON", "authenticatorData", "signature", "userHandle"}
    parsed_a = parse_authentication_credential_json(json.dumps(a))
    assert parsed_a.raw_id == reg.credential_id
    assert parsed_a.response.user_handle == b"user-1"
    assert json.loads(parsed_a.response.client_data_json)["type"] == "webauthn.get"
    assert parse_authenticator_data(parsed_a.response.authenticator_data).sign_count == 1


def test_discoverable_get_needs_a_choice_with_two_passkeys(registered):
    device, reg = registered
    device.create(options_to_json(reg_options(user_id=b"user-2")), origin=ORIGIN)
    with pytest.raises(AmbiguousCredential):
        device.get(options_to_json(auth_options()), origin=ORIGIN)
    opts = auth_options()
    r = device.get(options_to_json(opts), origin=ORIGIN, credential_id=reg.credential_id)
    verify_auth(r, opts, reg.credential_public_key, 0)


def test_same_user_handle_replaces_resident_credential(registered):
    device, reg = registered
    device.create(options_to_json(reg_options()), origin=ORIGIN)
    (cred,) = device.credentials
    assert cred.credential_id != reg.credential_id


def test_export_credential_is_cdp_add_credential_shape(registered):
    device, reg = registered
    exported = device.export_credential(reg.credential_id)
    assert exported == {
        "credentialId": base64.b64encode(reg.credential_id).decode(),
        "isResidentCredential": True,
        "rpId": RP_ID,
        "privateKey": exported["privateKey"],
        "userHandle": base64.b64encode(b"user-1").decode(),
        "signCount": 0,
    }
    key = serialization.load_der_private_key(base64.b64decode(exported["privateKey"]), None)
    assert isinstance(key, ec.EllipticCurvePrivateKey)

    # The same key on another "device" (as seeded into Chromium) signs valid assertions.
    clone = SoftAuthenticator()
    assert clone.import_credential(exported) == reg.credential_id
    opts = auth_options()
    verify_auth(clone.get(options_to_json(opts), origin=ORIGIN), opts, reg.credential_public_key, 0)


def test_independent_check_with_fido2(registered):
    """A second implementation (python-fido2) parses and verifies the same bytes."""
    from fido2.cose import CoseKey
    from fido2.webauthn import AttestationObject, AuthenticatorData

    device, reg = registered
    opts = reg_options(user_id=b"user-9")
    r = device.create(options_to_json(opts), origin=ORIGIN, sign_count=3)
    att = AttestationObject(b64url_decode(r["response"]["attestationObject"]))
    assert att.fmt == "none" and att.auth_data.counter == 3
    assert att.auth_data.rp_id_hash == hashlib.sha256(RP_ID.encode()).digest()
    assert att.auth_data.credential_data.credential_id == b64url_decode(r["rawId"])
    key = att.auth_data.credential_data.public_key

    a = device.get(options_to_json(auth_options()), origin=ORIGIN, credential_id=b64url_decode(r["rawId"]))
    auth_data = AuthenticatorData(b64url_decode(a["response"]["authenticatorData"]))
    assert auth_data.counter == 4 and auth_data.is_user_verified()
    client_data = b64url_decode(a["response"]["clientDataJSON"])
    CoseKey.parse(cbor2.loads(device.public_key_cose(b64url_decode(r["rawId"])))).verify(
        signature_base(bytes(auth_data), client_data), b64url_decode(a["response"]["signature"])
    )
    key.verify(signature_base(bytes(auth_data), client_data), b64url_decode(a["response"]["signature"]))


# ------------------------------------------------------------------------- refusals
def test_registration_wrong_origin_refused(device):
    opts = reg_options()
    r = device.create(options_to_json(opts), origin="http://evil.example:5000")
    with pytest.raises(InvalidRegistrationResponse, match="Unexpected client data origin"):
        verify_reg(r, opts)


def test_registration_wrong_rp_id_refused(device):
    opts = reg_options()
    r = device.create(options_to_json(opts), origin=ORIGIN, rp_id="evil.example")
    with pytest.raises(InvalidRegistrationResponse, match="Unexpected RP ID hash"):
        verify_reg(r, opts)


def test_registration_without_user_verification_refused(device):
    opts = reg_options()
    r = device.create(options_to_json(opts), origin=ORIGIN, user_verified=False)
    with pytest.raises(InvalidRegistrationResponse, match="User verification is required"):
        verify_reg(r, opts)
    # ...and py_webauthn's default (require_user_verification=False) would accept it.
    assert verify_reg(r, opts, require_user_verification=False).user_verified is False


def test_registration_without_user_presence_refused(device):
    opts = reg_options()
    r = device.create(options_to_json(opts), origin=ORIGIN, user_present=False)
    with pytest.raises(InvalidRegistrationResponse, match="User presence was required"):
        verify_reg(r, opts)


def test_registration_challenge_mismatch_refused(device):
    opts = reg_options()
    other = reg_options()
    r = device.create(
        options_to_json(opts), origin=ORIGIN, challenge_override=b64url_encode(other.challenge)
    )
    with pytest.raises(InvalidRegistrationResponse, match="challenge was not expected"):
        verify_reg(r, opts)


def test_exclude_credentials_hit_refused_by_authenticator(registered):
    device, reg = registered
    opts = reg_options(user_id=b"user-1", exclude=[reg.credential_id])
    with pytest.raises(ExcludedCredential):
        device.create(options_to_json(opts), origin=ORIGIN)
    assert [c.credential_id for c in device.credentials] == [reg.credential_id]
    # Another device (a second passkey) is not refused.
    verify_reg(SoftAuthenticator().create(options_to_json(opts), origin=ORIGIN), opts)


def test_authentication_wrong_origin_refused(registered):
    device, reg = registered
    opts = auth_options()
    r = device.get(options_to_json(opts), origin="http://localhost:5001")
    with pytest.raises(InvalidAuthenticationResponse, match="Unexpected client data origin"):
        verify_auth(r, opts, reg.credential_public_key, 0)


def test_authentication_wrong_rp_id_refused(registered):
    device, reg = registered
    opts = auth_options()
    r = device.get(options_to_json(opts), origin=ORIGIN, rp_id="evil.example")
    with pytest.raises(InvalidAuthenticationResponse, match="Unexpected RP ID hash"):
        verify_auth(r, opts, reg.credential_public_key, 0)


def test_authentication_without_user_verification_refused(registered):
    device, reg = registered
    opts = auth_options()
    r = device.get(options_to_json(opts), origin=ORIGIN, user_verified=False)
    with pytest.raises(InvalidAuthenticationResponse, match="User verification is required"):
        verify_auth(r, opts, reg.credential_public_key, 0)


def test_authentication_without_user_presence_refused(registered):
    device, reg = registered
    opts = auth_options()
    r = device.get(options_to_json(opts), origin=ORIGIN, user_present=False)
    with pytest.raises(InvalidAuthenticationResponse, match="User was not present"):
        verify_auth(r, opts, reg.credential_public_key, 0, require_user_verification=False)


def test_authentication_challenge_mismatch_refused(registered):
    device, reg = registered
    opts = auth_options()
    stale = auth_options()
    r = device.get(
        options_to_json(opts), origin=ORIGIN, challenge_override=b64url_encode(stale.challenge)
    )
    with pytest.raises(InvalidAuthenticationResponse, match="challenge was not expected"):
        verify_auth(r, opts, reg.credential_public_key, 0)


def test_authentication_signature_by_another_key_refused(registered):
    device, reg = registered
    opts = auth_options()
    r = device.get(options_to_json(opts), origin=ORIGIN)
    # Re-sign the very same authenticatorData + clientDataJSON with another device's key.
    thief = SoftAuthenticator()
    thief.create(options_to_json(reg_options()), origin=ORIGIN)
    (thief_cred,) = thief.credentials
    base = signature_base(
        b64url_decode(r["response"]["authenticatorData"]),
        b64url_decode(r["response"]["clientDataJSON"]),
    )
    r["response"]["signature"] = b64url_encode(thief.sign_raw(thief_cred.credential_id, base))
    with pytest.raises(InvalidAuthenticationResponse, match="Could not verify authentication signature"):
        verify_auth(r, opts, reg.credential_public_key, 0)
    # Control: the device's own key over the same bytes verifies (the forgery is the only change).
    r["response"]["signature"] = b64url_encode(device.sign_raw(reg.credential_id, base))
    verify_auth(r, opts, reg.credential_public_key, 0)


def test_tampered_authenticator_data_refused(registered):
    """Signed bytes changed after signing (UV flag set by an attacker) -> bad signature."""
    device, reg = registered
    opts = auth_options()
    r = device.get(options_to_json(opts), origin=ORIGIN, user_verified=False)
    data = bytearray(b64url_decode(r["response"]["authenticatorData"]))
    data[32] |= 0x04
    r["response"]["authenticatorData"] = b64url_encode(bytes(data))
    with pytest.raises(InvalidAuthenticationResponse, match="Could not verify authentication signature"):
        verify_auth(r, opts, reg.credential_public_key, 0)


# -------------------------------------------------------------------- sign counter
# py_webauthn 3.0.1 (verify_authentication_response.py) refuses when
#   (new > 0 or stored > 0) and new <= stored
# i.e. any non-increasing count is refused unless BOTH are 0 (authenticator without a
# counter, like synced passkeys). The check runs before the signature check.
@pytest.mark.parametrize(("stored", "forced"), [(5, 5), (5, 3), (5, 0)])
def test_counter_not_increasing_refused(registered, stored, forced):
    device, reg = registered
    opts = auth_options()
    r = device.get(options_to_json(opts), origin=ORIGIN, sign_count=forced)
    with pytest.raises(
        InvalidAuthenticationResponse,
        match=f"sign count of {forced} was not greater than current count of {stored}",
    ):
        verify_auth(r, opts, reg.credential_public_key, stored)


@pytest.mark.parametrize(("stored", "forced"), [(0, 0), (0, 7), (5, 6)])
def test_counter_accepted(registered, stored, forced):
    device, reg = registered
    opts = auth_options()
    r = device.get(options_to_json(opts), origin=ORIGIN, sign_count=forced)
    assert verify_auth(r, opts, reg.credential_public_key, stored).new_sign_count == forced


def test_replay_refused_by_counter_but_not_when_counter_is_zero(registered):
    device, reg = registered
    opts = auth_options()
    r = device.get(options_to_json(opts), origin=ORIGIN)
    new = verify_auth(r, opts, reg.credential_public_key, 0).new_sign_count
    with pytest.raises(InvalidAuthenticationResponse, match="was not greater than"):
        verify_auth(r, opts, reg.credential_public_key, new)
    # A counter-less passkey (always 0): py_webauthn accepts the SAME response twice;
    # only the server's single-use challenge stops this replay.
    r0 = device.get(options_to_json(opts), origin=ORIGIN, sign_count=0)
    verify_auth(r0, opts, reg.credential_public_key, 0)
    verify_auth(r0, opts, reg.credential_public_key, 0)


# -------------------------------------------------------------------- backup flags
def test_backup_flags_reported(device):
    opts = reg_options()
    r = device.create(options_to_json(opts), origin=ORIGIN, backup_eligible=True, backup_state=True)
    reg = verify_reg(r, opts)
    assert reg.credential_device_type == CredentialDeviceType.MULTI_DEVICE
    assert reg.credential_backed_up is True
    opts = auth_options()
    a = verify_auth(device.get(options_to_json(opts), origin=ORIGIN), opts, reg.credential_public_key, 0)
    assert a.credential_device_type == CredentialDeviceType.MULTI_DEVICE
    assert a.credential_backed_up is True
    # BE changing from 1 to 0 after registration is NOT checked by py_webauthn.
    opts = auth_options()
    a = verify_auth(
        device.get(options_to_json(opts), origin=ORIGIN, backup_eligible=False, backup_state=False),
        opts, reg.credential_public_key, 0,
    )
    assert a.credential_device_type == CredentialDeviceType.SINGLE_DEVICE


def test_backed_up_but_not_eligible_raises_invalid_backup_flags(registered):
    """BS=1 with BE=0 raises InvalidBackupFlags -- NOT a subclass of Invalid*Response."""
    device, reg = registered
    assert not issubclass(InvalidBackupFlags, (InvalidRegistrationResponse, InvalidAuthenticationResponse))
    opts = reg_options(user_id=b"user-3")
    r = device.create(options_to_json(opts), origin=ORIGIN, backup_eligible=False, backup_state=True)
    with pytest.raises(InvalidBackupFlags):
        verify_reg(r, opts)
    opts = auth_options()
    r = device.get(
        options_to_json(opts), origin=ORIGIN, credential_id=reg.credential_id, backup_state=True
    )
    with pytest.raises(InvalidBackupFlags):
        verify_auth(r, opts, reg.credential_public_key, 0)
