// App start: register the service worker and offer a waiting update.
// Plain module, no inline script (strict CSP).

async function registerServiceWorker() {
  if (!("serviceWorker" in navigator)) return;
  try {
    const registration = await navigator.serviceWorker.register("/sw.js", { scope: "/" });
    document.documentElement.dataset.swRegistered = "true";
    if (navigator.onLine) registration.update().catch(() => {}); // a new version then waits to be offered
    return registration;
  } catch (error) {
    document.documentElement.dataset.swRegistered = "failed";
    console.warn("Service worker registration failed", error);
  }
}

registerServiceWorker();

// Every page: is this device still allowed? (A lost phone is cleared even with nobody signed in.)
navigator.serviceWorker && navigator.serviceWorker.ready.then(() => import("/static/js/offline.js")).then((offline) => offline.checkDevice());

// Signed in: remember whose outbox this device shows offline, and keep sending it.
const person = document.querySelector('meta[name="outreach-person"]');
if (person) {
  import("/static/js/device.js").then((device) => device.rememberCurrentPerson(person.content));
  import("/static/js/sync.js").then((sync) => sync.start());
  // Only the JavaScript a page uses: the status line and the in-page outbox lists where they are.
  if (document.querySelector("[data-sync-status]")) import("/static/js/sync-status.js");
  if (document.querySelector("[data-pending-list]")) import("/static/js/pending.js");
  import("/static/js/offline.js").then((offline) => offline.start());
}

// A form refused in place (htmx swapped its section): take the person to the first field to
// correct, as a full page reload with the message would have (screen readers read its message).
document.addEventListener("htmx:afterSettle", () => {
  const field = document.querySelector('section [aria-invalid="true"]');
  if (field) field.focus();
});
