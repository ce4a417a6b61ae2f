// Boots a lab page: the Pyodide runtime with its packages, then the lab itself, all from this
// site's runtime folder. The page shows the lab's text and the current stage meanwhile.
import { bokeh, drawingScriptsRun } from "./drawing-scripts.js";
import { closeOpeningLock } from "./opening.js";
import { TO_PAGE, TO_WORKER } from "./protocol.js";

// The page's first instrument and its offline saving help, but the lab starts without them: a module
// that fails to arrive is replaced by one that does nothing.
function optional(module, standIn) {
  return module.catch((err) => {
    console.warn("the lab starts without a helper script that did not arrive:", err);
    return standIn;
  });
}
const previewModule = optional(import("./preview.js"), { closePreview: () => "[]", removePreview: () => {} });
const offlineModule = optional(import("./offline.js"), { keepOffline: async () => {} });

const body = document.body;
const runtime = new URL(body.dataset.runtime, location.href);
const stageText = document.getElementById("lab-stage");
const progress = document.getElementById("lab-progress-bar");

// How long each step took (ms), for `nox -s bench`: read off data-boot-times once the lab is ready.
const times = {};
let mark = performance.now();
function lap(name) {
  const now = performance.now();
  times[name] = Math.round(now - mark);
  mark = now;
}

function stage(step, text) {
  progress.value = step;
  stageText.textContent = `${text} (step ${step} of 2)…`;
  body.dataset.labState = `stage-${step}`;
}

// Query parameters an instructor's link may carry. Each is checked against what this lab offers
// (listed by the build in #lab-params); anything else is reported on the page and ignored. Only
// checked values (keys from those lists, or a number) ever reach Python, and notices are text.
function readLink() {
  const offer = JSON.parse(document.getElementById("lab-params").textContent);
  const query = new URLSearchParams(location.search);
  const link = {};
  const notices = [];
  const known = new Set(["track", "act", "preset", "height"]);
  for (const [name, value] of query) {
    if (!known.has(name)) notices.push(`The link's "${name}" setting is not one this lab knows; it was ignored.`);
  }
  const track = query.get("track");
  if (track !== null) {
    if (Object.hasOwn(offer.tracks, track)) link.track = track;
    else notices.push(`The link asks for track "${track}", which does not exist (use one of: ` +
      `${Object.keys(offer.tracks).join(", ")}). The lab opens with your own track instead.`);
  }
  const act = query.get("act");
  if (act !== null) {
    const n = /^[0-9]+$/.test(act) ? Number(act) : NaN;
    if (n >= 1 && n <= offer.acts.length) link.act = n;
    else notices.push(`The link asks for act "${act}"; this lab has acts 1 to ${offer.acts.length}. ` +
      "It opens at the start instead.");
  }
  const preset = query.get("preset");
  if (preset !== null) {
    if (Object.hasOwn(offer.presets, preset)) link.preset = preset;
    else notices.push(`The link asks for preset "${preset}", which this lab does not have` +
      (Object.keys(offer.presets).length ? ` (use one of: ${Object.keys(offer.presets).join(", ")})` : "") +
      ". The lab opens with its usual settings.");
  }
  const height = query.get("height");
  if (height !== null && !(/^[0-9]+$/.test(height) && Number(height) >= 200 && Number(height) <= 5000)) {
    notices.push(`The link's height "${height}" is not a whole number of pixels from 200 to 5000; it was ignored.`);
  }
  if (notices.length) {
    const box = document.getElementById("lab-notice");
    box.replaceChildren(...notices.map((text) => Object.assign(document.createElement("p"), { textContent: text })));
    box.hidden = false;
  }
  body.dataset.linkProblems = String(notices.length);
  return link;
}

// Panel draws into shadow roots; find the element carrying a class anywhere below the document.
function findDeep(root, className) {
  for (const el of root.querySelectorAll("*")) {
    if (el.classList.contains(className)) return el;
    if (el.shadowRoot) {
      const found = findDeep(el.shadowRoot, className);
      if (found) return found;
    }
  }
  return null;
}

// How long each start-up step may take before the page says it failed (ms). Generous, as a first visit
// on a slow connection downloads about 12 MB in step 1; a test may shorten them (mlsysStartupLimits).
const LIMITS = { file: 30_000, runtime: 240_000, lab: 120_000, ...(globalThis.mlsysStartupLimits || {}) };
const AGAIN = "Reload the page to try again; what you have answered is kept.";

// `promise`, or an Error saying `what` if it takes longer than `ms`.
function within(promise, ms, what) {
  let timer;
  const limit = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} (nothing after ${Math.round(ms / 1000)} s). ${AGAIN}`)), ms);
  });
  return Promise.race([promise, limit]).finally(() => clearTimeout(timer));
}

// What went wrong, in words a student can act on; the technical message follows in brackets.
export function inWords(message) {
  const said = [
    [/exit\(\d+\)|Program terminated|python_stdlib/i, "Python could not start: a file of its runtime is missing or " +
      "damaged on this site. Tell your instructor if it happens again."],
    [/Unexpected token|is not valid JSON|JSON\.parse/i, "a file of the site came back as something else (a network " +
      "sign-in page, or an error page). Check that you are online, then reload."],
    [/quota/i, "this browser has no storage space left for the site. Free some space (or close other tabs), then reload."],
    [/Failed to fetch|NetworkError|network error|Load failed/i, "the connection dropped while the lab was " +
      "downloading. Check that you are online, then reload."],
    [/WebAssembly|wasm/i, "Python's runtime could not be loaded (its WebAssembly file is missing or damaged). " +
      "Reload; tell your instructor if it happens again."],
  ];
  const found = said.find(([pattern]) => pattern.test(message));
  return found ? `${found[1]} (${message})` : message;
}

async function fetchText(url) {
  const what = url.pathname.split("/").pop();
  const response = await within(fetch(url), LIMITS.file, `The site's ${what} did not arrive`);
  if (!response.ok) throw new Error(`The site's ${what} could not be loaded (HTTP ${response.status}). ${AGAIN}`);
  return within(response.text(), LIMITS.file, `The site's ${what} stopped arriving`);
}

async function fetchJSON(url) {
  const text = await fetchText(url);
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new Error(`The site's ${url.pathname.split("/").pop()} came back as something else than the site's file ` +
      `(a network sign-in page, or an error page?). Check that you are online, then reload. (${err.message})`);
  }
}

// The worker's messages: next(type) is the next one of that type (kept if it came first). Patches
// from Python go to the drawn document; an error from the worker fails whatever is waited for.
function listen(worker) {
  const kept = {};
  const waiting = {};
  let failed = null;
  const python = { jsdoc: null, patching: 0, busy: false, queue: [] };
  const fail = (err) => {
    failed = err;
    for (const { reject } of Object.values(waiting)) reject(err);
  };
  worker.onerror = (event) => fail(new Error(`the lab's Python worker failed to start (${event.message || "no detail"})`));
  worker.onmessage = (event) => {
    const msg = event.data;
    if (msg.type === TO_PAGE.patch) {
      python.patching += 1;  // Python's change, drawn here: not sent back
      try {
        python.jsdoc.apply_json_patch(msg.patch, msg.buffers);
      } finally {
        python.patching -= 1;
      }
    } else if (msg.type === TO_PAGE.idle) {
      python.busy = false;
      if (python.queue.length) python.send(python.queue.splice(0));
    } else if (msg.type === TO_PAGE.error) {
      fail(new Error(msg.message));
    } else if (waiting[msg.type]) {
      waiting[msg.type].resolve(msg);
      delete waiting[msg.type];
    } else {
      kept[msg.type] = msg;
    }
  };
  python.next = (type) => new Promise((resolve, reject) => {
    if (failed) return reject(failed);
    if (kept[type]) {
      resolve(kept[type]);
      delete kept[type];
    } else {
      waiting[type] = { resolve, reject };
    }
  });
  return python;
}

// Draw the lab's document where boot.js's page keeps it, and send the page's changes to Python: one
// patch at a time, and while Python is busy with one, later changes wait (a slider dragged meanwhile
// sends only its latest value).
async function draw(worker, python, { docsJson, renderItems, rootIds }) {
  const container = document.getElementById("lab-app");
  const items = JSON.parse(renderItems);
  const ids = JSON.parse(rootIds);
  items[0].roots = {};
  items[0].root_ids = ids;
  ids.forEach((id, index) => {
    const element = document.createElement("div");
    element.id = `lab-root-${index}`;
    element.style.display = "contents";
    container.appendChild(element);
    items[0].roots[id] = element.id;
  });
  const [views] = await (await bokeh()).embed.embed_items(JSON.parse(docsJson), items);
  const jsdoc = [...views.roots.values()][0].model.document;
  python.jsdoc = jsdoc;
  python.send = (events) => {
    python.busy = true;
    worker.postMessage({ type: TO_WORKER.patch, patch: jsdoc.create_json_patch(events) });
  };
  jsdoc.on_change((event) => {
    if (python.patching > 0) return;
    if (!python.busy) return python.send([event]);
    if (event.model && event.attr) {  // a newer value of the same property replaces the waiting one
      python.queue = python.queue.filter((e) => !(e.model === event.model && e.attr === event.attr));
    }
    python.queue.push(event);
  }, false);
}

// The tab's sessionStorage, or null where the browser blocks storage (then nothing is remembered across
// a reload, and the lab still starts: its ledger lives on the page).
function tabStorage() {
  try {
    return window.sessionStorage;
  } catch {
    return null;
  }
}

// The page and the runtime come from different builds (an update landed mid-visit): start over once, with
// both from the new build, rather than mix them. True if the page is reloading.
function intoOneBuild(tab, runtimeBuild) {
  if (runtimeBuild === body.dataset.build) return false;
  if (tab && !tab.getItem("mlsys-reloaded-for-build")) {
    tab.setItem("mlsys-reloaded-for-build", runtimeBuild);
    location.reload();
    return true;
  }
  throw new Error("this page and the site's runtime come from different builds; reload the page");
}

// A new build's service worker can take over while the lab starts (it claims every open page): what the
// page and its Python worker fetch from then on is the new build's. Until the lab is up, start over.
function watchForNewBuild(tab) {
  navigator.serviceWorker?.addEventListener("controllerchange", () => {
    if (body.dataset.labState === "ready" || body.dataset.labState === "error") return;
    fetchJSON(new URL("manifest.json", runtime))
      .then((manifest) => intoOneBuild(tab, manifest.build))
      .catch(fail);
  });
}

async function main() {
  const link = readLink();
  const tab = tabStorage();
  watchForNewBuild(tab);
  const manifest = await fetchJSON(new URL("manifest.json", runtime));
  if (intoOneBuild(tab, manifest.build)) return;
  tab?.removeItem("mlsys-reloaded-for-build");
  if (manifest.missing.length) {
    throw new Error(`this build of the site is missing ${manifest.missing.length} Pyodide package(s): ` +
      `${manifest.missing.join(", ")}. Rebuild it with PYODIDE_WHEELHOUSE naming a folder that holds them.`);
  }
  const wheels = manifest.wheels.map((w) => new URL(`wheels/${w}`, runtime).href);
  stage(1, `Loading the Python runtime and ${manifest.lock_packages.length + wheels.length} packages`);
  // Python runs in a worker: the page's own lock and first instrument keep answering meanwhile.
  const worker = new Worker(new URL("python-worker.js", runtime), { type: "module" });
  const python = listen(worker);
  worker.postMessage({
    type: TO_WORKER.start, indexURL: new URL("pyodide/", runtime).href, packages: [...manifest.lock_packages, ...wheels],
    lockPackages: manifest.lock_packages, wheelNames: manifest.wheels.map((w) => w.split("-")[0]),
    env: manifest.python_env,
  });
  // The interpreter's WebAssembly is compiled here and handed over: Chromium keeps the compiled code
  // of a page's streamed module for its next visit, and a worker compiling for itself never reads it
  // (a warm interpreter start measured 1.3-1.8 s compiled in the worker, 0.8-1.2 s compiled here).
  // The compile itself runs off this thread.
  WebAssembly.compileStreaming(fetch(new URL("pyodide/pyodide.asm.wasm", runtime)))
    .then((module) => worker.postMessage({ type: TO_WORKER.wasm, module }))
    .catch((err) => {
      console.warn("the page could not compile Python's WebAssembly; the worker compiles it instead:", err);
      worker.postMessage({ type: TO_WORKER.wasm, module: null });
    });
  await within(python.next(TO_PAGE.loaded), LIMITS.runtime, "Python's runtime and packages did not finish loading");
  lap("runtime_and_packages");
  stage(2, "Starting the lab");
  worker.postMessage({
    type: TO_WORKER.run, module: body.dataset.labModule, title: document.title,
    link: { track: link.track ?? null, preset: link.preset ?? null }, distUrl: new URL("panel/", runtime).href,
  });
  const { closePreview, removePreview } = await previewModule;
  await within(python.next(TO_PAGE.closeInstruments), LIMITS.lab, "The lab did not start");
  // The lab reads the ledger as it is drawn: from here on its own lock takes answers.
  closeOpeningLock();
  worker.postMessage({ type: TO_WORKER.instruments, visited: closePreview() });
  const render = await within(python.next(TO_PAGE.render), LIMITS.lab, "The lab did not finish drawing itself");
  await within(drawingScriptsRun, LIMITS.file, "The site's drawing scripts (Bokeh and Panel) did not arrive");
  await draw(worker, python, render);
  worker.postMessage({ type: TO_WORKER.rendered });
  Object.assign(times, (await within(python.next(TO_PAGE.ready), LIMITS.lab, "The lab did not finish starting")).times);
  lap("lab");
  document.getElementById("lab-preview").hidden = true;
  removePreview();
  if (link.act) {
    const act = findDeep(document, `kit-act-${link.act}`);
    if (act) {
      act.scrollIntoView({ block: "start" });
      body.dataset.openAct = String(link.act);
    }
  }
  body.dataset.bootTimes = JSON.stringify(times);
  body.dataset.labState = "ready";
  // Only now, so that it never competes with the start-up: the worker keeps this build's pages and
  // runtime (mostly from the browser's HTTP cache, just filled), and every lab can start offline.
  await (await offlineModule).keepOffline(undefined, { runtime: true });
}

function fail(err) {
  if (body.dataset.labState === "error") return;
  body.dataset.labState = "error";
  const box = document.getElementById("lab-error");
  box.hidden = false;
  box.querySelector(".lab-error-detail").textContent = inWords(String(err && err.message ? err.message : err));
  document.getElementById("lab-reload").addEventListener("click", () => location.reload(), { once: true });
  console.warn("lab failed to start:", err);
}

main().catch(fail);
