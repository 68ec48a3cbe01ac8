// The vault panel on signed-in pages and the lock screen: what the person sees when the offline
// data is locked — unlock with the passkey or the device PIN, or, with a connection, confirm with
// the passkey (the server's recovery key then opens it, and a device without PRF chooses a new
// PIN) — and when it is protected for the first time (the demo chooses a PIN).
import * as keyring from "/static/js/keyring.js";
import { t } from "/static/js/messages.js";
import { $, askNewPin, explain, hide, panel, say, showOnly } from "/static/js/vault-ui.js";

function demo() {
  const meta = document.querySelector('meta[name="outreach-vault"]');
  return Boolean(meta && meta.content === "demo");
}

// While a new PIN is chosen the panel stays, even if the vault opened meanwhile (after a wipe it
// opens first, so what waits is sent); the page goes on once the PIN is set.
let choosingPin = false;
let afterPin = null;

// With a connection: a fresh passkey confirmation (none in the demo), then the server's recovery
// key opens the vault, or makes it.
async function confirmOnline(person) {
  choosingPin = true;
  try {
    let opened;
    if (demo()) opened = await keyring.afterSignIn(person);
    else {
      const { ceremony } = await import("/static/js/passkey.js");
      const { prf, credentialId } = await ceremony("reverify", "/account/reverify/options", "/account/reverify/verify");
      opened = await keyring.afterSignIn(person, { prf, credential: credentialId });
    }
    if (opened.needsPin) await askNewPin(opened.setPin, opened.reissued ? "reissued" : demo() ? "demoPin" : "setPin");
  } finally {
    choosingPin = false;
  }
  if (afterPin) afterPin();
  afterPin = null;
}

async function showUnlock(person, reason) {
  const ring = await keyring.getRing(person);
  const byPasskey = keyring.hasPasskey(ring);
  const byPin = keyring.hasPin(ring);
  const online = navigator.onLine;
  showOnly(...(byPasskey ? ["[data-vault-passkey]"] : []), ...(byPin ? ["[data-vault-pin]"] : []),
    ...(online && !byPasskey ? ["[data-vault-confirm]"] : []));
  if (!ring) say(t.vault.setUp);
  else if (byPasskey || byPin) say(reason === "needed" ? t.vault.needed : t.vault.locked);
  else say(t.vault.wiped, true);
}

// The session belongs to this browser's device (the server gives the vault's recovery key to no other).
async function sessionOnThisDevice() {
  const meta = document.querySelector('meta[name="outreach-vault"]');
  if (!meta) return true; // the lock screen: no session of its own
  const { deviceId } = await import("/static/js/device.js");
  return Boolean(meta.dataset.device) && meta.dataset.device === (await deviceId());
}

export async function start(person, { lockPage = false } = {}) {
  if (!panel || !person) return;
  if (lockPage) panel.dataset.lockPage = "true";
  // A session from another device (a copied cookie): no vault here, so nothing is kept offline; the
  // status line says the offline data is locked. Nothing else is shown: there is nothing to unlock.
  if (!(await sessionOnThisDevice())) return;
  $("[data-vault-passkey]").onclick = async () => {
    say(t.vault.working);
    try {
      await keyring.unlockWithPasskey(person);
    } catch (error) {
      say(explain(error), true);
    }
  };
  $("[data-vault-confirm]").onclick = async () => {
    say(t.vault.working);
    try {
      await confirmOnline(person);
    } catch (error) {
      say(explain(error), true);
    }
  };
  $("[data-vault-pin]").onsubmit = async (event) => {
    event.preventDefault();
    const form = event.target;
    try {
      await keyring.unlockWithPin(person, form.elements.pin.value);
    } catch (error) {
      say(explain(error), true);
      if (error.code === "wiped") showUnlock(person, "wiped");
    } finally {
      form.reset();
    }
  };
  let unlocked = false;
  const relock = () => !unlocked && showUnlock(person, "locked");
  window.addEventListener("online", relock);
  window.addEventListener("offline", relock);
  document.addEventListener("outreach:vault", async (event) => {
    const state = event.detail.state;
    if (state === "unlocked") {
      unlocked = true;
      const goOn = () => {
        say(t.vault.unlocked);
        if (!lockPage) return hide();
        // The worker now answers the page asked for: the lock page stood in its place, or named it.
        const next = new URLSearchParams(window.location.search).get("next") || "";
        if (window.location.pathname === "/offline/locked") window.location.replace(/^\/(?!\/)/.test(next) ? next : "/");
        else window.location.reload();
      };
      if (!choosingPin) return goOn();
      afterPin = goOn;
      // Opened after a wipe, the PIN still to be chosen: what waits is sent now (other pages send
      // on "unlocked" themselves; the lock screen has no sending of its own).
      if (lockPage) import("/static/js/sync.js").then((sync) => sync.flush("unlocked", person));
    } else if (state === "locked") {
      unlocked = false;
      // Idle too long: the page goes too (it may show personal data); unlocking brings it back.
      if (event.detail.reason === "idle") window.location.replace(`/offline/locked?next=${encodeURIComponent(window.location.pathname)}`);
    } else if (state === "needed") showUnlock(person, "needed");
  });
  const ring = await keyring.getRing(person);
  if (await keyring.currentKey(person)) {
    // Open, but without a way in offline (the PIN wiped, no PRF): a new PIN, after a confirmation.
    if (ring && !keyring.hasPin(ring) && !keyring.hasPasskey(ring) && navigator.onLine) {
      showOnly("[data-vault-confirm]");
      say(t.vault.noPin, true);
    }
    return;
  }
  if (ring || lockPage) showUnlock(person, "locked");
  else if (navigator.onLine && demo()) confirmOnline(person).catch((error) => say(explain(error), true));
  else if (navigator.onLine) showUnlock(person, "locked"); // first protection: confirm once with the passkey
}
