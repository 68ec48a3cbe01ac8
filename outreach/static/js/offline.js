// The caseload in the pocket, seen from the page: ask the service worker to copy the person's
// caseload while online, ask for persistent storage, offer a waiting update, and sign out safely.
import { deleteDB } from "/static/vendor/idb-8.0.4.js";
import { currentPerson, openOutbox, outboxName } from "/static/js/outbox.js";
import { ask, forgetRing, handOver } from "/static/js/keyring.js";
import { t } from "/static/js/messages.js";
import { flush } from "/static/js/sync.js";

// The latest news, for a status line that starts listening later than this module reports.
export const offlineState = {};

function tell(detail) {
  Object.assign(offlineState, detail);
  document.dispatchEvent(new CustomEvent("outreach:offline", { detail }));
}

export async function refreshCaseload(force = false) {
  const controller = navigator.serviceWorker && navigator.serviceWorker.controller;
  if (!controller || !navigator.onLine) return;
  const answer = await ask(controller, { type: "REFRESH", force, person: currentPerson() });
  tell({ cached: answer.count, state: answer.state, scope: answer.scope, ready: answer.ready, total: answer.total });
  return answer;
}

async function askPersistence() {
  if (!navigator.storage || !navigator.storage.persist) return;
  const already = await navigator.storage.persisted();
  const granted = already || (await navigator.storage.persist());
  tell({ persisted: granted });
}

export async function forgetEverything({ outbox = false, device = false } = {}) {
  const controller = navigator.serviceWorker && navigator.serviceWorker.controller;
  if (controller) await ask(controller, { type: "FORGET" });
  // The key goes with the outbox (sign-out, a wipe); a revoked device keeps it until its outbox is sent.
  if (outbox && currentPerson()) {
    await deleteDB(outboxName(currentPerson()));
    await forgetRing(currentPerson());
  }
  if (device) {
    await forgetRing();
    await deleteDB("outreach-device");
  }
}

// Sign-out: items waiting need a connection; they are sent first, then this person's cached
// pages and outbox go. Clear-Site-Data "cache" from the server does the HTTP cache.
async function signOut(form) {
  const message = document.querySelector("[data-sign-out-message]");
  const person = currentPerson();
  const box = await openOutbox(person);
  const waiting = await box.count();
  if (!navigator.onLine) {
    // Without the server the session would live on for the next person on this phone.
    message.textContent = waiting ? t.signOutOffline(waiting) : t.signOutNeedsNetwork;
    return;
  }
  if (waiting) {
    await flush("sign-out");
    const left = await box.all();
    if (left.length) {
      if (!window.confirm(t.signOutDiscard(left.length))) {
        message.textContent = t.signOutBlocked(left.length);
        return;
      }
      const token = (document.querySelector('meta[name="csrf-token"]') || {}).content || "";
      for (const item of left) {
        const response = await fetch("/sync/discard", {
          method: "POST", credentials: "same-origin",
          headers: { "Content-Type": "application/json", Accept: "application/json", "X-CSRFToken": token },
          body: JSON.stringify({ mutation_id: item.id, kind: item.mutation.kind, reason: "sign_out" }),
        }).catch(() => null);
        if (!response || !response.ok) {
          message.textContent = t.signOutBlocked(left.length);
          return;
        }
        await box.remove(item.id);
      }
    }
  }
  const ended = await fetch(form.action, { method: "POST", credentials: "same-origin", body: new FormData(form) })
    .catch(() => null);
  if (!ended || !ended.ok) {
    message.textContent = t.signOutNeedsNetwork;
    return;
  }
  box.db.close();
  await forgetEverything({ outbox: true });
  localStorage.removeItem(`outreach-last-sync-${person}`);
  // The server dropped this device's push subscription at sign-out; the browser's goes too, so
  // the next person on this phone starts without one.
  const registration = navigator.serviceWorker && (await navigator.serviceWorker.getRegistration());
  const pushed = registration && registration.pushManager && (await registration.pushManager.getSubscription().catch(() => null));
  if (pushed) await pushed.unsubscribe().catch(() => null);
  window.location.assign(ended.url || "/signin?signed_out=1");
}

function offerUpdate(registration) {
  const banner = document.querySelector("[data-update-banner]");
  // The very first worker passes through "installed" on its way to active: that is no update.
  if (!banner || !registration.waiting || !navigator.serviceWorker.controller) return;
  banner.hidden = false;
  banner.querySelector("button").addEventListener("click", () => {
    handOver(registration.waiting);
    registration.waiting.postMessage({ type: "SKIP_WAITING" });
  });
}

// Even with nobody signed in: a revoked or disabled device deletes its case pages at once.
export async function checkDevice() {
  if (!navigator.onLine || !navigator.serviceWorker || !navigator.serviceWorker.controller) return;
  const { deviceId } = await import("/static/js/device.js");
  const answer = await fetch(`/sync/device?device_id=${encodeURIComponent(await deviceId())}`, {
    credentials: "same-origin", headers: { Accept: "application/json" },
  }).catch(() => null);
  if (!answer || !answer.ok) return;
  const state = (await answer.json()).state;
  if (state === "device_revoked" || state === "person_disabled") await forgetEverything();
}

export async function start() {
  for (const form of document.querySelectorAll("[data-sign-out]")) {
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      signOut(form);
    });
  }
  document.addEventListener("outreach:sync", (event) => {
    const state = event.detail.state;
    if (state === "device_revoked" || state === "person_disabled") {
      forgetEverything({ outbox: Boolean(event.detail.wipe), device: Boolean(event.detail.wipe) });
    }
    if (state === "wipe") {
      forgetEverything({ outbox: true, device: true }).then(() => {
        const done = document.querySelector("[data-wipe-done]");
        if (done) done.hidden = false;
      });
    }
  });
  if (!navigator.serviceWorker) return;
  const registration = await navigator.serviceWorker.getRegistration();
  if (registration) {
    const watch = (worker) => worker && worker.addEventListener("statechange", () => offerUpdate(registration));
    offerUpdate(registration);
    watch(registration.installing); // an update may have started before this module loaded
    registration.addEventListener("updatefound", () => watch(registration.installing));
  }
  // A new version took over (the person chose "Update now"): reload to run it. The very first
  // worker taking control of a page (clients.claim) is not a new version: no reload, so the first
  // sign-in does not load its page twice (and a navigation just started is not cut off); the copy
  // of the caseload starts at once instead of on the next page.
  const hadController = Boolean(navigator.serviceWorker.controller);
  let reloading = false;
  navigator.serviceWorker.addEventListener("controllerchange", () => {
    if (!hadController) {
      refreshCaseload(false);
      return;
    }
    if (!reloading) {
      reloading = true;
      window.location.reload();
    }
  });
  // The copy reports each step ("37 of 100 cases ready") while it runs.
  navigator.serviceWorker.addEventListener("message", (event) => {
    if (event.data && event.data.type === "COPY_PROGRESS") tell({ ready: event.data.ready, total: event.data.total });
  });
  await navigator.serviceWorker.ready;
  askPersistence();
  refreshCaseload(false);
  window.addEventListener("online", () => refreshCaseload(false));
  // A copy refused while the vault was locked goes on once it is open.
  document.addEventListener("outreach:vault", (event) => event.detail.state === "unlocked" && refreshCaseload(false));
}
