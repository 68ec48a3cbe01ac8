/* Outreach service worker. Served at /sw.js (scope /) with `SHELL` prepended by the server:
 * {version, precache: [urls], offline: "/offline", expired: "/offline/expired"}.
 *
 * Promises kept here (docs/offline.md):
 * - the app shell is precached under a versioned name; old shell caches go on activate; static
 *   files have content-hashed names, so an update fetches only the files that changed;
 * - the signed-in person's caseload (list, deadline board, each case page, its forms and recent
 *   records) is kept in a cache of that person's own, gzip-compressed, refreshed when online by
 *   parts with versions (only what changed travels, several parts per request, resumed where it
 *   stopped); cases no longer assigned are dropped at each refresh; nothing else is cached;
 *   another person's pages are never answered (and are deleted when someone else's caseload arrives);
 * - before answering from that cache the worker checks its lifetime: after too long without
 *   contact with the server the case pages are deleted (the outbox, in IndexedDB, never is);
 * - every stored part and frame of the caseload is sealed with the person's data key (vault.js,
 *   AES-GCM, the entry's URL as associated data); the key is held here only in memory, given by an
 *   open page, asked from the open pages after a restart, dropped at LOCK, at sign-out and after the
 *   idle time the pages report; without it a stored page is answered by the lock screen, never in
 *   plain; a copy written before the vault is sealed in place when the key first arrives;
 * - it never answers /sync or any non-GET request itself;
 * - a new version waits until the page asks it to take over (SKIP_WAITING), except the first.
 */
"use strict";
import { open, packSealed, seal, unpackSealed } from "/static/js/vault.js";

const SHELL_CACHE = `outreach-shell-${SHELL.version}`;
const SHELL_PREFIX = "outreach-shell-";
const DATA_PREFIX = "outreach-data-";
const META = "/__outreach/meta";
const LISTS = "lists"; // the part holding the caseload and the deadline board
const NETWORK_TIMEOUT_MS = 5000;

// Static files carry a content hash in their name (/static/js/app.<hash>.js): the same name is the
// same bytes for ever, so an update copies them from the previous shell cache or takes them from
// the HTTP cache (the page has just loaded most of them) and fetches only what changed.
const HASHED = /^\/static\/.+\.[0-9a-f]{10}\.[A-Za-z0-9]+$/;

async function fromOldShell(url) {
  for (const name of await caches.keys()) {
    if (!name.startsWith(SHELL_PREFIX) || name === SHELL_CACHE) continue;
    const found = await (await caches.open(name)).match(url);
    if (found) return found;
  }
  return null;
}

self.addEventListener("install", (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(SHELL_CACHE);
      const fetched = [];
      for (const url of SHELL.precache) {
        const immutable = HASHED.test(url);
        const kept = immutable ? await fromOldShell(url) : null;
        if (kept) await cache.put(url, kept);
        // Pages of the shell bypass the HTTP cache ("reload") so a new version never stores stale ones.
        else fetched.push(new Request(url, { cache: immutable ? "default" : "reload", credentials: "same-origin" }));
      }
      await cache.addAll(fetched);
    })()
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    (async () => {
      const names = await caches.keys();
      await Promise.all(
        names.filter((name) => name.startsWith(SHELL_PREFIX) && name !== SHELL_CACHE).map((name) => caches.delete(name))
      );
      await self.clients.claim();
    })()
  );
});

// --- the vault's key, only in memory -------------------------------------------------------------

let vault = null; // {person, key, idleMs, activeAt}
const KEY_ANSWER_MS = 500;

function keyOf(person) {
  if (vault && Date.now() - vault.activeAt > vault.idleMs) lockAll("idle");
  return vault && (!person || vault.person === person) ? vault.key : null;
}

async function lockAll(reason) {
  vault = null;
  for (const page of await self.clients.matchAll({ type: "window" })) page.postMessage({ type: "LOCKED", reason });
}

// After a restart the key is gone: an open page that holds it gives it again.
async function obtainKey(person) {
  const held = keyOf(person);
  if (held) return held;
  const pages = await self.clients.matchAll({ type: "window" });
  const answers = pages.map((page) => new Promise((resolve) => {
    const channel = new MessageChannel();
    const timer = setTimeout(() => resolve(null), KEY_ANSWER_MS);
    channel.port1.onmessage = (event) => {
      clearTimeout(timer);
      resolve(event.data && event.data.key ? event.data : null);
    };
    page.postMessage({ type: "WANT_KEY", person }, [channel.port2]);
  }));
  const given = (await Promise.all(answers)).filter(Boolean);
  if (!given.length) return null;
  // The pages' own last activity, not now: a restart must not count as the person's use.
  const activeAt = Math.max(...given.map((answer) => Number(answer.active_at) || 0)) || Date.now();
  vault = { person, key: given[0].key, idleMs: Number(given[0].idle_ms) || (vault && vault.idleMs) || 900000, activeAt };
  return keyOf(person);
}

// --- the person's offline set ---------------------------------------------------------------

async function dataCacheNames() {
  return (await caches.keys()).filter((name) => name.startsWith(DATA_PREFIX));
}

async function readMeta(cache) {
  const response = await cache.match(META);
  return response ? response.json() : null;
}

async function writeMeta(cache, meta) {
  await cache.put(META, new Response(JSON.stringify(meta), { headers: { "Content-Type": "application/json" } }));
}

// The one cache that may answer: the person whose caseload arrived last.
async function currentDataCache() {
  for (const name of await dataCacheNames()) {
    const cache = await caches.open(name);
    const meta = await readMeta(cache);
    if (meta) return { name, cache, meta };
  }
  return null;
}

async function forget(person) {
  for (const name of await dataCacheNames()) {
    if (!person || name === DATA_PREFIX + person) await caches.delete(name);
  }
}

// One copy at a time: pages opened while the first copy of a caseload still runs (minutes on
// slow 4G) join it instead of starting another full copy each. Another person's copy waits for
// the running one to end, then starts.
let copying = null;

function refresh(force, person) {
  if (copying && (!person || !copying.person || copying.person === person)) {
    // A run still waiting for the key when it arrived ends "locked": the unlock's request starts anew.
    return copying.promise.then((answer) => (answer && answer.state === "locked" && keyOf(person) ? refresh(force, person) : answer));
  }
  const before = copying ? copying.promise.catch(() => {}) : Promise.resolve();
  const entry = { person };
  entry.promise = before.then(() => copyCaseload(force, person)).finally(() => {
    if (copying === entry) copying = null;
  });
  copying = entry;
  return entry.promise;
}

// Headers a page had when the server sent it, kept with its stored copy (the policy holds offline too).
const KEPT_HEADERS = ["Content-Security-Policy", "X-Content-Type-Options", "X-Frame-Options", "Referrer-Policy",
  "Cross-Origin-Opener-Policy", "Permissions-Policy", "Content-Language"];
// Each part (a case, the lists) is kept as one gzip-compressed entry holding its pages by URL: the
// pages of a case share their frame (header, navigation, status line), so together they pack to
// less than each alone. A page is unpacked from its part when it answers.
const PART_PREFIX = "/__outreach/part/";
const IN_FLIGHT = 2; // requests of parts under way at once: the next one waits on the server while this one travels
const FIRST_REQUEST_PARTS = 3;

function partUrl(key) {
  return PART_PREFIX + encodeURIComponent(key);
}

// Pages of one kind (every case's budget form, …) share most of their lines: the server sends a
// *frame* of those lines once and each case's page as the few lines that differ from it
// (outreach/sync/page_delta.py). Frames are kept beside the parts, gzip-compressed, and go when no
// part held refers to them any more.
const FRAME_PREFIX = "/__outreach/frame/";
const MARK = "\ue000";

function frameUrl(id) {
  return FRAME_PREFIX + encodeURIComponent(id);
}

// Stored: the value as gzip-compressed JSON, sealed under the person's key for its URL.
async function pack(value, from, key, url) {
  const headers = { "Content-Type": "application/octet-stream" };
  for (const name of KEPT_HEADERS) if (from && from.headers.has(name)) headers[name] = from.headers.get(name);
  const json = new Blob([JSON.stringify(value)]).stream().pipeThrough(new CompressionStream("gzip"));
  const gzipped = new Uint8Array(await new Response(json).arrayBuffer());
  return new Response(packSealed(await seal(key, url, "cache-entry", gzipped)), { headers });
}

async function unpack(stored, key, url) {
  const gzipped = await open(key, url, "cache-entry", unpackSealed(await stored.arrayBuffer()));
  return new Response(new Blob([gzipped]).stream().pipeThrough(new DecompressionStream("gzip"))).json();
}

async function unpackPlain(stored) {
  return new Response(stored.body.pipeThrough(new DecompressionStream("gzip"))).json();
}

// A copy written before the vault (plain gzip): sealed in place when the key first comes (once:
// a copy and a key arriving together wait for each other).
let sealing = Promise.resolve();

function sealPlainCopy(key) {
  sealing = sealing.catch(() => {}).then(() => sealPlainNow(key));
  return sealing;
}

async function sealPlainNow(key) {
  const current = await currentDataCache();
  if (!current || current.meta.sealed || !vault || current.meta.person !== vault.person) return;
  for (const request of await current.cache.keys()) {
    const url = new URL(request.url).pathname;
    if (url === META) continue;
    const stored = await current.cache.match(request);
    await current.cache.put(request, await pack(await unpackPlain(stored.clone()), stored, key, url));
  }
  await writeMeta(current.cache, { ...current.meta, sealed: true });
}

// A page again from its frame: [start, count] copies frame lines, a string is the page's own text;
// the placeholders \ue000n\ue000 become the ids in the page's URL (as page_delta.rebuild).
function rebuild(lines, operations, path) {
  let html = operations.map((op) => (typeof op === "string" ? op : lines.slice(op[0], op[0] + op[1]).join(""))).join("");
  path.split("/").filter((segment) => /^[A-Za-z0-9_-]{16}$/.test(segment)).forEach((id, n) => {
    html = html.split(`${MARK}${n}${MARK}`).join(id);
  });
  return html;
}

function framesOf(entries) {
  return [...new Set(Object.values(entries).filter((entry) => typeof entry !== "string").map((entry) => entry.frame))];
}

async function pageFrom(cache, meta, path, vaultKey) {
  const key = Object.keys(meta.parts || {}).find((k) => meta.parts[k].urls.includes(path));
  const stored = key !== undefined && (await cache.match(partUrl(key)));
  if (!stored) return null;
  const entry = (await unpack(stored.clone(), vaultKey, partUrl(key)))[path];
  if (entry === undefined) return null;
  let html = entry;
  if (typeof entry !== "string") {
    const frame = await cache.match(frameUrl(entry.frame));
    if (!frame) return null;
    html = rebuild(await unpack(frame, vaultKey, frameUrl(entry.frame)), entry.ops, path);
  }
  const headers = new Headers({ "Content-Type": "text/html; charset=utf-8" });
  for (const name of KEPT_HEADERS) if (stored.headers.has(name)) headers.set(name, stored.headers.get(name));
  return new Response(html, { status: 200, headers });
}

function progress(plan, held) {
  const cases = Object.keys(plan.parts).filter((key) => key !== LISTS);
  return { ready: cases.filter((key) => held[key] && held[key].version === plan.parts[key]).length, total: cases.length };
}

async function announce(detail) {
  for (const page of await self.clients.matchAll({ type: "window" })) page.postMessage({ type: "COPY_PROGRESS", ...detail });
}

function heldPages(held) {
  return Object.values(held).reduce((n, part) => n + part.urls.length, 0);
}

async function fetchParts(plan, keys, frames) {
  const query = [...keys.map((key) => `part=${encodeURIComponent(key)}`), ...[...frames].map((id) => `have=${id}`)].join("&");
  try {
    const response = await fetch(`${plan.parts_url}?${query}`, { credentials: "same-origin", cache: "no-store", headers: { Accept: "application/json" } });
    return response.ok ? { response, body: await response.json() } : null;
  } catch (error) {
    return null; // offline again: what arrived stays, the rest comes next time
  }
}

async function storePart(cache, held, part, response, key) {
  const pages = Object.fromEntries(part.pages.map((page) => [page.url, "html" in page ? page.html : { frame: page.frame, ops: page.ops }]));
  const old = held[part.key];
  if (!part.version && old) {
    // A part with a page missing keeps its older copy of that page and no version: asked for again next time.
    const stored = await cache.match(partUrl(part.key));
    if (stored) for (const [url, entry] of Object.entries(await unpack(stored, key, partUrl(part.key)))) if (!(url in pages)) pages[url] = entry;
  }
  await cache.put(partUrl(part.key), await pack(pages, response, key, partUrl(part.key)));
  held[part.key] = { version: part.version, urls: Object.keys(pages), frames: framesOf(pages) };
}

async function storeFrames(cache, frames, got, key) {
  for (const [id, lines] of Object.entries(got.body.frames || {})) {
    await cache.put(frameUrl(id), await pack(lines, null, key, frameUrl(id)));
    frames.add(id);
  }
}

// The copy: the plan names every part (the lists, each case) with its version; only parts whose
// version differs from the one held are fetched, several per request, two requests under way.
// The versions held are written after each request, so a copy cut short (the browser ends a long
// event, the line drops) goes on where it stopped at the next refresh instead of starting again.
async function copyCaseload(force, person) {
  // Nothing is stored in plain: without the key (the vault locked) the copy waits for the unlock.
  const key = await obtainKey(person);
  if (!key) return { state: "locked" };
  await sealPlainCopy(key);
  const current = await currentDataCache();
  const same = current && (!person || current.meta.person === person);
  if (!force && same && current.meta.complete && Date.now() - current.meta.refreshed_at < current.meta.refresh_seconds * 1000) {
    return { state: "fresh", count: heldPages(current.meta.parts), scope: current.meta.scope, ...current.meta.progress };
  }
  const answer = await fetch("/sync/caseload", { credentials: "same-origin", headers: { Accept: "application/json" } });
  if (!answer.ok) return { state: answer.status === 401 ? "signed_out" : "failed" };
  const plan = await answer.json();
  const name = DATA_PREFIX + plan.person;
  for (const other of await dataCacheNames()) {
    if (other !== name) await caches.delete(other); // someone else's pages never stay beside these
  }
  const cache = await caches.open(name);
  const before = (await readMeta(cache)) || {};
  const held = {};
  for (const [key, part] of Object.entries(before.parts || {})) if (key in plan.parts) held[key] = part; // cases no longer listed go
  const meta = {
    person: plan.person, refreshed_at: before.refreshed_at || 0, last_contact: Date.now(), complete: false, sealed: true,
    lifetime_seconds: plan.lifetime_seconds, refresh_seconds: plan.refresh_seconds, scope: plan.scope,
  };
  const wanted = Object.keys(plan.parts).filter((key) => !held[key] || held[key].version !== plan.parts[key]);
  // The frames held travel with every request. The first request goes alone, so that the frames
  // it brings are not sent again by a second one under way beside it; it is short (the lists and
  // two cases are enough to make the frames), so the others start soon.
  const requests = wanted.length ? [wanted.slice(0, FIRST_REQUEST_PARTS)] : [];
  for (let start = FIRST_REQUEST_PARTS; start < wanted.length; start += plan.parts_per_request) requests.push(wanted.slice(start, start + plan.parts_per_request));
  const frames = new Set((before.frames || []).filter((id) => Object.values(held).some((part) => (part.frames || []).includes(id))));
  const underway = requests.length ? [fetchParts(plan, requests[0], frames)] : [];
  let failed = false;
  await announce(progress(plan, held));
  for (let n = 0; n < requests.length; n += 1) {
    const got = await underway[n];
    if (got) await storeFrames(cache, frames, got, key);
    for (let next = underway.length; next < Math.min(n + 1 + IN_FLIGHT, requests.length); next += 1) {
      underway.push(failed || !got ? Promise.resolve(null) : fetchParts(plan, requests[next], frames));
    }
    if (!got) {
      failed = true;
      continue;
    }
    for (const part of got.body.parts) await storePart(cache, held, part, got.response, key);
    for (const refused of got.body.refused) delete held[refused.key];
    await writeMeta(cache, { ...meta, parts: held, frames: [...frames], progress: progress(plan, held) });
    await announce(progress(plan, held));
  }
  // Drop what no part held names any more: cases no longer assigned, frames no page uses, pages of
  // the older format.
  const used = [...new Set(Object.values(held).flatMap((part) => part.frames || []))];
  meta.frames = used;
  const keep = new Set([META, ...Object.keys(held).map(partUrl), ...used.map(frameUrl)].map((url) => new URL(url, self.location.origin).href));
  for (const request of await cache.keys()) {
    if (!keep.has(request.url)) await cache.delete(request);
  }
  const done = progress(plan, held);
  const complete = !failed && Object.keys(plan.parts).every((key) => held[key] && held[key].version === plan.parts[key]);
  await writeMeta(cache, { ...meta, parts: held, progress: done, complete, refreshed_at: complete ? Date.now() : meta.refreshed_at });
  await announce(done);
  return { state: complete ? "refreshed" : "partial", count: heldPages(held), scope: plan.scope, ...done };
}

async function touch() {
  const current = await currentDataCache();
  if (current) await writeMeta(current.cache, { ...current.meta, last_contact: Date.now() });
}

// Answer from the person's cache only while its lifetime lasts; past it, delete the pages.
async function fromDataCache(request) {
  const current = await currentDataCache();
  if (!current) return null;
  if (Date.now() - current.meta.last_contact > current.meta.lifetime_seconds * 1000) {
    await caches.delete(current.name);
    const shell = await caches.open(SHELL_CACHE);
    return shell.match(SHELL.expired);
  }
  const path = new URL(request.url).pathname;
  if (!Object.values(current.meta.parts || {}).some((part) => part.urls.includes(path))) return null;
  // A stored page while the vault is locked (or a copy not yet sealed): the lock screen in its place.
  const key = await obtainKey(current.meta.person);
  let meta = current.meta;
  if (key && !meta.sealed) {
    // A copy from before the vault: sealed before anything of it is answered.
    await sealPlainCopy(key).catch(() => {});
    meta = (await readMeta(current.cache)) || meta;
  }
  if (!key || !meta.sealed) return (await caches.open(SHELL_CACHE)).match(SHELL.locked);
  try {
    return await pageFrom(current.cache, meta, path, key);
  } catch (error) {
    return (await caches.open(SHELL_CACHE)).match(SHELL.locked); // another person's key, or changed bytes
  }
}

async function status() {
  const current = await currentDataCache();
  return current
    ? { person: current.meta.person, count: heldPages(current.meta.parts || {}), refreshed_at: current.meta.refreshed_at, ...current.meta.progress }
    : { person: null, count: 0 };
}

self.addEventListener("message", (event) => {
  const data = event.data || {};
  const reply = (value) => event.ports[0] && event.ports[0].postMessage(value);
  if (data.type === "KEY" && data.key && data.person) {
    vault = { person: data.person, key: data.key, idleMs: Number(data.idle_ms) || 900000, activeAt: Number(data.active_at) || Date.now() };
    reply({ has_key: true });
    event.waitUntil(sealPlainCopy(data.key));
  }
  if (data.type === "LOCK") vault = null;
  if (data.type === "GET_KEY") event.waitUntil(obtainKey(data.person).then((key) => reply({ key })));
  if (data.type === "PING") {
    if (vault && vault.person === data.person) vault.activeAt = Math.max(vault.activeAt, Number(data.active_at) || 0);
    const key = keyOf(data.person);
    reply({ has_key: Boolean(key), active_at: key ? vault.activeAt : 0 });
  }
  if (data.type === "SKIP_WAITING") self.skipWaiting();
  if (data.type === "VERSION") reply(SHELL.version);
  if (data.type === "REFRESH") event.waitUntil(refresh(Boolean(data.force), data.person).then(reply, (e) => reply({ state: "failed", error: String(e) })));
  if (data.type === "FORGET") event.waitUntil(forget(data.person).then(() => reply({ state: "forgotten" })));
  if (data.type === "STATUS") event.waitUntil(status().then(reply));
});

// Background Sync (Chromium): ask the open pages to send their outbox. Never relied on alone:
// the pages also send on load, on 'online', on visibility and after each save.
self.addEventListener("sync", (event) => {
  if (event.tag !== "outbox") return;
  event.waitUntil(
    (async () => {
      const pages = await self.clients.matchAll({ type: "window" });
      for (const page of pages) page.postMessage({ type: "FLUSH" });
    })()
  );
});

// Web Push (issue 22): the server's content-free note ("3 new items wait for you"), shown as
// one notification that the next replaces; a tap opens "For you" (or focuses an open window).
self.addEventListener("push", (event) => {
  let data = {};
  try {
    data = event.data ? event.data.json() : {};
  } catch (error) {
    data = {};
  }
  const url = typeof data.url === "string" && data.url.startsWith("/") ? data.url : "/for-you";
  event.waitUntil(self.registration.showNotification(String(data.title || "Outreach"), {
    body: String(data.body || ""), tag: String(data.tag || "for-you"), renotify: true, data: { url },
    icon: "/static/icons/icon-192.png",
  }));
});

self.addEventListener("notificationclick", (event) => {
  event.notification.close();
  const url = (event.notification.data && event.notification.data.url) || "/for-you";
  event.waitUntil((async () => {
    const pages = await self.clients.matchAll({ type: "window", includeUncontrolled: true });
    for (const page of pages) {
      if ("navigate" in page && "focus" in page) {
        await page.focus();
        return page.navigate(url);
      }
    }
    return self.clients.openWindow(url);
  })());
});

function isShellAsset(url) {
  return SHELL.precache.includes(url.pathname + url.search);
}

function withTimeout(promise, ms) {
  return Promise.race([promise, new Promise((_, reject) => setTimeout(() => reject(new Error("timeout")), ms))]);
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  // Not ours to answer: other origins, writes, and the sync endpoint go straight to the network.
  if (url.origin !== self.location.origin || request.method !== "GET" || url.pathname.startsWith("/sync")) return;

  if (request.mode === "navigate" && SHELL.precache.includes(url.pathname)) {
    // (by path: the lock screen carries the page to return to in its query)
    // Shell pages (offline fallback, outbox) come from the cache first: they must open offline.
    event.respondWith(
      (async () => {
        const cache = await caches.open(SHELL_CACHE);
        return (await cache.match(url.pathname)) || fetch(request);
      })()
    );
    return;
  }

  if (request.mode === "navigate") {
    event.respondWith(
      (async () => {
        try {
          const response = await withTimeout(fetch(request), NETWORK_TIMEOUT_MS);
          event.waitUntil(touch());
          return response;
        } catch (error) {
          const cached = await fromDataCache(request);
          if (cached) return cached;
          const cache = await caches.open(SHELL_CACHE);
          return (await cache.match(SHELL.offline)) || Response.error();
        }
      })()
    );
    return;
  }

  if (isShellAsset(url) || url.pathname.startsWith("/static/")) {
    event.respondWith(
      (async () => {
        const cache = await caches.open(SHELL_CACHE);
        return (await cache.match(request, { ignoreSearch: false })) || fetch(request);
      })()
    );
  }
});
