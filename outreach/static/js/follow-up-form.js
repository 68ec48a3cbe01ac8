// A tenancy check-in (3/6/12 months after closing): saved into the outbox first, online and
// offline alike, shown at once as "not yet sent", then sent by the sync (`follow_up.record`).
// Without JavaScript the same form posts to the server directly.
import { deviceId } from "/static/js/device.js";
import { currentPerson, newId, openOutbox } from "/static/js/outbox.js";
import { t } from "/static/js/messages.js";
import { renderPending } from "/static/js/pending.js";

async function save(form) {
  const message = form.querySelector("[data-form-message]");
  const result = form.querySelector('input[name="result"]:checked');
  if (!result || !form.elements.checked_on.value) {
    message.textContent = t.followUp.incomplete;
    return;
  }
  const person = currentPerson();
  const box = await openOutbox(person);
  const payload = { case_id: form.dataset.caseId, result: result.value, checked_on: form.elements.checked_on.value,
                    note: form.elements.note.value.trim() };
  const mutation = {
    id: newId(), kind: form.dataset.outboxForm, entity_id: form.dataset.followUpId, base_revision: null,
    schema_version: Number(form.dataset.schemaVersion), payload, author: person, device_id: await deviceId(),
    device_time: new Date().toISOString(),
  };
  await box.put({
    id: mutation.id, mutation, state: "waiting", saved_at: Date.now(), case_id: payload.case_id,
    title: t.followUp.title(form.dataset.months), excerpt: `${t.followUp.results[payload.result]} ${payload.note}`.trim(),
  });
  if (form.dataset.replaces) {
    await box.remove(form.dataset.replaces); // stored first: the corrected check-in takes the rejected one's place
    delete form.dataset.replaces;
  }
  form.hidden = true; // recorded on this phone: the item below shows it until the server confirms
  await renderPending();
  message.textContent = t.saved;
  document.dispatchEvent(new CustomEvent("outreach:saved"));
  if (navigator.serviceWorker && navigator.serviceWorker.ready) {
    navigator.serviceWorker.ready.then((r) => r.sync && r.sync.register("outbox")).catch(() => {});
  }
}

async function hideRecorded(forms) {
  // A check-in already waiting in the outbox is not asked for twice (the cached page is older).
  const box = await openOutbox(currentPerson());
  const waiting = new Set((await box.all()).filter((item) => item.mutation.kind === "follow_up.record")
    .map((item) => item.mutation.entity_id));
  for (const form of forms) if (waiting.has(form.dataset.followUpId) && !form.dataset.replaces) form.hidden = true;
}

const forms = [...document.querySelectorAll('[data-outbox-form="follow_up.record"]')];
for (const form of forms) {
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    save(form);
  });
}
hideRecorded(forms);

document.addEventListener("outreach:fix", (event) => {
  const item = event.detail;
  if (item.mutation.kind !== "follow_up.record") return;
  const form = forms.find((f) => f.dataset.followUpId === item.mutation.entity_id);
  if (!form) return;
  form.hidden = false;
  form.dataset.replaces = item.id;
  const payload = item.mutation.payload;
  for (const radio of form.querySelectorAll('input[name="result"]')) radio.checked = radio.value === payload.result;
  form.elements.checked_on.value = payload.checked_on || "";
  form.elements.note.value = payload.note || "";
  form.querySelector("[data-form-message]").textContent = "";
  form.scrollIntoView();
  (form.elements[item.field] || form.elements.note).focus?.();
});
