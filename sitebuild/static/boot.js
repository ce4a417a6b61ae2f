// Boots a lab page: the Pyodide runtime with its packages, then the lab itself, all from this
// site's runtime folder. The page shows the lab's text and the current stage meanwhile.
import { keepOffline } from "./offline.js";
import { closeOpeningLock } from "./opening.js";
import { closePreview, removePreview } from "./preview.js";
import { loadPyodide } from "./pyodide/pyodide.mjs";

// Bokeh's and Panel's scripts are deferred: they have all run by DOMContentLoaded (or, if this
// module starts later than that, by the load event).
const scriptsRun = new Promise((resolve) => {
  if (document.readyState === "complete") return resolve();
  document.addEventListener("DOMContentLoaded", resolve, { once: true });
  window.addEventListener("load", resolve, { once: true });
});

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

async function fetchText(url) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url.pathname} could not be loaded (HTTP ${response.status})`);
  return response.text();
}

async function main() {
  const link = readLink();
  const manifest = JSON.parse(await fetchText(new URL("manifest.json", runtime)));
  if (manifest.build !== body.dataset.build) {
    // The page and the runtime come from different builds (an update landed mid-visit): start over
    // once with both from the new build, rather than mix them.
    if (!sessionStorage.getItem("mlsys-reloaded-for-build")) {
      sessionStorage.setItem("mlsys-reloaded-for-build", manifest.build);
      location.reload();
      return;
    }
    throw new Error("this page and the site's runtime come from different builds; reload the page");
  }
  sessionStorage.removeItem("mlsys-reloaded-for-build");
  if (manifest.missing.length) {
    throw new Error(`this build of the site is missing ${manifest.missing.length} Pyodide package(s): ` +
      `${manifest.missing.join(", ")}. Rebuild it with PYODIDE_WHEELHOUSE naming a folder that holds them.`);
  }
  const wheels = manifest.wheels.map((w) => new URL(`wheels/${w}`, runtime).href);
  stage(1, `Loading the Python runtime and ${manifest.lock_packages.length + wheels.length} packages`);
  // Given to loadPyodide, the packages download while the interpreter starts. Pyodide reports a
  // package that fails on stderr and carries on, so each is checked below.
  const messages = [];
  const pyodide = await loadPyodide({
    indexURL: new URL("pyodide/", runtime).href,
    packages: [...manifest.lock_packages, ...wheels],
    env: manifest.python_env,  // the optimization level the bytecode was compiled at
    stderr: (line) => messages.push(line),
  });
  pyodide.setStderr();  // Python's own warnings go back to the console
  const canonical = (name) => name.toLowerCase().replace(/[-_.]+/g, "-");  // "MarkupSafe" is "markupsafe"
  const loaded = new Set(Object.keys(pyodide.loadedPackages).map(canonical));
  const absent = [...manifest.lock_packages, ...manifest.wheels.map((w) => w.split("-")[0])]
    .filter((name) => !loaded.has(canonical(name)));
  if (absent.length) {
    throw new Error(`packages failed to install: ${absent.join(", ")}. ${messages.join(" ")}`.trim());
  }
  lap("runtime_and_packages");
  stage(2, "Starting the lab");
  await scriptsRun;
  await new Promise((resolve) => setTimeout(resolve, 0));  // the page's own first instrument gets a turn
  pyodide.globals.set("LAB_MODULE", body.dataset.labModule);
  pyodide.globals.set("LAB_LINK", JSON.stringify({ track: link.track ?? null, preset: link.preset ?? null }));
  pyodide.globals.set("DIST_URL", new URL("panel/", runtime).href);
  pyodide.globals.set("CLOSE_OPENING_LOCK", closeOpeningLock);
  pyodide.globals.set("CLOSE_PREVIEW", closePreview);
  await pyodide.runPythonAsync(await fetchText(new URL("boot.py", runtime)));
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
  body.dataset.bootTimes = JSON.stringify({ ...times, ...JSON.parse(body.dataset.pythonTimes || "{}") });
  body.dataset.labState = "ready";
  // Only now, so that it never competes with the start-up: the worker keeps this build's pages and
  // runtime (mostly from the browser's HTTP cache, just filled), and every lab can start offline.
  await keepOffline(undefined, { runtime: true });
}

main().catch((err) => {
  body.dataset.labState = "error";
  const box = document.getElementById("lab-error");
  box.hidden = false;
  box.querySelector(".lab-error-detail").textContent = String(err && err.message ? err.message : err);
  console.warn("lab failed to start:", err);
});
