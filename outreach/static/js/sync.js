// Sends the outbox to POST /sync. Promises (docs/sync.md): an item leaves only when the answer
// names it applied, duplicate or conflict; network errors and 5xx keep it and retry with backoff;
// a rejection keeps it, marked, with the reason; 401 stops and asks to sign in; a stale CSRF
// token is refreshed once; 413 splits the batch. One bad item never blocks the others: a batch
// that fails with a server error (500) twice is sent one item at a time, and an item that fails
// twice alone is marked "needs attention" (with "Send again") while the rest flow; 502/503/504
// mean the server is away and only wait. A send with no answer within the timeout is
// aborted and counted as a network error. Runs on load, 'online', visibility, after each save,
// and when the service worker relays a Background Sync.
import { deviceId } from "/static/js/device.js";
import { currentPerson, openOutbox } from "/static/js/outbox.js";
import { currentKey } from "/static/js/keyring.js";
import { t } from "/static/js/messages.js";

const MAX_BATCH = 500;
const TRIES_ALONE = 2; // a batch, then each item alone, gets this many 5xx before the next step
const TIMEOUT_MS = Number((document.querySelector('meta[name="outreach-sync-timeout"]') || {}).content) || 30000;
let running = null;
let serverErrors = 0; // 5xx in a row for the current batch (kept across retries)
let oneByOne = false;
let again = false;
let retryTimer = null;
let failures = 0;
let token = (document.querySelector('meta[name="csrf-token"]') || {}).content || "";

function announce(detail) {
  document.dispatchEvent(new CustomEvent("outreach:sync", { detail }));
}

function scheduleRetry() {
  failures += 1;
  const delay = Math.min(60000, 1000 * 2 ** Math.min(failures, 6)) * (0.75 + Math.random() / 2);
  clearTimeout(retryTimer);
  retryTimer = setTimeout(() => flush("retry"), delay);
}

// A fresh token for this session; "signed_out" when the session itself is gone.
async function refreshToken() {
  const response = await fetch("/sync/token", { credentials: "same-origin", headers: { Accept: "application/json" } });
  if (response.status === 401) return "signed_out";
  if (!response.ok) return "failed";
  token = (await response.json()).token;
  return "ok";
}

// The answer as JSON, or a thrown error for a broken or hung connection: a half-open connection
// (a phone between cells) would otherwise keep this send and every later one waiting for ever.
async function post(body) {
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), TIMEOUT_MS);
  try {
    const response = await fetch("/sync", {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", Accept: "application/json", "X-CSRFToken": token },
      body: JSON.stringify(body),
      signal: abort.signal,
    });
    // A cut answer throws here (the server may have committed: the items stay and are sent again,
    // answered "duplicate"); a 5xx page that is not JSON (a proxy's) still counts as a 5xx.
    const data = response.status === 413 ? {} : response.status >= 500 ? await response.json().catch(() => ({})) : await response.json();
    return { response, data };
  } finally {
    clearTimeout(timer);
  }
}

// True when everything waiting was answered; false when it stopped (offline, retry later, signed out).
async function send(box, person) {
  const device = await deviceId();
  // Sealed items wait for the vault to open (the person unlocks; "outreach:vault" sends then).
  if ((await box.states()).some((item) => item.state === "waiting") && !(await currentKey(person))) {
    announce({ state: "locked" });
    return false;
  }
  let waiting = (await box.all()).filter((item) => item.state === "waiting").sort((a, b) => a.saved_at - b.saved_at);
  let batchSize = MAX_BATCH;
  let refreshed = false;
  if (waiting.length) announce({ state: "sending" });
  while (waiting.length) {
    const batch = waiting.slice(0, oneByOne ? 1 : batchSize);
    let response;
    let data;
    try {
      ({ response, data } = await post({ device_id: device, unsent: waiting.length, unsent_since: waiting[0].saved_at, mutations: batch.map((i) => i.mutation) }));
    } catch (error) {
      // No answer, a timeout or a cut connection: nothing is removed; wait and try again.
      announce({ state: error && error.name === "AbortError" ? "timeout" : "offline" });
      scheduleRetry();
      return false;
    }
    if (response.status === 413 && batchSize > 1) {
      batchSize = Math.max(1, Math.floor(batchSize / 2));
      continue;
    }
    if (response.status === 403 && data.error === "csrf" && !refreshed) {
      refreshed = true;
      const fresh = await refreshToken();
      if (fresh === "ok") continue;
      if (fresh === "signed_out") {
        announce({ state: "signed_out" });
        return false;
      }
    }
    if (response.status === 401) {
      announce({ state: data.error || "signed_out", wipe: Boolean(data.wipe) });
      return false;
    }
    if (response.status >= 500 || (response.ok && !Array.isArray(data.results))) {
      // 502/503/504: the server is away for a while, nothing points at an item: just wait.
      if ([502, 503, 504].includes(response.status)) {
        scheduleRetry();
        announce({ state: "retrying" });
        return false;
      }
      serverErrors += 1;
      if (serverErrors < TRIES_ALONE && !oneByOne) {
        scheduleRetry();
        announce({ state: "retrying" });
        return false;
      }
      serverErrors = 0;
      if (!oneByOne && batch.length > 1) {
        oneByOne = true; // find the item that breaks the batch; the others go through
        continue;
      }
      if (oneByOne && !batch[0].triedAlone) {
        batch[0].triedAlone = true; // once more on its own after a pause, then it waits for the worker
        await new Promise((resolve) => setTimeout(resolve, 1000));
        continue;
      }
      // This item fails on its own: it waits for the worker, marked, and the rest flow on.
      const { triedAlone, ...item } = batch[0];
      await box.put({ ...item, state: "attention", reason: "server_error" });
      announce({ state: "attention" });
      waiting = waiting.slice(1);
      continue;
    }
    if (!response.ok) {
      // 400, 403 (not csrf), 415: retrying the same request cannot help; say so and wait for a change.
      announce({ state: "refused", code: data.error });
      return false;
    }
    failures = 0;
    serverErrors = 0;
    for (const result of data.results) {
      const item = batch.find((i) => i.id === result.id);
      if (!item) continue;
      if (["applied", "duplicate", "conflict"].includes(result.status)) {
        await box.remove(item.id);
        if (result.status === "conflict" || result.first_status === "conflict") announce({ state: "conflict", note: result.note, kind: item.mutation.kind });
      } else if (result.reason !== "wrong_author") {
        await box.put({ ...item, state: "attention", reason: result.reason, field: result.field, code: result.code });
      }
    }
    localStorage.setItem(`outreach-last-sync-${person}`, new Date().toISOString());
    waiting = waiting.slice(batch.length);
    if (data.wipe) {
      // A revoked device: what waited has arrived; now everything on it goes.
      announce({ state: "wipe" });
      return false;
    }
  }
  oneByOne = false;
  announce({ state: "sent" });
  return true;
}

// `person`: the signed-in page's; the lock screen (no person of its own) names the one it opened.
export async function flush(reason, person = currentPerson()) {
  if (!person) return;
  if (!navigator.onLine) {
    // The 'online' event may come before navigator.onLine turns true (or not at all on flaky
    // networks): keep trying with the same backoff instead of waiting for the next event.
    announce({ state: "offline" });
    scheduleRetry();
    return;
  }
  if (running) {
    again = true; // something was saved meanwhile: one more round when this one ends
    return running;
  }
  running = (async () => {
    try {
      let done;
      do {
        again = false;
        done = await send(await openOutbox(person), person);
      } while (again && done); // after a failure the backoff decides when to try again
    } finally {
      running = null;
    }
  })();
  return running;
}

export function lastSync(person) {
  const stamp = localStorage.getItem(`outreach-last-sync-${person}`);
  return stamp ? new Date(stamp).toLocaleTimeString(document.documentElement.lang, { hour: "2-digit", minute: "2-digit" }) : "";
}

export function start() {
  if (!currentPerson()) return;
  window.addEventListener("online", () => {
    failures = 0; // a new connection: the backoff starts again from its shortest wait
    flush("online");
  });
  document.addEventListener("visibilitychange", () => document.visibilityState === "visible" && flush("visible"));
  document.addEventListener("outreach:saved", () => flush("saved"));
  document.addEventListener("outreach:vault", (event) => event.detail.state === "unlocked" && flush("unlocked"));
  if (navigator.serviceWorker) {
    navigator.serviceWorker.addEventListener("message", (event) => event.data && event.data.type === "FLUSH" && flush("background-sync"));
  }
  flush("load");
}

export { t };
