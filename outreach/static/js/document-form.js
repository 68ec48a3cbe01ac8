// A document photographed on the phone (the tenant's letters): its pages are made smaller here,
// the whole document waits in the outbox (`document.add`), online and offline alike, and is shown
// at once as "not yet sent". Without JavaScript the same form uploads the photos directly.
import { deviceId } from "/static/js/device.js";
import { currentPerson, newId, openOutbox } from "/static/js/outbox.js";
import { t } from "/static/js/messages.js";
import { renderPending } from "/static/js/pending.js";
import { smallerPhoto } from "/static/js/photos.js";

const MAX_PAGES = 8;

async function save(form) {
  const message = form.querySelector("[data-form-message]");
  const files = [...form.elements.pages.files];
  if (!files.length || !form.elements.dated_on.value) {
    message.textContent = t.document.incomplete;
    return;
  }
  if (files.length > MAX_PAGES) {
    message.textContent = t.document.tooMany(MAX_PAGES);
    return;
  }
  let pages;
  try {
    pages = await Promise.all(files.map(smallerPhoto));
  } catch (error) {
    message.textContent = t.document.notAPhoto;
    return;
  }
  const person = currentPerson();
  const box = await openOutbox(person);
  const payload = { case_id: form.dataset.caseId, claim_id: form.elements.claim_id ? form.elements.claim_id.value : "",
                    kind: form.elements.kind.value, dated_on: form.elements.dated_on.value,
                    note: form.elements.note.value.trim(), pages };
  const mutation = {
    id: newId(), kind: "document.add", entity_id: form.dataset.replacesEntity || newId(), base_revision: null,
    schema_version: Number(form.dataset.schemaVersion), payload, author: person, device_id: await deviceId(),
    device_time: new Date().toISOString(),
  };
  const kindName = form.elements.kind.selectedOptions[0].textContent;
  await box.put({ id: mutation.id, mutation, state: "waiting", saved_at: Date.now(), case_id: payload.case_id,
                  title: `${t.document.title}: ${kindName}`, excerpt: t.document.pages(pages.length) });
  if (form.dataset.replaces) {
    await box.remove(form.dataset.replaces); // stored first: the corrected document takes the rejected one's place
    delete form.dataset.replaces;
    delete form.dataset.replacesEntity;
  }
  form.reset();
  await renderPending();
  message.textContent = t.saved;
  document.dispatchEvent(new CustomEvent("outreach:saved"));
  if (navigator.serviceWorker && navigator.serviceWorker.ready) {
    navigator.serviceWorker.ready.then((r) => r.sync && r.sync.register("outbox")).catch(() => {});
  }
}

for (const form of document.querySelectorAll('[data-outbox-form="document.add"]')) {
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    save(form);
  });
}

document.addEventListener("outreach:fix", (event) => {
  const item = event.detail;
  if (item.mutation.kind !== "document.add") return;
  const form = document.querySelector('[data-outbox-form="document.add"]');
  if (!form) return;
  const details = form.closest("details");
  if (details) details.open = true;
  form.dataset.replaces = item.id;
  form.dataset.replacesEntity = item.mutation.entity_id;
  const payload = item.mutation.payload;
  form.elements.kind.value = payload.kind || "other";
  form.elements.dated_on.value = payload.dated_on || "";
  form.elements.note.value = payload.note || "";
  form.querySelector("[data-form-message]").textContent = t.document.again;
  form.scrollIntoView();
  (form.elements[String(item.field || "").split(".")[0]] || form.elements.pages).focus?.();
});
