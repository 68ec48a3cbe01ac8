// The vault panel's parts (_vault_panel.html), shared by the sign-in pages (a new PIN after the
// passkey) and vault-panel.js (locked, first protection). Texts in messages.js.
import { t } from "/static/js/messages.js";
import { guessablePin } from "/static/js/vault.js";

export const panel = document.querySelector("[data-vault-panel]");
export const $ = (selector) => panel && panel.querySelector(selector);

export function say(message, isError = false) {
  const line = $("[data-vault-message]");
  line.textContent = message;
  line.classList.toggle("error-text", isError);
}

export function showOnly(...parts) {
  panel.hidden = false;
  for (const name of ["[data-vault-passkey]", "[data-vault-confirm]", "[data-vault-pin]", "[data-vault-new-pin]"]) {
    $(name).hidden = !parts.includes(name);
  }
}

export function hide() {
  if (panel && !panel.dataset.lockPage) panel.hidden = true;
}

export function explain(error) {
  if (error.name === "NotAllowedError" || error.name === "AbortError") return t.vault.cancelled;
  if (error.code === "wrong_pin") return t.vault.wrongPin(error.left);
  if (error.code === "wiped") return t.vault.wiped;
  if (error.code === "no_prf") return t.vault.noPrf;
  if (error.code === "pin_too_short") return t.vault.pinShort;
  if (error.code === "wrong_key") return t.vault.wrongKey;
  return error.message || String(error);
}

// A new PIN (first protection without PRF, the demo, or after five wrong ones): resolves once set.
export function askNewPin(setPin, why = "setPin") {
  return new Promise((resolve) => {
    showOnly("[data-vault-new-pin]");
    say(t.vault[why] || t.vault.setPin);
    const form = $("[data-vault-new-pin]");
    form.elements.pin.focus();
    form.onsubmit = async (event) => {
      event.preventDefault();
      const pin = form.elements.pin.value;
      if (!/^[0-9]{6,}$/.test(pin)) return say(t.vault.pinShort, true);
      if (guessablePin(pin)) return say(t.vault.pinGuessable, true);
      if (pin !== form.elements.again.value) return say(t.vault.pinMismatch, true);
      form.querySelector("button").disabled = true;
      await setPin(pin);
      form.reset();
      form.querySelector("button").disabled = false;
      say(t.vault.unlocked);
      hide();
      resolve();
    };
  });
}
