// The visit form: saving puts a mutation into the outbox first (online and offline alike), shows it
// at once as "not yet sent", then asks the sync to send it.
import { deviceId } from "/static/js/device.js";
import { currentPerson, newId, openOutbox } from "/static/js/outbox.js";
import { t } from "/static/js/messages.js";
import { renderPending } from "/static/js/pending.js";

function steps(form, name, keys) {
  return [...form.querySelectorAll(`[data-step="${name}"]`)]
    .map((row) => Object.fromEntries(keys.map((key) => [key, row.querySelector(`[data-field="${key}"]`).value.trim()])))
    .filter((step) => step.what);
}

function minutes(text) {
  // A whole number of minutes, or null when left empty; anything else goes as typed and the
  // server names the field (the item then waits, marked, to be corrected).
  const trimmed = text.trim();
  if (!trimmed) return null;
  return /^\d{1,4}$/.test(trimmed) ? Number(trimmed) : trimmed;
}

function payloadOf(form) {
  const value = (name) => (form.elements[name] ? form.elements[name].value : "");
  return {
    case_id: form.dataset.caseId,
    visited_at: value("visited_at").slice(0, 16),
    kind: value("kind"),
    present: value("present"),
    situation: value("situation"),
    money: value("money"),
    tenancy_legal: value("tenancy_legal"),
    agreed_steps: steps(form, "agreed_steps", ["what", "who", "by"]),
    next_visit: value("next_visit"),
    next_visit_note: value("next_visit_note"),
    free_text: value("free_text"),
    tasks: steps(form, "tasks", ["what", "due"]),
    minutes: minutes(value("minutes")),
    travel_minutes: minutes(value("travel_minutes")),
    status: form.elements.submit_for_approval && form.elements.submit_for_approval.checked ? "submitted" : "draft",
    resolves: (form.dataset.resolves || "").split(" ").filter(Boolean),
    addendum_of: form.dataset.addendumOf || "",
  };
}

async function save(form) {
  const person = currentPerson();
  const box = await openOutbox(person);
  const payload = payloadOf(form);
  const editing = Boolean(form.dataset.baseRevision);
  const mutation = {
    id: newId(),
    kind: form.dataset.outboxForm,
    entity_id: form.dataset.noteId,
    base_revision: form.dataset.baseRevision || null,
    schema_version: Number(form.dataset.schemaVersion),
    payload,
    author: person,
    device_id: await deviceId(),
    device_time: new Date().toISOString(),
  };
  await box.put({
    id: mutation.id, mutation, state: "waiting", saved_at: Date.now(), case_id: payload.case_id,
    title: `${t.note} ${payload.visited_at.replace("T", " ")}`,
  });
  if (form.dataset.replaces) {
    await box.remove(form.dataset.replaces); // stored first: the corrected version takes the rejected one's place
    delete form.dataset.replaces;
  }
  if (editing) {
    form.dataset.baseRevision = mutation.id; // a further save builds on this one
    form.dataset.resolves = "";
  } else {
    form.reset(); // ready for the next note
    form.dataset.noteId = newId();
    form.elements.visited_at.value = payload.visited_at;
  }
  await renderPending();
  form.querySelector("[data-form-message]").textContent = t.saved;
  document.dispatchEvent(new CustomEvent("outreach:saved"));
  if (navigator.serviceWorker && navigator.serviceWorker.ready) {
    navigator.serviceWorker.ready.then((registration) => registration.sync && registration.sync.register("outbox")).catch(() => {});
  }
}

function fill(form, item) {
  const payload = item.mutation.payload;
  for (const name of ["visited_at", "kind", "present", "situation", "money", "tenancy_legal", "next_visit",
                      "next_visit_note", "free_text", "minutes", "travel_minutes"]) {
    if (form.elements[name]) form.elements[name].value = payload[name] ?? "";
  }
  for (const name of ["agreed_steps", "tasks"]) {
    const rows = form.querySelectorAll(`[data-step="${name}"]`);
    rows.forEach((row, index) => {
      for (const input of row.querySelectorAll("[data-field]")) {
        input.value = (payload[name][index] || {})[input.dataset.field] || "";
      }
    });
  }
  form.elements.submit_for_approval.checked = payload.status === "submitted";
  form.dataset.noteId = item.mutation.entity_id;
  form.dataset.baseRevision = item.mutation.base_revision || "";
  form.dataset.replaces = item.id;
  form.querySelector("[data-form-message]").textContent = "";
  form.scrollIntoView();
  (form.elements[item.field] || form.elements.situation).focus();
}

document.addEventListener("outreach:fix", (event) => {
  const form = document.querySelector(`[data-outbox-form="${event.detail.mutation.kind}"]`);
  if (form) fill(form, event.detail);
});

for (const form of document.querySelectorAll("[data-outbox-form]")) {
  // A new note's id is made here, each time the (cached) form opens: two notes written offline
  // for one tenant are two notes, not a conflict.
  if (form.dataset.outboxForm === "visit_note.save" && !form.dataset.noteId) form.dataset.noteId = newId();
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    save(form);
  });
}
