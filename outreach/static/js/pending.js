// Shows what waits in the outbox inside the page (from a <template>), so what was written
// offline is visible at once, marked "not yet sent" or with the reason it needs attention.
import { currentPerson, openOutbox } from "/static/js/outbox.js";
import { reasonText, t } from "/static/js/messages.js";

let generation = 0;

export async function renderPending() {
  const lists = [...document.querySelectorAll("[data-pending-list]")];
  const template = document.getElementById("pending-item-template");
  const person = currentPerson();
  if (!lists.length || !template || !person) return;
  // Renders overlap (a save and a sync answer each ask for one): each reads the outbox afresh, and
  // only the newest may draw, so an older reading never puts back an item already sent.
  const mine = ++generation;
  const box = await openOutbox(person);
  const found = [];
  for (const list of lists) {
    let items = list.dataset.caseId ? await box.forCase(list.dataset.caseId) : await box.all();
    if (list.dataset.kinds) items = items.filter((item) => list.dataset.kinds.split(" ").includes(item.mutation.kind));
    found.push(items);
  }
  if (mine !== generation) return;
  lists.forEach((list, index) => {
    const items = found[index];
    list.dataset.rendered = "true";
    list.replaceChildren(
      ...items
        .sort((a, b) => a.saved_at - b.saved_at)
        .map((item) => {
          const node = template.content.firstElementChild.cloneNode(true);
          node.dataset.itemId = item.id;
          node.dataset.state = item.state;
          node.querySelector('[data-slot="title"]').textContent = item.title;
          node.querySelector('[data-slot="excerpt"]').textContent = (item.excerpt ?? item.mutation.payload.situation ?? "").slice(0, 120);
          node.querySelector('[data-slot="state"]').textContent = item.state === "waiting" ? t.waiting : t.attention;
          node.querySelector('[data-slot="reason"]').textContent = item.state === "attention" ? reasonText(item) : "";
          for (const button of node.querySelectorAll("[data-action]")) {
            const fixable = button.dataset.action !== "fix" || document.querySelector(`[data-outbox-form="${item.mutation.kind}"]`);
            // "Send again" only where the server failed (the item itself may be fine).
            const retryable = button.dataset.action !== "retry" || item.reason === "server_error";
            button.hidden = item.state !== "attention" || !fixable || !retryable;
            button.addEventListener("click", () => act(button.dataset.action, item));
          }
          return node;
        })
    );
  });
}

async function act(action, item) {
  if (action === "retry") {
    await (await openOutbox(currentPerson())).put({ ...item, state: "waiting", reason: undefined });
    renderPending();
    document.dispatchEvent(new CustomEvent("outreach:saved")); // sync.js sends at once
    return;
  }
  if (action === "fix") {
    document.dispatchEvent(new CustomEvent("outreach:fix", { detail: item }));
    return;
  }
  if (action === "discard" && window.confirm(t.confirmDiscard)) {
    // Discarding is the worker's explicit decision and is audited on the server first.
    const token = (document.querySelector('meta[name="csrf-token"]') || {}).content || "";
    const response = await fetch("/sync/discard", {
      method: "POST", credentials: "same-origin",
      headers: { "Content-Type": "application/json", Accept: "application/json", "X-CSRFToken": token },
      body: JSON.stringify({ mutation_id: item.id, kind: item.mutation.kind, reason: item.reason || "" }),
    }).catch(() => null);
    if (response && response.ok) {
      await (await openOutbox(currentPerson())).remove(item.id);
      renderPending();
      document.dispatchEvent(new CustomEvent("outreach:sync", { detail: { state: "discarded" } }));
    }
  }
}

document.addEventListener("outreach:sync", () => renderPending());
renderPending();
