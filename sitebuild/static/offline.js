// Offline support for every page: registers the site's service worker, waits (briefly) until it
// controls the page, so that everything a lab loads is kept for next time, and says whether the
// site is available offline. Imported by boot.js; loaded directly by the index and ledger pages.
const runtime = new URL(".", import.meta.url);
const siteRoot = new URL("../", runtime);

export async function ensureControlled(timeoutMs = 4000) {
  if (!("serviceWorker" in navigator)) return false;
  try {
    await navigator.serviceWorker.register(new URL("sw.js", siteRoot), { scope: siteRoot.pathname });
    if (navigator.serviceWorker.controller) return true;
    await Promise.race([
      new Promise((resolve) => navigator.serviceWorker.addEventListener("controllerchange", resolve, { once: true })),
      new Promise((resolve) => setTimeout(resolve, timeoutMs)),
    ]);
  } catch (err) {
    console.warn("offline support unavailable:", err);
  }
  return Boolean(navigator.serviceWorker.controller);
}

// True once the runtime's largest file is in the cache: then every lab can start offline.
export async function runtimeCached() {
  if (!("caches" in window)) return false;
  return Boolean(await caches.match(new URL("pyodide/pyodide.asm.wasm", runtime)));
}

export async function showStatus() {
  const box = document.getElementById("offline-status");
  if (!box) return;
  const ready = navigator.serviceWorker && navigator.serviceWorker.controller && await runtimeCached();
  box.textContent = ready ? "✓ Available offline: this site is saved in your browser."
    : "Open any lab once while online to use the whole site offline.";
  box.dataset.offline = ready ? "ready" : "not-yet";
}

// Started once, when the module loads; lab pages await it before loading the runtime.
export const controlled = ensureControlled();
controlled.then(showStatus);
