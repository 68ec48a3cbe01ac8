// The outbox page (precached, no personal data from the server): lists what waits on this device
// for the person last signed in here, read from IndexedDB.
import { currentPersonOnDevice } from "/static/js/device.js";
import { openOutbox } from "/static/js/outbox.js";
import { reasonText, t } from "/static/js/messages.js";

async function show() {
  const person = await currentPersonOnDevice();
  const list = document.querySelector("[data-outbox-list]");
  const template = document.getElementById("outbox-item-template");
  const items = person ? await (await openOutbox(person)).all() : [];
  list.replaceChildren(
    ...items
      .sort((a, b) => a.saved_at - b.saved_at)
      .map((item) => {
        const node = template.content.firstElementChild.cloneNode(true);
        node.dataset.state = item.state;
        node.querySelector('[data-slot="title"]').textContent = item.title;
        node.querySelector('[data-slot="when"]').textContent = new Date(item.saved_at).toLocaleString(document.documentElement.lang);
        node.querySelector('[data-slot="state"]').textContent = item.state === "waiting" ? t.waiting : t.attention;
        node.querySelector('[data-slot="reason"]').textContent = item.state === "attention" ? reasonText(item) : "";
        return node;
      })
  );
  document.querySelector("[data-outbox-empty]").hidden = items.length > 0;
  document.querySelector("[data-outbox-summary]").textContent = t.summary(items.filter((i) => i.state === "waiting").length, "");
}

show();
