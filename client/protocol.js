// The messages between a lab page (boot.js) and its Python worker (python-worker.js): the one table both
// import, so neither can send what the other does not handle. tests/sitebuild/test_protocol.py checks
// that every message named here is sent by one side and awaited or handled by the other, and that the
// two scripts name no message this table lacks.

// Page -> worker, in the order a start sends them (patch any time after render).
export const TO_WORKER = Object.freeze({
  start: "start",              // {indexURL, packages, lockPackages, wheelNames, env}: load Pyodide and the packages
  wasm: "wasm",                // {module}: the page's compiled WebAssembly, or null to compile here
  run: "run",                  // {module, link, distUrl, title}: make the lab (labs/client/boot.py, RunRequest)
  instruments: "instruments",  // {visited}: as JSON, the settings the student moved the page's first instrument through
  rendered: "rendered",        // the page has drawn the lab's document
  patch: "patch",              // {patch}: a change the student made, for the lab's document
});

// Worker -> page.
export const TO_PAGE = Object.freeze({
  loaded: "loaded",                        // Pyodide and the packages are in
  closeInstruments: "close-instruments",   // the lab is about to read the ledger: close the page's own lock
  render: "render",                        // {docsJson, renderItems, rootIds}: the lab's document, to draw
  patch: "patch",                          // {patch, buffers}: what one Python callback changed
  idle: "idle",                            // the last change from the page has been applied: send the next
  ready: "ready",                          // {times}: the lab is up; how long each step took
  error: "error",                          // {message}: what failed
});
