// The small status line on every signed-in page: items waiting, last successful send, trouble.
import { currentPerson, openOutbox } from "/static/js/outbox.js";
import { t } from "/static/js/messages.js";
import { lastSync } from "/static/js/sync.js";
import { offlineState } from "/static/js/offline.js";

const line = document.querySelector("[data-sync-status]");
let trouble = "";
let offline = offlineState;

async function update() {
  const person = currentPerson();
  if (!line || !person) return;
  const items = await (await openOutbox(person)).states();
  const waiting = items.filter((i) => i.state === "waiting").length;
  const attention = items.length - waiting;
  const parts = [t.summary(waiting, lastSync(person))];
  if (attention) parts.push(`${attention} · ${t.attention}`);
  if (offline.state === "locked") parts.push(t.vault.locked);
  else if (offline.total && offline.ready < offline.total) parts.push(t.copying(offline.ready, offline.total));
  else if (offline.cached !== undefined) parts.push(t.cached(offline.cached) + (t.scopes[offline.scope] ? ` (${t.scopes[offline.scope]})` : ""));
  if (offline.persisted !== undefined) parts.push(t.persisted(offline.persisted));
  if (trouble) parts.push(trouble);
  line.textContent = parts.join(" · ");
  line.dataset.waiting = String(waiting);
  line.dataset.attention = String(attention);
}

// What the line says besides the counts; "sending" lasts only until an answer or the timeout.
const TROUBLE = {
  sending: () => t.sending, offline: () => t.offline, timeout: () => t.noAnswer, retrying: () => t.retrying,
  signed_out: () => t.signIn, device_revoked: () => t.revoked, person_disabled: () => t.revoked,
  locked: () => t.vault.lockedWaiting,
};

document.addEventListener("outreach:sync", (event) => {
  const state = event.detail.state;
  if (state === "conflict") trouble = event.detail.kind === "budget.save" ? t.conflictBudget : t.conflict;
  else trouble = TROUBLE[state] ? TROUBLE[state]() : "";
  if (line) line.dataset.state = state;
  update();
});

document.addEventListener("outreach:offline", () => {
  if (line) line.dataset.persisted = String(offline.persisted);
  update();
});

update();
