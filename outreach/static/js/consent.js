// Consent on the phone: the tenant ticks what they agree to and signs with a finger
// (signature_pad); saving puts a `consent.sign` mutation into the outbox first, online and
// offline alike, shows it at once as "not yet sent" and asks the sync to send it. A withdrawal
// goes the same way (`consent.withdraw`). A photo of a paper form is uploaded while online and
// waits in the outbox (`consent.paper`) while offline.
import { deviceId } from "/static/js/device.js";
import { currentPerson, newId, openOutbox } from "/static/js/outbox.js";
import { t } from "/static/js/messages.js";
import { renderPending } from "/static/js/pending.js";
import { smallerPhoto } from "/static/js/photos.js";

async function queue(kind, entityId, payload, title, replaces) {
  const person = currentPerson();
  const box = await openOutbox(person);
  const mutation = {
    id: newId(), kind, entity_id: entityId, base_revision: null, schema_version: 1, payload,
    author: person, device_id: await deviceId(), device_time: new Date().toISOString(),
  };
  await box.put({ id: mutation.id, mutation, state: "waiting", saved_at: Date.now(), case_id: payload.case_id, title });
  if (replaces) await box.remove(replaces); // stored first: the corrected version takes the rejected one's place
  await renderPending();
  document.dispatchEvent(new CustomEvent("outreach:saved"));
  if (navigator.serviceWorker && navigator.serviceWorker.ready) {
    navigator.serviceWorker.ready.then((r) => r.sync && r.sync.register("outbox")).catch(() => {});
  }
}

function activeSection(form) {
  return form.querySelector(`[data-version="${form.elements.version.value}"]`);
}

function showVersion(form) {
  for (const section of form.querySelectorAll("[data-version]")) {
    section.hidden = section.dataset.version !== form.elements.version.value;
  }
}

function scopeOf(section) {
  const ticked = (name) => [...section.querySelectorAll(`[data-scope="${name}"]:checked`)].map((box) => box.value);
  return { recipients: ticked("recipients"), purposes: ticked("purposes"), categories: ticked("categories") };
}

function signer(form) {
  return form.querySelector('input[name="member_id"]:checked');
}

// What a person must still do before the consent can be kept, or "" when complete.
function missing(form, needSignature, pad) {
  const scope = scopeOf(activeSection(form));
  if (!signer(form)) return t.consent.chooseSigner;
  if (!scope.recipients.length || !scope.purposes.length || !scope.categories.length) return t.consent.tickScope;
  if (!form.elements.withdrawal_notice_shown.checked) return t.consent.confirmWithdrawalNotice;
  if (needSignature && pad.isEmpty()) return t.consent.signFirst;
  return "";
}

// The exact text signed, rendered as the server renders it (outreach/domain/consent.py,
// render_text): the tenant reads it here, and the server keeps the signature only when the
// SHA-256 of this text equals its own.
export function renderText(content, scope, signerName, interpreter) {
  const h = content.headings;
  const lines = [content.title, "", content.intro, "", h.recipients];
  for (const r of content.recipients) {
    if (scope.recipients.includes(r.organisation_id)) lines.push(`- ${r.name}` + (r.department ? `, ${r.department}` : ""));
  }
  lines.push("", h.purposes);
  for (const p of content.purposes) if (scope.purposes.includes(p.code)) lines.push(`- ${p.text}`);
  const ordinary = content.categories.filter((c) => scope.categories.includes(c.code) && c.code !== "health");
  if (ordinary.length) lines.push("", h.categories, ...ordinary.map((c) => `- ${c.text}`));
  if (scope.categories.includes("health")) {
    lines.push("", h.health, ...content.categories.filter((c) => c.code === "health").map((c) => `- ${c.text}`));
  }
  lines.push("", h.validity.replace("{months}", () => String(content.validity_months)), "", content.withdrawal_notice, "",
             h.signer.replace("{name}", () => signerName));
  if (interpreter) lines.push(h.interpreter.replace("{name}", () => interpreter));
  return lines.join("\n").normalize("NFC");
}

async function sha256Hex(text) {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

function finalText(form) {
  const section = activeSection(form);
  const person = signer(form);
  const content = JSON.parse(section.dataset.versionContent);
  return renderText(content, scopeOf(section), person ? person.dataset.signerName : "", form.elements.interpreter.value.trim());
}

function fitCanvas(canvas, pad) {
  const ratio = Math.max(window.devicePixelRatio || 1, 1);
  canvas.width = canvas.offsetWidth * ratio;
  canvas.height = canvas.offsetHeight * ratio;
  canvas.getContext("2d").scale(ratio, ratio);
  pad.clear(); // a resized canvas loses its drawing: sign again
}

// signature_pad is loaded only where a signature is taken (not on a consent's own page).
async function setUpSigning(form) {
  const { default: SignaturePad } = await import("/static/vendor/signature_pad-5.1.4.js");
  const canvas = form.querySelector("[data-signature-pad]");
  const pad = new SignaturePad(canvas, { penColor: "#000", backgroundColor: "rgb(255,255,255)" });
  fitCanvas(canvas, pad);
  const message = form.querySelector("[data-form-message]");
  form.querySelector("[data-clear-signature]").addEventListener("click", () => pad.clear());
  const preview = form.querySelector("[data-final-text]");
  const showText = () => { preview.textContent = finalText(form); };
  form.elements.version.addEventListener("change", () => { showVersion(form); showText(); });
  form.addEventListener("change", showText);
  form.elements.interpreter.addEventListener("input", showText);
  showVersion(form);
  showText();

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const problem = missing(form, true, pad);
    if (problem) {
      message.textContent = problem;
      return;
    }
    const section = activeSection(form);
    const person = signer(form);
    const text = finalText(form);
    preview.textContent = text; // what is hashed is what the tenant sees
    const payload = {
      text_hash: await sha256Hex(text),
      case_id: form.dataset.caseId, member_id: person.value, template_version_id: section.dataset.version,
      version_hash: section.dataset.versionHash, scope: scopeOf(section), interpreter: form.elements.interpreter.value.trim(),
      withdrawal_notice_shown: true, app_version: form.dataset.appVersion,
      signature: pad.toDataURL("image/png"), strokes: pad.toData().map((group) => ({ points: group.points })),
    };
    await queue(form.dataset.consentForm, form.dataset.consentId, payload, `${t.consent.title} ${person.dataset.signerName}`,
                form.dataset.replaces);
    delete form.dataset.replaces;
    pad.clear();
    for (const box of form.querySelectorAll("[data-scope]")) box.checked = false;
    form.elements.withdrawal_notice_shown.checked = false;
    form.dataset.consentId = newId(); // ready for the next person of the household
    message.textContent = t.saved;
  });

  form.querySelector("[data-paper-upload]").addEventListener("click", () => uploadPaper(form, message));
  document.addEventListener("outreach:fix", (event) => {
    if (event.detail.mutation.kind !== form.dataset.consentForm) return; // another kind: not this form's to correct
    form.dataset.replaces = event.detail.id;
    message.textContent = t.consent.signAgain;
    form.scrollIntoView();
  });
  form.dataset.ready = "true";
}

async function uploadPaper(form, message) {
  const problem = missing(form, false, null);
  const photo = form.elements.photo.files[0];
  if (problem || !photo) {
    message.textContent = problem || t.consent.choosePhoto;
    return;
  }
  const section = activeSection(form);
  if (!navigator.onLine) {
    await queuePaper(form, section, photo, message);
    return;
  }
  const body = new FormData();
  body.append("consent_id", form.dataset.consentId);
  body.append("member_id", signer(form).value);
  body.append("template_version_id", section.dataset.version);
  body.append("version_hash", section.dataset.versionHash);
  body.append("interpreter", form.elements.interpreter.value.trim());
  body.append("withdrawal_notice_shown", "1");
  const scope = scopeOf(section);
  for (const key of Object.keys(scope)) for (const value of scope[key]) body.append(key, value);
  body.append("photo", photo);
  const token = (document.querySelector('meta[name="csrf-token"]') || {}).content || "";
  const response = await fetch(form.dataset.paperUrl, {
    method: "POST", credentials: "same-origin", headers: { "X-CSRFToken": token, Accept: "application/json" }, body,
  }).catch(() => null);
  if (!response) { // the connection went on the way: the photo waits in the outbox instead
    await queuePaper(form, section, photo, message);
    return;
  }
  const answer = await response.json().catch(() => ({}));
  if (response.ok && answer.url) {
    window.location.assign(answer.url);
    return;
  }
  message.textContent = answer.message || t.consent.photoRefused;
}

async function queuePaper(form, section, file, message) {
  let photo;
  try {
    photo = await smallerPhoto(file);
  } catch (error) {
    message.textContent = t.consent.photoRefused;
    return;
  }
  const person = signer(form);
  const payload = {
    case_id: form.dataset.caseId, member_id: person.value, template_version_id: section.dataset.version,
    version_hash: section.dataset.versionHash, scope: scopeOf(section), interpreter: form.elements.interpreter.value.trim(),
    withdrawal_notice_shown: true, photo,
  };
  await queue("consent.paper", form.dataset.consentId, payload, `${t.consent.paperTitle} ${person.dataset.signerName}`);
  form.dataset.consentId = newId();
  form.elements.photo.value = "";
  message.textContent = t.saved;
}

function setUpWithdrawal(form) {
  const message = form.querySelector("[data-form-message]");
  document.addEventListener("outreach:fix", (event) => {
    if (event.detail.mutation.kind !== "consent.withdraw") return;
    form.dataset.replaces = event.detail.id;
    form.scrollIntoView();
    form.elements.withdrawn_on.focus();
  });
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (!form.elements.withdrawn_on.value) {
      message.textContent = t.consent.withdrawalDate;
      return;
    }
    const payload = { case_id: form.dataset.caseId, consent_id: form.dataset.consentId,
                      withdrawn_on: form.elements.withdrawn_on.value, channel: form.elements.channel.value };
    await queue("consent.withdraw", form.dataset.consentId, payload, `${t.consent.withdrawal} ${form.dataset.signerName}`,
                form.dataset.replaces);
    delete form.dataset.replaces;
    message.textContent = t.saved;
  });
}

for (const form of document.querySelectorAll("[data-consent-form]")) setUpSigning(form);
for (const form of document.querySelectorAll("[data-withdraw-form]")) setUpWithdrawal(form);
