// The vault panel on signed-in pages and the lock screen: what the person sees when the offline
// data is locked (unlock with the passkey or the device PIN) and when it is protected for the
// first time (confirm with the passkey; the demo chooses a PIN).
import * as keyring from "/static/js/keyring.js";
import { t } from "/static/js/messages.js";
import { $, askNewPin, explain, hide, panel, say, showOnly } from "/static/js/vault-ui.js";

async function showUnlock(person, reason) {
  const ring = await keyring.getRing(person);
  const byPasskey = ring.wrappings.some((w) => w.method === "prf");
  const byPin = ring.wrappings.some((w) => w.method === "pin" && w.wrapped);
  showOnly(...(byPasskey ? ["[data-vault-passkey]"] : []), ...(byPin ? ["[data-vault-pin]"] : []));
  say(byPasskey || byPin ? (reason === "needed" ? t.vault.needed : t.vault.locked) : t.vault.wiped, !byPasskey && !byPin);
}

// First protection of a session that began before the vault (or a demo's): confirm with the
// passkey (the server then gives the recovery key), or, in the demo, choose a PIN.
async function protect(person) {
  const demo = document.querySelector('meta[name="outreach-vault"]').content === "demo";
  try {
    if (demo) {
      const opened = await keyring.afterSignIn(person);
      if (opened.needsPin) await askNewPin(opened.setPin, "demoPin");
      return;
    }
    showOnly("[data-vault-confirm]");
    say(t.vault.setUp);
    $("[data-vault-confirm]").onclick = async () => {
      say(t.vault.working);
      try {
        const { ceremony } = await import("/static/js/passkey.js");
        const { prf, credentialId } = await ceremony("reverify", "/account/reverify/options", "/account/reverify/verify");
        const opened = await keyring.afterSignIn(person, { prf, credential: credentialId });
        if (opened.needsPin) await askNewPin(opened.setPin, "setPin");
        hide();
      } catch (error) {
        say(explain(error), true);
      }
    };
  } catch (error) {
    showOnly();
    say(explain(error), true);
  }
}

export async function start(person, { lockPage = false } = {}) {
  if (!panel || !person) return;
  if (lockPage) panel.dataset.lockPage = "true";
  $("[data-vault-passkey]").onclick = async () => {
    say(t.vault.working);
    try {
      await keyring.unlockWithPasskey(person);
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
      if (error.code === "wiped") showOnly();
    } finally {
      form.reset();
    }
  };
  document.addEventListener("outreach:vault", async (event) => {
    const state = event.detail.state;
    if (state === "unlocked") {
      say(t.vault.unlocked);
      if (lockPage) {
        // The worker now answers the page asked for: the lock page stood in its place, or named it.
        const next = new URLSearchParams(window.location.search).get("next") || "";
        if (window.location.pathname === "/offline/locked") window.location.replace(/^\/(?!\/)/.test(next) ? next : "/");
        else window.location.reload();
      } else hide();
    } else if (state === "locked" && event.detail.reason === "idle") {
      // Idle too long: the page goes too (it may show personal data); unlocking brings it back.
      window.location.replace(`/offline/locked?next=${encodeURIComponent(window.location.pathname)}`);
    } else if (state === "needed" && (await keyring.getRing(person))) {
      showUnlock(person, "needed");
    }
  });
  if (await keyring.currentKey(person)) return;
  if (await keyring.getRing(person)) showUnlock(person, "locked");
  else if (!lockPage && navigator.onLine) protect(person);
}
