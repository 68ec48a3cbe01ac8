// The keyring: how this phone opens a person's vault (vault.js), and the data key while it is open.
// Kept in IndexedDB `outreach-vault`, per person, only wrapped:
// - "prf": by the passkey's PRF output (one wrapping per passkey on this device): the fingerprint
//   or face opens the vault, offline too;
// - "pin": by a device PIN, where the browser or authenticator gives no PRF result (the demo);
// - "server": by the device's recovery key, which the server releases only right after a passkey
//   sign-in on this device: so a sign-in opens the vault online without a PIN, and five wrong
//   PINs lose nothing that waits (it stays sealed until the next sign-in).
// The key itself lives only in memory: in the open page and in the service worker (which the
// pages keep awake and ask; it asks them after a restart). Idle for OFFLINE_AUTO_LOCK_SECONDS or
// a sign-out drops it everywhere.
import { deleteDB, openDB } from "/static/vendor/idb-8.0.4.js";
import * as vault from "/static/js/vault.js";

const DB_NAME = "outreach-vault";
const PING_MS = 10000; // the worker stops after 30 s without an event: the pages keep it awake
const WORKER_ANSWER_MS = 1500;

export const b64url = {
  decode(text) {
    const base64 = text.replace(/-/g, "+").replace(/_/g, "/") + "===".slice((text.length + 3) % 4);
    return Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  },
  encode(buffer) {
    return btoa(String.fromCharCode(...new Uint8Array(buffer))).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  },
};

async function database() {
  const db = await openDB(DB_NAME, 1, {
    blocking() {
      db.close();
    },
    upgrade(db) {
      db.createObjectStore("rings", { keyPath: "person" });
      db.createObjectStore("device");
    },
  });
  return db;
}

export async function getRing(person) {
  return person ? (await database()).get("rings", person) : undefined;
}

async function saveRing(ring) {
  await (await database()).put("rings", ring);
}

export async function forgetRing(person) {
  lock();
  if (person) await (await database()).delete("rings", person);
  else await deleteDB(DB_NAME);
}

// A PIN that still opens the vault (five wrong ones delete its wrapped key).
export function hasPin(ring) {
  return Boolean(ring) && ring.wrappings.some((w) => w.method === "pin" && w.wrapped);
}

// A passkey whose PRF output opens the vault.
export function hasPasskey(ring) {
  return Boolean(ring) && ring.wrappings.some((w) => w.method === "prf");
}

// The PRF input of this device (32 random bytes, made once): the passkey's output then differs
// per device as well as per person.
async function prfInput() {
  const db = await database();
  let input = await db.get("device", "prf_input");
  if (!input) {
    input = vault.randomBytes(32);
    await db.put("device", input, "prf_input");
  }
  return input;
}

// WebAuthn options that also ask for the passkey's PRF output with this device's input.
export async function withPrf(publicKey) {
  return { ...publicKey, extensions: { ...(publicKey.extensions || {}), prf: { eval: { first: await prfInput() } } } };
}

// The PRF output a ceremony gave (bytes), or null.
export function prfOutput(credential) {
  const results = (credential.getClientExtensionResults() || {}).prf;
  return results && results.results && results.results.first ? new Uint8Array(results.results.first) : null;
}

// --- the key in memory, shared with the service worker ----------------------------------------

let held = null; // {person, key}
let waiters = [];
let lastActivity = Date.now();
let pinger = null;

function idleLimitMs() {
  const meta = document.querySelector('meta[name="outreach-auto-lock"]');
  return (Number(meta && meta.content) || 900) * 1000;
}

// The worker that holds the key: the page's controller, or (on the first page a new worker has
// not yet claimed) the registration's active worker, waited for a few seconds at most.
async function worker(waitMs = 0) {
  if (!navigator.serviceWorker) return null;
  if (navigator.serviceWorker.controller) return navigator.serviceWorker.controller;
  const ready = navigator.serviceWorker.ready.then((registration) => registration.active);
  return Promise.race([ready, new Promise((resolve) => setTimeout(() => resolve(null), waitMs))]);
}

// A question to a service worker on a channel of its own; null after `answerMs` without an answer
// (0: as long as it takes, e.g. a copy of the caseload).
export function ask(target, message, answerMs = 0) {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    const timer = answerMs ? setTimeout(() => resolve(null), answerMs) : null;
    channel.port1.onmessage = (event) => {
      clearTimeout(timer);
      resolve(event.data);
    };
    target.postMessage(message, [channel.port2]);
  });
}

async function askWorker(message, waitMs = 0) {
  const target = await worker(waitMs);
  return target ? ask(target, message, WORKER_ANSWER_MS) : null;
}

function keyMessage() {
  return { type: "KEY", person: held.person, key: held.key, idle_ms: idleLimitMs(), active_at: lastActivity };
}

// A new version of the worker, about to take over, gets the key first: the update does not lock.
export function handOver(nextWorker) {
  if (held && nextWorker) nextWorker.postMessage(keyMessage());
}

// The key to the worker; resolves when it has it (or after `waitMs` without a worker).
async function tellWorker(waitMs = 0) {
  if (!held) return false;
  const answer = await askWorker(keyMessage(), waitMs);
  return Boolean(answer && answer.has_key);
}

// The key is open: the waiting saves go on; the worker gets it (unless it gave it) before the
// page hears "unlocked" (a lock screen then reloads, and the worker must answer with the page).
async function remember(person, key, fromWorker = false) {
  held = { person, key };
  for (const resolve of waiters) resolve();
  waiters = [];
  watch();
  if (!fromWorker) await tellWorker(3000);
  document.dispatchEvent(new CustomEvent("outreach:vault", { detail: { state: "unlocked" } }));
}

// Drop the key here and in the worker ("sign_out", "idle", "wiped").
export function lock(reason = "locked") {
  held = null;
  worker().then((target) => target && target.postMessage({ type: "LOCK" }));
  document.dispatchEvent(new CustomEvent("outreach:vault", { detail: { state: "locked", reason } }));
}

// The key if this page or the worker has it, without asking the person.
export async function currentKey(person) {
  if (held && held.person === person) return held.key;
  const answer = await askWorker({ type: "GET_KEY", person }, 3000);
  if (answer && answer.key && !(held && held.person === person)) await remember(person, answer.key, true);
  return held && held.person === person ? held.key : null;
}

// The key, waiting for the person to unlock (the vault panel asks) if need be.
export async function requireKey(person) {
  for (;;) {
    const key = await currentKey(person);
    if (key) return key;
    document.dispatchEvent(new CustomEvent("outreach:vault", { detail: { state: "needed" } }));
    await new Promise((resolve) => waiters.push(resolve));
  }
}

// Activity keeps the vault open; the worker is told every few seconds (which also keeps it awake
// and gives it the key again after a restart).
function watch() {
  if (pinger) return;
  for (const name of ["pointerdown", "keydown", "touchstart", "scroll"]) {
    window.addEventListener(name, () => {
      lastActivity = Date.now();
    }, { passive: true, capture: true });
  }
  navigator.serviceWorker && navigator.serviceWorker.addEventListener("message", (event) => {
    if (event.data && event.data.type === "WANT_KEY" && event.ports[0]) {
      event.ports[0].postMessage(held && held.person === event.data.person ? { key: held.key, active_at: lastActivity, idle_ms: idleLimitMs() } : {});
    }
    if (event.data && event.data.type === "LOCKED" && held) lock(event.data.reason || "idle");
  });
  pinger = setInterval(async () => {
    if (!held) return;
    // The device is idle when every tab is: the worker knows the latest activity of all of them.
    const answer = await askWorker({ type: "PING", person: held.person, active_at: lastActivity });
    if (answer && answer.active_at) lastActivity = Math.max(lastActivity, answer.active_at);
    if (!held) return;
    if (Date.now() - lastActivity > idleLimitMs()) {
      lock("idle");
      return;
    }
    if (answer && !answer.has_key) tellWorker();
  }, PING_MS);
}

// --- opening the vault ----------------------------------------------------------------------

// The data key wrapped by a key derived from `secret` (a PIN: PBKDF2; PRF output, recovery or
// escrow key: HKDF) with a fresh salt.
async function wrapWith(dataKey, method, secret) {
  const salt = vault.randomBytes(32);
  const wrappingKey = method === "pin" ? await vault.keyFromPin(secret, salt) : await vault.keyFromPrf(secret, salt);
  return vault.wrap(dataKey, wrappingKey, method, salt);
}

async function wrapFor(ring, dataKey, method, secret, extra = {}) {
  ring.wrappings = ring.wrappings.filter((w) => !(w.method === method && (method !== "prf" || w.credential === extra.credential)));
  ring.wrappings.push({ ...(await wrapWith(dataKey, method, secret)), ...extra });
}

async function openWith(wrapping, secret, options) {
  return vault.unwrap(wrapping, await vault.keyFromPrf(secret, wrapping.salt), options);
}

// The session's current token: the page's may belong to the session before a sign-in, or to an
// older one (a stored copy, the lock screen); the page's own is the fallback.
export async function freshToken() {
  const answer = await fetch("/sync/token", { credentials: "same-origin", headers: { Accept: "application/json" } }).catch(() => null);
  if (answer && answer.ok) return (await answer.json()).token;
  const meta = document.querySelector('meta[name="csrf-token"]');
  return meta ? meta.content : "";
}

// What the server says right after a passkey sign-in: the device's recovery key, the passkeys
// still usable and (not to a revoked device) the person's escrow {key, wrapping}. `offer`: this
// device's data key wrapped for the escrow, kept there if it holds none yet. Throws with the
// server's message when it refuses.
async function recovery(method, offer = null) {
  const { deviceId } = await import("/static/js/device.js");
  const response = await fetch("/sync/vault", {
    method: "POST", credentials: "same-origin",
    headers: { "Content-Type": "application/json", Accept: "application/json", "X-CSRFToken": await freshToken() },
    body: JSON.stringify({ device_id: await deviceId(), method, ...(offer ? { escrow: offer } : {}) }),
  });
  const data = await response.json().catch(() => ({}));
  if (!response.ok) throw Object.assign(new Error(data.message || response.statusText), { code: data.error || "failed" });
  const escrow = data.escrow && {
    key: b64url.decode(data.escrow.key),
    wrapping: data.escrow.wrapping && { method: "escrow", ...Object.fromEntries(
      ["salt", "iv", "wrapped"].map((name) => [name, b64url.decode(data.escrow.wrapping[name])])) },
  };
  return { secret: b64url.decode(data.recovery_key), credentials: data.credentials || [], escrow };
}

// This device's data key left in the person's escrow (kept only if none is): the server's answer,
// or null where it could not be sent.
async function leaveInEscrow(method, dataKey, escrowKey) {
  const { salt, iv, wrapped } = await wrapWith(dataKey, "escrow", escrowKey);
  const offer = { salt: b64url.encode(salt), iv: b64url.encode(iv), wrapped: b64url.encode(wrapped) };
  return recovery(method, offer).catch(() => null);
}

// The person's data key for a device without a keyring: the one their first device left in
// escrow, or — this is the first — a new one, left there (if another device was quicker, its key).
// A revoked device's send-only sign-in gets no escrow, nor does an unreadable one: a key of its own.
async function personKey(server, method) {
  const escrow = server.escrow;
  const fromEscrow = (wrapping) => (wrapping ? openWith(wrapping, escrow.key, { forRewrap: true }).catch(() => null) : null);
  if (!escrow) return vault.newDataKey();
  if (escrow.wrapping) return (await fromEscrow(escrow.wrapping)) || vault.newDataKey();
  const dataKey = await vault.newDataKey();
  const answer = await leaveInEscrow(method, dataKey, escrow.key);
  return (answer && answer.escrow && (await fromEscrow(answer.escrow.wrapping))) || dataKey;
}

// After a passkey sign-in (or a confirmation) online: open this person's vault, or make it.
// `prf` is the passkey's PRF output (null where it gave none), `credential` its id.
// Returns {needsPin, reissued, setPin} when the device has no PIN and no PRF: the vault panel asks.
export async function afterSignIn(person, { prf = null, credential = null } = {}) {
  const method = prf ? "prf" : "pin";
  const server = await recovery(method);
  let ring = await getRing(person);
  const existed = Boolean(ring);
  let dataKey = null;
  if (ring) {
    // A passkey removed on the server loses its wrapping here.
    ring.wrappings = ring.wrappings.filter((w) => w.method !== "prf" || server.credentials.includes(w.credential));
    const own = prf && ring.wrappings.find((w) => w.method === "prf" && w.credential === credential);
    if (own) dataKey = await openWith(own, prf, { forRewrap: true }).catch(() => null);
    const byServer = ring.wrappings.find((w) => w.method === "server");
    if (!dataKey && byServer) dataKey = await openWith(byServer, server.secret, { forRewrap: true }).catch(() => null);
    if (!dataKey) throw new vault.VaultError("wrong_key"); // nothing sealed is thrown away
    // A keyring from before the escrow: the first device of the person to come back leaves its key.
    if (server.escrow && !server.escrow.wrapping) await leaveInEscrow(method, dataKey, server.escrow.key);
  } else {
    ring = { person, created_at: Date.now(), wrappings: [] };
    dataKey = await personKey(server, method);
    await wrapFor(ring, dataKey, "server", server.secret);
  }
  if (prf && !ring.wrappings.some((w) => w.method === "prf" && w.credential === credential)) {
    await wrapFor(ring, dataKey, "prf", prf, { credential }); // a new passkey on this device: the same data key
  }
  ring.method = method;
  await saveRing(ring);
  // In use, the key is not extractable: unwrapped once more from the server's wrapping. The next
  // page asks the worker for it: a sign-in opens the vault once. A new device that must choose a
  // PIN first opens it only once the PIN is set (a lock screen would otherwise go on without one);
  // one whose PIN was wiped (five wrong) opens at once, so what waits is sent first, and the vault
  // panel asks for the new PIN on every page until it is set.
  const inUse = await openWith(ring.wrappings.find((w) => w.method === "server"), server.secret);
  const openNow = async () => {
    await remember(person, inUse);
    await tellWorker(10000);
  };
  if (method === "pin" && !hasPin(ring)) {
    if (existed) await openNow();
    return {
      needsPin: true,
      reissued: existed,
      async setPin(value) {
        await wrapFor(ring, dataKey, "pin", value);
        await saveRing(ring);
        if (!existed) await openNow();
      },
    };
  }
  await openNow();
  return { needsPin: false };
}

// A local passkey assertion that only yields the PRF output (nothing goes to the server): the
// fingerprint or face, offline too. {output, credential} or a VaultError "no_prf".
async function prfAssertion(credentialIds) {
  const credential = await navigator.credentials.get({
    publicKey: await withPrf({
      challenge: vault.randomBytes(32), rpId: window.location.hostname, userVerification: "required", timeout: 120000,
      allowCredentials: credentialIds.map((id) => ({ type: "public-key", id: b64url.decode(id) })),
    }),
  });
  const output = prfOutput(credential);
  if (!output) throw new vault.VaultError("no_prf");
  return { output, credential: credential.id };
}

// The PRF output of a passkey just made (authenticators give it when asked to sign).
export async function unlockOutput(credentialId) {
  return (await prfAssertion([credentialId])).output;
}

export async function unlockWithPasskey(person) {
  const ring = await getRing(person);
  const wrappings = ring ? ring.wrappings.filter((w) => w.method === "prf") : [];
  if (!wrappings.length) throw new vault.VaultError("no_prf");
  const { output, credential } = await prfAssertion(wrappings.map((w) => w.credential));
  const wrapping = wrappings.find((w) => w.credential === credential);
  if (!wrapping) throw new vault.VaultError("no_prf");
  // Another PRF output than the one that wrapped it (the passkey re-made elsewhere): not this way in.
  const key = await openWith(wrapping, output).catch(() => {
    throw new vault.VaultError("no_prf");
  });
  await remember(person, key);
}

// A PIN attempt: five wrong ones in a row wipe the PIN's wrapping (the server's stays: the next
// passkey sign-in opens the vault again and asks for a new PIN).
export async function unlockWithPin(person, pin) {
  const ring = await getRing(person);
  const index = ring ? ring.wrappings.findIndex((w) => w.method === "pin") : -1;
  if (index < 0) throw new vault.VaultError("wiped");
  const result = await vault.unwrapWithPin(ring.wrappings[index], pin);
  ring.wrappings[index] = result.wrapping;
  await saveRing(ring);
  if (!result.key) throw Object.assign(new vault.VaultError(result.error), { left: vault.PIN_ATTEMPTS - result.wrapping.attempts });
  await remember(person, result.key);
}
