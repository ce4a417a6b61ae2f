// Boots a lab page: the Pyodide runtime, then the packages, then the lab itself, all from
// this site's runtime folder. The page shows the lab's text and the current stage meanwhile.
const body = document.body;
const runtime = new URL(body.dataset.runtime, location.href);
const stageText = document.getElementById("lab-stage");
const progress = document.getElementById("lab-progress-bar");

function stage(step, text) {
  progress.value = step;
  stageText.textContent = `${text} (step ${step} of 3)…`;
  body.dataset.labState = `stage-${step}`;
}

async function fetchText(url) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url.pathname} could not be loaded (HTTP ${response.status})`);
  return response.text();
}

async function main() {
  const manifest = JSON.parse(await fetchText(new URL("manifest.json", runtime)));
  if (manifest.missing.length) {
    throw new Error(`this build of the site is missing ${manifest.missing.length} Pyodide package(s): ` +
      `${manifest.missing.join(", ")}. Rebuild it with PYODIDE_WHEELHOUSE naming a folder that holds them.`);
  }
  stage(1, "Loading the Python runtime");
  const pyodide = await loadPyodide({ indexURL: new URL("pyodide/", runtime).href });
  stage(2, `Installing ${manifest.lock_packages.length + manifest.wheels.length} packages`);
  const failures = [];
  await pyodide.loadPackage(
    [...manifest.lock_packages, ...manifest.wheels.map((w) => new URL(`wheels/${w}`, runtime).href)],
    { messageCallback: () => {}, errorCallback: (msg) => failures.push(msg) },
  );
  if (failures.length) throw new Error(`packages failed to install: ${failures.join("; ")}`);
  stage(3, "Starting the lab");
  pyodide.globals.set("LAB_MODULE", body.dataset.labModule);
  pyodide.globals.set("DIST_URL", new URL("panel/", runtime).href);
  await pyodide.runPythonAsync(await fetchText(new URL("boot.py", runtime)));
  document.getElementById("lab-preview").hidden = true;
  body.classList.remove("pn-loading");
  body.dataset.labState = "ready";
}

main().catch((err) => {
  body.dataset.labState = "error";
  body.classList.remove("pn-loading");
  const box = document.getElementById("lab-error");
  box.hidden = false;
  box.querySelector(".lab-error-detail").textContent = String(err && err.message ? err.message : err);
  console.warn("lab failed to start:", err);
});
