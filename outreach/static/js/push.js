// Web Push on the notification settings page: switch push messages on or off for this device.
// <div data-push data-key (VAPID public key, base64url) data-subscribe-url data-unsubscribe-url>
// The server keeps the subscription with this device (removed at sign-out and revocation); the
// service worker shows the content-free note and opens "For you" when it is tapped.

function csrfToken() {
  const meta = document.querySelector('meta[name="csrf-token"]');
  return meta ? meta.content : "";
}

function keyBytes(text) {
  const base64 = text.replace(/-/g, "+").replace(/_/g, "/") + "===".slice((text.length + 3) % 4);
  return Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
}

async function post(url, body) {
  const response = await fetch(url, {
    method: "POST",
    credentials: "same-origin",
    headers: { "Content-Type": "application/json", Accept: "application/json", "X-CSRFToken": csrfToken() },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`status ${response.status}`);
  return response.json();
}

async function setUp(box) {
  const on = box.querySelector("[data-push-on]");
  const off = box.querySelector("[data-push-off]");
  const status = box.querySelector("[data-push-status]");
  const say = (name) => { status.textContent = status.dataset[`text${name}`] || ""; };
  if (!("serviceWorker" in navigator) || !("PushManager" in window) || !("Notification" in window)) {
    say("Unsupported");
    return;
  }
  const registration = await navigator.serviceWorker.ready;
  const show = async () => {
    const current = await registration.pushManager.getSubscription();
    on.hidden = Boolean(current);
    off.hidden = !current;
    if (Notification.permission === "denied") say("Denied");
    else say(current ? "On" : "Off");
  };
  on.addEventListener("click", async () => {
    on.disabled = true;
    try {
      if ((await Notification.requestPermission()) !== "granted") {
        say("Denied");
        return;
      }
      const subscription = await registration.pushManager.subscribe({
        userVisibleOnly: true, applicationServerKey: keyBytes(box.dataset.key),
      });
      await post(box.dataset.subscribeUrl, { subscription: subscription.toJSON() });
      await show();
    } catch (error) {
      say("Failed");
    } finally {
      on.disabled = false;
    }
  });
  off.addEventListener("click", async () => {
    off.disabled = true;
    try {
      const current = await registration.pushManager.getSubscription();
      if (current) {
        await post(box.dataset.unsubscribeUrl, { endpoint: current.endpoint });
        await current.unsubscribe();
      }
      await show();
    } catch (error) {
      say("Failed");
    } finally {
      off.disabled = false;
    }
  });
  await show();
}

for (const box of document.querySelectorAll("[data-push]")) setUp(box);
