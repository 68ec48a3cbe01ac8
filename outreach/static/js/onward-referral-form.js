// An onward referral to the help network: saved into the outbox first, online and offline alike,
// shown at once as "not yet sent", then sent by the sync (`onward_referral.add`), where a referral
// with data is checked against consent. Without JavaScript the same form posts to the server.
import { deviceId } from "/static/js/device.js";
import { currentPerson, newId, openOutbox } from "/static/js/outbox.js";
import { t } from "/static/js/messages.js";
import { renderPending } from "/static/js/pending.js";

function today() {
  const now = new Date();
  return `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, "0")}-${String(now.getDate()).padStart(2, "0")}`;
}

async function save(form) {
  const message = form.querySelector("[data-form-message]");
  const channel = form.querySelector('input[name="channel"]:checked');
  const urgency = form.querySelector('input[name="urgency"]:checked');
  const categories = [...form.querySelectorAll('input[name="category"]:checked')].map((box) => box.value);
  const reason = form.elements.reason.value.trim();
  const service = form.elements.service_id;
  if (!service.value || !reason || !channel || (channel.value === "with_data" && categories.length === 0)) {
    message.textContent = t.onwardReferral.incomplete;
    return;
  }
  const person = currentPerson();
  const box = await openOutbox(person);
  const payload = { case_id: form.dataset.caseId, service_id: service.value, reason, urgency: urgency ? urgency.value : "normal",
                    channel: channel.value, categories: channel.value === "with_data" ? categories : [], referred_on: today(),
                    note_id: form.elements.note_id.value };
  const mutation = {
    id: newId(), kind: form.dataset.outboxForm, entity_id: newId(), base_revision: null,
    schema_version: Number(form.dataset.schemaVersion), payload, author: person, device_id: await deviceId(),
    device_time: new Date().toISOString(),
  };
  const name = service.options[service.selectedIndex].text.replace(/\s*\(.*$/, "");
  await box.put({
    id: mutation.id, mutation, state: "waiting", saved_at: Date.now(), case_id: payload.case_id,
    title: t.onwardReferral.title(name), excerpt: reason.slice(0, 120),
  });
  if (form.dataset.replaces) {
    await box.remove(form.dataset.replaces); // stored first: the corrected referral takes the rejected one's place
    delete form.dataset.replaces;
  }
  const note = form.elements.note_id.value;
  form.reset();
  form.elements.note_id.value = note;
  await renderPending();
  message.textContent = t.saved;
  document.dispatchEvent(new CustomEvent("outreach:saved"));
  if (navigator.serviceWorker && navigator.serviceWorker.ready) {
    navigator.serviceWorker.ready.then((r) => r.sync && r.sync.register("outbox")).catch(() => {});
  }
}

const forms = [...document.querySelectorAll('[data-outbox-form="onward_referral.add"]')];
// Opened from a visit note ("?from_note=…"; offline the phone serves the cached case page for it):
// the referral remembers the visit it came from.
const fromNote = new URLSearchParams(location.search).get("from_note");
if (fromNote && /^[A-Za-z0-9_-]{1,40}$/.test(fromNote)) {
  for (const form of forms) {
    form.elements.note_id.value = fromNote;
    form.closest("details")?.setAttribute("open", "");
    form.closest("section")?.closest("details")?.setAttribute("open", "");
  }
}
for (const form of forms) {
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    save(form);
  });
}

document.addEventListener("outreach:fix", (event) => {
  const item = event.detail;
  if (item.mutation.kind !== "onward_referral.add") return;
  const form = forms.find((f) => f.dataset.caseId === item.mutation.payload.case_id);
  if (!form) return;
  const payload = item.mutation.payload;
  form.closest("details")?.setAttribute("open", "");
  form.dataset.replaces = item.id;
  form.elements.service_id.value = payload.service_id || "";
  form.elements.reason.value = payload.reason || "";
  for (const radio of form.querySelectorAll('input[name="urgency"]')) radio.checked = radio.value === payload.urgency;
  for (const radio of form.querySelectorAll('input[name="channel"]')) radio.checked = radio.value === payload.channel;
  for (const box of form.querySelectorAll('input[name="category"]')) box.checked = (payload.categories || []).includes(box.value);
  form.querySelector("[data-form-message]").textContent = "";
  form.scrollIntoView();
  (form.elements[item.field] || form.elements.reason).focus?.();
});
