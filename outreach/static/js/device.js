// The device id: random, created once per browser profile, kept in IndexedDB. It survives
// sign-out (other people's outboxes on a shared phone depend on it) and goes with each sign-in.
import { openDB } from "/static/vendor/idb-8.0.4.js";

const DB_NAME = "outreach-device";

async function database() {
  const db = await openDB(DB_NAME, 1, {
    blocking() {
      db.close();
    },
    upgrade(db) {
      db.createObjectStore("device");
    },
  });
  return db;
}

function randomId() {
  const bytes = crypto.getRandomValues(new Uint8Array(24));
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

export async function deviceId() {
  const db = await database();
  let id = await db.get("device", "id");
  if (!id) {
    id = randomId();
    await db.put("device", id, "id");
  }
  return id;
}

// Whose outbox the precached outbox page shows: the person last signed in on this device.
export async function rememberCurrentPerson(personId) {
  const db = await database();
  await db.put("device", personId, "current_person");
}

export async function currentPersonOnDevice() {
  return (await database()).get("device", "current_person");
}
