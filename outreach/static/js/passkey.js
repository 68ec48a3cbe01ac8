// Passkey buttons: sign in, register from a one-time link, confirm (re-verify).
// <button data-passkey="sign-in|register|reverify" data-options-url data-verify-url [data-next]>
// Each ceremony also asks for the passkey's PRF output (WebAuthn `prf`, this device's input),
// which opens the phone's vault of offline data (keyring.js) without a second prompt.
import { deviceId } from "/static/js/device.js";
import { afterSignIn, b64url, freshToken, prfOutput, unlockOutput, withPrf } from "/static/js/keyring.js";

async function postJSON(url, body) {
  const response = await fetch(url, {
    method: "POST",
    credentials: "same-origin",
    headers: { "Content-Type": "application/json", Accept: "application/json", "X-CSRFToken": await freshToken() },
    body: JSON.stringify(body || {}),
  });
  let data = {};
  try {
    data = await response.json();
  } catch (error) {
    data = {};
  }
  if (!response.ok) throw Object.assign(new Error(data.message || response.statusText), { code: data.error });
  return data;
}

// Older browsers lack parse*FromJSON / toJSON: convert by hand.
function creationOptions(json) {
  if (PublicKeyCredential.parseCreationOptionsFromJSON) return PublicKeyCredential.parseCreationOptionsFromJSON(json);
  return {
    ...json,
    challenge: b64url.decode(json.challenge),
    user: { ...json.user, id: b64url.decode(json.user.id) },
    excludeCredentials: (json.excludeCredentials || []).map((c) => ({ ...c, id: b64url.decode(c.id) })),
  };
}

function requestOptions(json) {
  if (PublicKeyCredential.parseRequestOptionsFromJSON) return PublicKeyCredential.parseRequestOptionsFromJSON(json);
  return {
    ...json,
    challenge: b64url.decode(json.challenge),
    allowCredentials: (json.allowCredentials || []).map((c) => ({ ...c, id: b64url.decode(c.id) })),
  };
}

function credentialJSON(credential) {
  if (credential.toJSON) return credential.toJSON();
  const response = {};
  for (const key of ["clientDataJSON", "attestationObject", "authenticatorData", "signature", "userHandle"]) {
    if (credential.response[key]) response[key] = b64url.encode(credential.response[key]);
  }
  if (credential.response.getTransports) response.transports = credential.response.getTransports();
  return {
    id: credential.id,
    rawId: b64url.encode(credential.rawId),
    type: credential.type,
    response,
    clientExtensionResults: credential.getClientExtensionResults(),
    authenticatorAttachment: credential.authenticatorAttachment,
  };
}

function statusFor(button) {
  return button.parentElement.querySelector("[data-passkey-status]") || document.querySelector("[data-passkey-status]");
}

const messages = {
  de: {
    cancelled: "Abgebrochen. Sie können es erneut versuchen.",
    unsupported: "Dieser Browser unterstützt keine Passkeys.",
    working: "Bitte bestätigen Sie mit Fingerabdruck, Gesicht oder Geräte-PIN …",
    network: "Keine Verbindung. Für die Anmeldung wird Netz benötigt.",
    registered: "Auf diesem Gerät ist bereits ein Passkey für Sie eingerichtet. Melden Sie sich damit an.",
  },
  en: {
    cancelled: "Cancelled. You can try again.",
    unsupported: "This browser does not support passkeys.",
    working: "Please confirm with fingerprint, face or device PIN …",
    network: "No connection. Signing in needs the network.",
    registered: "This device already holds a passkey for you. Sign in with it.",
  },
};
const text = messages[document.documentElement.lang] || messages.de;

// One passkey ceremony with the server: {result, prf, credentialId}.
export async function ceremony(kind, optionsUrl, verifyUrl, extra = {}) {
  const { publicKey } = await postJSON(optionsUrl, { revision: extra.revision });
  const options = await withPrf(kind === "register" ? creationOptions(publicKey) : requestOptions(publicKey));
  const credential =
    kind === "register" ? await navigator.credentials.create({ publicKey: options }) : await navigator.credentials.get({ publicKey: options });
  const result = await postJSON(verifyUrl, {
    credential: credentialJSON(credential), device_id: await deviceId(), next: extra.next || "", name: extra.name || "",
  });
  let prf = prfOutput(credential);
  // A new passkey: most authenticators give the PRF output only when asked to sign, not at creation.
  if (kind === "register" && !prf && (credential.getClientExtensionResults().prf || {}).enabled !== false) {
    prf = await unlockOutput(credential.id).catch(() => null);
  }
  return { result, prf, credentialId: credential.id };
}

async function run(button) {
  const status = statusFor(button);
  const say = (message, isError) => {
    status.textContent = message;
    status.classList.toggle("error-text", Boolean(isError));
  };
  if (!window.PublicKeyCredential) return say(text.unsupported, true);
  button.disabled = true;
  say(text.working);
  try {
    const nameInput = document.querySelector("[data-passkey-name]");
    const { result, prf, credentialId } = await ceremony(button.dataset.passkey, button.dataset.optionsUrl, button.dataset.verifyUrl, {
      revision: button.dataset.revision, next: button.dataset.next, name: nameInput ? nameInput.value : "",
    });
    if (result.vault) {
      // Signed in either way: a vault that does not open here is offered again on the next page.
      const opened = await afterSignIn(result.person, { prf, credential: credentialId }).catch((error) => {
        console.warn("vault", error);
        return { needsPin: false };
      });
      if (opened.needsPin) {
        const { askNewPin } = await import("/static/js/vault-ui.js");
        await askNewPin(opened.setPin, opened.reissued ? "reissued" : "setPin");
      }
    }
    window.location.assign(result.redirect || "/");
  } catch (error) {
    if (error.name === "NotAllowedError" || error.name === "AbortError") say(text.cancelled, true);
    else if (error.name === "InvalidStateError") say(text.registered, true);
    else if (error instanceof TypeError) say(text.network, true);
    else say(error.message, true);
    button.disabled = false;
  }
}

document.addEventListener("click", (event) => {
  const button = event.target.closest("[data-passkey]");
  if (button) run(button);
});

// Demo sign-in forms carry the device id too.
deviceId().then((id) => {
  for (const input of document.querySelectorAll("[data-device-id]")) input.value = id;
});
