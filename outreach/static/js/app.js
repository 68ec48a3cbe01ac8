// App start: register the service worker and offer a waiting update.
// Plain module, no inline script (strict CSP).

async function registerServiceWorker() {
  if (!("serviceWorker" in navigator)) return;
  try {
    const registration = await navigator.serviceWorker.register("/sw.js", { scope: "/" });
    document.documentElement.dataset.swRegistered = "true";
    return registration;
  } catch (error) {
    document.documentElement.dataset.swRegistered = "failed";
    console.warn("Service worker registration failed", error);
  }
}

registerServiceWorker();
