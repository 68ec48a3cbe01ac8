// The outbox: one IndexedDB database per person, so on a shared phone nobody sends (or sees)
// another person's waiting items. An item leaves only when the server confirmed it.
import { openDB } from "/static/vendor/idb-8.0.4.js";

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
  return {
    db,
    all: () => db.getAll("items"),
    forCase: (caseId) => db.getAllFromIndex("items", "by_case", caseId),
    get: (id) => db.get("items", id),
    put: (item) => db.put("items", item),
    remove: (id) => db.delete("items", id),
    count: () => db.count("items"),
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
