// App start: register the service worker and offer a waiting update.
// Plain module, no inline script (strict CSP).

async function registerServiceWorker() {
  if (!("serviceWorker" in navigator)) return;
  try {
    // A module worker: it imports the vault's cryptography (vault.js) to seal the stored pages.
    const registration = await navigator.serviceWorker.register("/sw.js", { scope: "/", type: "module" });
    document.documentElement.dataset.swRegistered = "true";
    if (navigator.onLine) registration.update().catch(() => {}); // a new version then waits to be offered
    return registration;
  } catch (error) {
    document.documentElement.dataset.swRegistered = "failed";
    console.warn("Service worker registration failed", error);
  }
}

// The first picture comes first: the worker, the device check and the sync start once the page's
// largest content has been painted (then after the next frame), so no script they fetch is ever
// asked for before it (a slow phone's first picture never waits for them); without that signal
// after the next frame; in a tab that is not drawn after a second at most.
function afterFirstPaint(start) {
  let started = false;
  const once = () => {
    if (!started) {
      started = true;
      start();
    }
  };
  const nextFrame = () => requestAnimationFrame(() => setTimeout(once, 0));
  if (window.PerformanceObserver && (PerformanceObserver.supportedEntryTypes || []).includes("largest-contentful-paint")) {
    const observer = new PerformanceObserver(() => {
      observer.disconnect();
      nextFrame();
    });
    observer.observe({ type: "largest-contentful-paint", buffered: true });
    setTimeout(once, 1000);
  } else {
    nextFrame();
    setTimeout(once, 200);
  }
}

afterFirstPaint(registerServiceWorker);

// htmx, on the pages that use it, once the page has painted: it only improves forms that already
// work without it (a section's answer swapped in place instead of a new page), so it never holds
// up the first picture on a slow phone.
const htmxSource = document.querySelector('meta[name="outreach-htmx"]');
if (htmxSource) {
  const loadHtmx = () => {
    const script = document.createElement("script");
    script.src = htmxSource.content;
    document.head.append(script);
  };
  // After the largest content is painted, not at "load": a small page is loaded before it is painted.
  afterFirstPaint(loadHtmx);
}

// Every page: is this device still allowed? (A lost phone is cleared even with nobody signed in.)
navigator.serviceWorker && navigator.serviceWorker.ready.then(() => import("/static/js/offline.js")).then((offline) => offline.checkDevice());

// Signed in: remember whose outbox this device shows offline, and keep sending it.
const person = document.querySelector('meta[name="outreach-person"]');
if (person) {
  afterFirstPaint(() => {
    import("/static/js/device.js").then((device) => device.rememberCurrentPerson(person.content));
    import("/static/js/sync.js").then((sync) => sync.start());
    // Only the JavaScript a page uses: the status line and the in-page outbox lists where they are.
    if (document.querySelector("[data-sync-status]")) import("/static/js/sync-status.js");
    if (document.querySelector("[data-pending-list]")) import("/static/js/pending.js");
    import("/static/js/offline.js").then((offline) => offline.start());
    // Those who keep cases offline: their vault (locked, first protected, or open already).
    if (document.querySelector('meta[name="outreach-vault"]')) {
      import("/static/js/vault-panel.js").then((panel) => panel.start(person.content));
    }
  });
}

// The lock screen (a stored page asked for while the vault is locked): whose vault is this phone's.
if (document.querySelector("[data-vault-panel][data-lock-page]")) {
  Promise.all([import("/static/js/device.js"), import("/static/js/vault-panel.js")])
    .then(async ([device, panel]) => panel.start(await device.currentPersonOnDevice(), { lockPage: true }));
}

// A form refused in place (htmx swapped its section): take the person to the first field to
// correct, as a full page reload with the message would have (screen readers read its message).
document.addEventListener("htmx:afterSettle", () => {
  const field = document.querySelector('section [aria-invalid="true"]');
  if (field) {
    unfold(field);
    field.focus();
  }
});

// Folding parts of long pages (<details data-fold>): what the person opens or shuts is remembered
// on this device in a cookie the server reads (outreach/folds.py), so the page comes back as it
// was left, without a jump. A jump link or an address with #part opens the part it leads to.
const FOLDS = "outreach_folds";

function foldState() {
  const raw = (document.cookie.split("; ").find((c) => c.startsWith(`${FOLDS}=`)) || "").slice(FOLDS.length + 1);
  const [owner, ...entries] = raw.split(".");
  const mine = person && owner === person.content;
  return new Map(mine ? entries.filter((e) => /^[+-][a-z][a-z0-9-]*$/.test(e)).map((e) => [e.slice(1), e[0]]) : []);
}

function rememberFold(name, open) {
  if (!person) return;
  const state = foldState();
  state.set(name, open ? "+" : "-");
  const value = [person.content, ...[...state].map(([n, sign]) => sign + n)].join(".");
  // Only [A-Za-z0-9_-] ids, names and ".+-": safe in a cookie as they are (the server reads it raw).
  const secure = window.location.protocol === "https:" ? "; secure" : "";
  document.cookie = `${FOLDS}=${value}; path=/; max-age=31536000; samesite=strict${secure}`;
}

function unfold(element) {
  for (let node = element; node; node = node.parentElement) if (node.tagName === "DETAILS") node.open = true;
}

document.addEventListener("toggle", (event) => {
  const fold = event.target;
  if (fold.dataset && fold.dataset.fold) rememberFold(fold.dataset.fold, fold.open);
}, true); // toggle does not bubble

function openTarget(hash) {
  const target = hash && hash.length > 1 && document.getElementById(decodeURIComponent(hash.slice(1)));
  if (target) unfold(target);
}

document.addEventListener("click", (event) => {
  const link = event.target.closest && event.target.closest('a[href^="#"]');
  if (link) openTarget(link.getAttribute("href"));
});
window.addEventListener("hashchange", () => openTarget(window.location.hash));
openTarget(window.location.hash);
