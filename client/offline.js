// Offline support for every page: registers a service worker, waits (briefly) until it controls
// the page, and says whether the site is available offline. Lab pages (boot.js, once the lab has
// started) also ask it to keep the runtime; the labs' index and ledger pages (offline-page.js) and
// the book's chapters (offline-book.js, written by sitebuild.book_offline) only register it.
const runtime = new URL(".", import.meta.url);

// A lab embedded in a chapter can open under the book's worker (whose scope holds the labs site's)
// before the labs site's own worker exists: only `worker` itself counts as in control.
const ours = (worker) => navigator.serviceWorker.controller?.scriptURL === worker.href;

async function ensureControlled(worker, timeoutMs = 4000) {
  if (!("serviceWorker" in navigator)) return false;
  try {
    await navigator.serviceWorker.register(worker, { scope: new URL(".", worker).pathname });
    if (ours(worker)) return true;
    await new Promise((resolve) => {
      const check = () => ours(worker) && resolve();
      navigator.serviceWorker.addEventListener("controllerchange", check);
      setTimeout(resolve, timeoutMs);
    });
  } catch (err) {
    console.warn("offline support unavailable:", err);
  }
  return ours(worker);
}

// Asks a service worker `message` ("keep-runtime" or "offline-status", sitebuild/sw/sw.js) and
// resolves with its answer.
function ask(worker, message, timeoutMs) {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = (event) => resolve(String(event.data));
    worker.postMessage(message, [channel.port2]);
    setTimeout(() => resolve("no answer from the service worker"), timeoutMs);
  });
}

// True only when every file a lab needs is kept: the files of the worker in control (the labs site's,
// or the book's for a chapter) and the labs site's runtime, which its own worker keeps.
async function everythingKept() {
  const controller = navigator.serviceWorker?.controller;
  if (!controller) return false;
  const labs = (await navigator.serviceWorker.getRegistration(new URL("../", runtime).href))?.active;
  if (!labs) return false;
  const workers = controller.scriptURL === labs.scriptURL ? [labs] : [controller, labs];
  const answers = await Promise.all(workers.map((worker) => ask(worker, "offline-status", 10_000)));
  return answers.every((answer) => answer === "complete");
}

export async function showStatus() {
  const box = document.getElementById("offline-status");
  if (!box) return;
  const ready = await everythingKept();
  box.textContent = ready ? "✓ Available offline: this site is saved in your browser."
    : "Open any lab once while online to use the whole site offline.";
  box.dataset.offline = ready ? "ready" : "not-yet";
}

// Registers `worker` (the labs site's own by default; its folder is its scope) and shows the
// status once it controls the page; with `runtime`, once it has also kept the runtime.
export async function keepOffline(worker = new URL("../sw.js", runtime), { runtime: withRuntime = false } = {}) {
  const controlled = await ensureControlled(worker);
  if (controlled && withRuntime) {
    const answer = await ask(navigator.serviceWorker.controller, "keep-runtime", 120_000);
    if (answer !== "kept") console.warn("the site could not be saved for offline use:", answer);
  }
  await showStatus();
  return controlled;
}
