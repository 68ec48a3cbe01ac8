/* Outreach service worker. Served at /sw.js (scope /) with `SHELL` prepended by the server:
 * {version, precache: [urls], offline: "/offline"}.
 *
 * Promises kept here (docs/offline.md):
 * - the app shell is precached under a versioned name; old shell caches go on activate;
 * - navigations go to the network first; with no network the cached offline page answers;
 * - it never answers /sync or any non-GET request itself, and never caches personal pages
 *   (later issues add a per-person caseload cache through the same mechanism);
 * - a new version waits until the page asks it to take over (SKIP_WAITING), except the first.
 */
"use strict";

const SHELL_CACHE = `outreach-shell-${SHELL.version}`;
const SHELL_PREFIX = "outreach-shell-";

self.addEventListener("install", (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(SHELL_CACHE);
      // cache: "reload" bypasses the HTTP cache so a new version never stores stale files.
      await cache.addAll(SHELL.precache.map((url) => new Request(url, { cache: "reload", credentials: "same-origin" })));
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

self.addEventListener("message", (event) => {
  if (event.data && event.data.type === "SKIP_WAITING") self.skipWaiting();
  if (event.data && event.data.type === "VERSION" && event.ports[0]) event.ports[0].postMessage(SHELL.version);
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

function isShellAsset(url) {
  return SHELL.precache.includes(url.pathname + url.search);
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  // Not ours to answer: other origins, writes, and the sync endpoint go straight to the network.
  if (url.origin !== self.location.origin || request.method !== "GET" || url.pathname.startsWith("/sync")) return;

  if (request.mode === "navigate" && isShellAsset(url)) {
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
          return await fetch(request);
        } catch (error) {
          const cache = await caches.open(SHELL_CACHE);
          return (await cache.match(SHELL.offline)) || Response.error();
        }
      })()
    );
    return;
  }

  if (isShellAsset(url)) {
    event.respondWith(
      (async () => {
        const cache = await caches.open(SHELL_CACHE);
        return (await cache.match(request)) || fetch(request);
      })()
    );
  }
});
