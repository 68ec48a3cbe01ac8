// The phone's vault (issue 25): the cryptography. keyring.js keeps the wrapped keys and the key in
// use; outbox.js and the service worker seal with it. Everything personal the app keeps for
// offline work is stored sealed with AES-GCM under one data key per person: a fresh 96-bit IV per record,
// and the record's store key and kind as associated data, so a sealed record moved to another key
// or kind does not open. The data key itself is kept only wrapped:
// - by a key derived with HKDF-SHA-256 from the passkey's PRF output (WebAuthn `prf`, a salt per
//   person and device): opening the app offline asks for the fingerprint or face and nothing else;
// - or, where the browser or authenticator gives no PRF result, by a key derived from a device PIN
//   (at least 6 digits) with PBKDF2-SHA-256 at 600,000 rounds (OWASP's figure for PBKDF2-SHA-256;
//   WebCrypto has no memory-hard KDF). Five wrong PINs in a row wipe the PIN's wrapping.
// Only WebCrypto: no key or plaintext ever leaves this module except as the caller asks.

export const PBKDF2_ROUNDS = 600000;
export const PIN_ATTEMPTS = 5;
const encoder = new TextEncoder();
const decoder = new TextDecoder();

export class VaultError extends Error {
  constructor(code) {
    super(code);
    this.code = code; // "locked", "wrong_key", "wrong_pin", "wiped", "pin_too_short", "tampered"
  }
}

export function randomBytes(length) {
  return crypto.getRandomValues(new Uint8Array(length));
}

// A new data key. Extractable only so it can be wrapped for each passkey or PIN; once unwrapped
// for use it is not (see unwrap).
export function newDataKey() {
  return crypto.subtle.generateKey({ name: "AES-GCM", length: 256 }, true, ["encrypt", "decrypt"]);
}

function associated(storeKey, kind) {
  return encoder.encode(`outreach-vault-v1\u0000${kind}\u0000${storeKey}`);
}

// A record sealed: {v, iv, data} with data the AES-GCM ciphertext and tag. `value` is any JSON
// value, or bytes (Uint8Array / ArrayBuffer) for pictures and strokes.
export async function seal(dataKey, storeKey, kind, value) {
  const binary = value instanceof ArrayBuffer || ArrayBuffer.isView(value);
  let plain;
  if (!binary) plain = encoder.encode(JSON.stringify(value));
  else if (value instanceof ArrayBuffer) plain = new Uint8Array(value);
  else plain = new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
  const iv = randomBytes(12);
  const data = await crypto.subtle.encrypt({ name: "AES-GCM", iv, additionalData: associated(storeKey, kind) },
    dataKey, plain);
  return { v: 1, binary, iv, data: new Uint8Array(data) };
}

export async function open(dataKey, storeKey, kind, sealed) {
  if (!sealed || sealed.v !== 1) throw new VaultError("tampered");
  let plain;
  try {
    plain = await crypto.subtle.decrypt({ name: "AES-GCM", iv: sealed.iv, additionalData: associated(storeKey, kind) },
      dataKey, sealed.data);
  } catch {
    throw new VaultError("tampered"); // another key, another record's place, or changed bytes
  }
  return sealed.binary ? new Uint8Array(plain) : JSON.parse(decoder.decode(plain));
}

// A sealed record as one run of bytes (for the service worker's Cache Storage entries):
// [version][binary flag][12-byte IV][ciphertext and tag].
export function packSealed(sealed) {
  const bytes = new Uint8Array(14 + sealed.data.byteLength);
  bytes[0] = sealed.v;
  bytes[1] = sealed.binary ? 1 : 0;
  bytes.set(sealed.iv, 2);
  bytes.set(sealed.data, 14);
  return bytes;
}

export function unpackSealed(buffer) {
  const bytes = new Uint8Array(buffer);
  if (bytes.length < 14 + 16) throw new VaultError("tampered");
  return { v: bytes[0], binary: bytes[1] === 1, iv: bytes.slice(2, 14), data: bytes.slice(14) };
}

// The key that wraps the data key, from a passkey's PRF output (32 bytes from the authenticator).
export async function keyFromPrf(prfOutput, salt) {
  const material = await crypto.subtle.importKey("raw", prfOutput, "HKDF", false, ["deriveKey"]);
  return crypto.subtle.deriveKey({ name: "HKDF", hash: "SHA-256", salt, info: encoder.encode("outreach data key wrap v1") },
    material, { name: "AES-GCM", length: 256 }, false, ["wrapKey", "unwrapKey"]);
}

// A PIN anyone would try first (NIST SP 800-63B 5.1.1.2: no repetitive or sequential values):
// one digit throughout (000000), a run up or down (123456, 987654, 901234), or a block of two or
// three digits repeated (121212, 123123).
export function guessablePin(pin) {
  const digits = [...pin].map(Number);
  const steps = new Set(digits.slice(1).map((d, i) => (d - digits[i] + 10) % 10));
  if (steps.size === 1 && [0, 1, 9].includes([...steps][0])) return true;
  for (const size of [2, 3]) {
    if (pin.length % size === 0 && pin === pin.slice(0, size).repeat(pin.length / size)) return true;
  }
  return false;
}

export async function keyFromPin(pin, salt, rounds = PBKDF2_ROUNDS) {
  if (!/^[0-9]{6,}$/.test(pin)) throw new VaultError("pin_too_short");
  const material = await crypto.subtle.importKey("raw", encoder.encode(pin), "PBKDF2", false, ["deriveKey"]);
  return crypto.subtle.deriveKey({ name: "PBKDF2", hash: "SHA-256", salt, iterations: rounds }, material,
    { name: "AES-GCM", length: 256 }, false, ["wrapKey", "unwrapKey"]);
}

// {method, salt, iv, wrapped, attempts}: what is stored on the phone for one way in.
export async function wrap(dataKey, wrappingKey, method, salt) {
  const iv = randomBytes(12);
  const wrapped = await crypto.subtle.wrapKey("raw", dataKey, wrappingKey,
    { name: "AES-GCM", iv, additionalData: encoder.encode(`outreach-wrap-v1\u0000${method}`) });
  return { method, salt, iv, wrapped: new Uint8Array(wrapped), attempts: 0 };
}

// The data key, for use only (not extractable) unless `forRewrap` (adding a passkey or a PIN).
export async function unwrap(wrapping, wrappingKey, { forRewrap = false } = {}) {
  if (!wrapping || !wrapping.wrapped) throw new VaultError("wiped");
  try {
    return await crypto.subtle.unwrapKey("raw", wrapping.wrapped, wrappingKey,
      { name: "AES-GCM", iv: wrapping.iv, additionalData: encoder.encode(`outreach-wrap-v1\u0000${wrapping.method}`) },
      { name: "AES-GCM", length: 256 }, forRewrap, ["encrypt", "decrypt"]);
  } catch {
    throw new VaultError("wrong_key");
  }
}

// A PIN attempt: the data key, or the wrapping with one more failed attempt — wiped (wrapped key
// gone) at the fifth. The caller stores the returned wrapping in either case.
export async function unwrapWithPin(wrapping, pin, rounds = PBKDF2_ROUNDS) {
  if (!wrapping || !wrapping.wrapped) throw new VaultError("wiped");
  try {
    const key = await unwrap(wrapping, await keyFromPin(pin, wrapping.salt, rounds));
    return { key, wrapping: { ...wrapping, attempts: 0 } };
  } catch (error) {
    if (error.code === "pin_too_short" || error.code === "wrong_key") {
      const attempts = (wrapping.attempts || 0) + 1;
      const next = attempts >= PIN_ATTEMPTS ? { ...wrapping, attempts, wrapped: null, iv: null } : { ...wrapping, attempts };
      return { key: null, wrapping: next, error: attempts >= PIN_ATTEMPTS ? "wiped" : "wrong_pin" };
    }
    throw error;
  }
}
