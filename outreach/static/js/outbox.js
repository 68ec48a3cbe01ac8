// The outbox: one IndexedDB database per person, so on a shared phone nobody sends (or sees)
// another person's waiting items. An item leaves only when the server confirmed it.
// Each item is kept sealed with the person's data key (keyring.js): only its id, case id (a random
// id), state and time stay readable, for the index and the count; the rest — the mutation with its
// notes, signature, strokes and photos, the title shown in lists — opens only with the key. An
// item written by a version before the vault is sealed the first time it is read with the key.
import { openDB } from "/static/vendor/idb-8.0.4.js";
import { requireKey } from "/static/js/keyring.js";
import { open, seal } from "/static/js/vault.js";

export const OUTBOX_VERSION = 1;

export function outboxName(personId) {
  return `outreach-outbox-${personId}`;
}

export async function openOutbox(personId) {
  const db = await openDB(outboxName(personId), OUTBOX_VERSION, {
    // Let a newer app version (upgrade) or a sign-out (delete) through: close this connection.
    blocking() {
      db.close();
    },
    upgrade(db, oldVersion) {
      // Migrations only ever add: items written by an older app version are kept and sent.
      if (oldVersion < 1) {
        const store = db.createObjectStore("items", { keyPath: "id" });
        store.createIndex("by_case", "case_id");
      }
    },
  });
  const sealed = async (item) => ({
    id: item.id, case_id: item.case_id, state: item.state, saved_at: item.saved_at,
    sealed: await seal(await requireKey(personId), item.id, "outbox-item", item),
  });
  const opened = async (stored) => {
    if (!stored) return stored;
    if (!stored.sealed) {
      // Written before the vault: sealed now, in place, unless it left in the meantime.
      const record = await sealed(stored);
      const tx = db.transaction("items", "readwrite");
      if (await tx.store.get(stored.id)) await tx.store.put(record);
      await tx.done;
      return stored;
    }
    return open(await requireKey(personId), stored.id, "outbox-item", stored.sealed);
  };
  const openAll = async (rows) => Promise.all(rows.map(opened));
  return {
    db,
    all: async () => openAll(await db.getAll("items")),
    forCase: async (caseId) => openAll(await db.getAllFromIndex("items", "by_case", caseId)),
    get: async (id) => opened(await db.get("items", id)),
    put: async (item) => db.put("items", await sealed(item)),
    remove: (id) => db.delete("items", id),
    count: () => db.count("items"),
    // Without the key: id, case, state and time of each item (the status line counts them).
    states: () => db.getAll("items"),
  };
}

export function newId() {
  const bytes = crypto.getRandomValues(new Uint8Array(18));
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, "-").replace(/\//g, "_");
}

export function currentPerson() {
  const meta = document.querySelector('meta[name="outreach-person"]');
  return meta ? meta.content : "";
}
