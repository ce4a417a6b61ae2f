// The lab's Python, in a worker of its own (boot.js starts it). Pyodide's start, the packages' install
// and the lab's making all run here, so the page (its opening lock, its first instrument, scrolling)
// never waits on them. The page draws the lab's Bokeh document; the two sides trade patches.
//
// The messages each way, with what they carry: protocol.js.
import { fetchArchivesPacked } from "./packed.js";
import { loadPyodide } from "./pyodide/pyodide.mjs";
import { TO_PAGE, TO_WORKER } from "./protocol.js";

const waiting = {};  // one promise per message this worker is waiting for
function nextMessage(type) {
  if (!waiting[type]) {
    let resolve;
    const promise = new Promise((r) => { resolve = r; });
    waiting[type] = { promise, resolve };
  }
  return waiting[type].promise;
}

// A change from the page, applied to the lab's document; the page sends the next once told "idle".
// One that comes before Python listens (the page drew the lab and changed it while Python was still
// on its way back from render) waits for it.
let applyFromPage = null;
const early = [];
function applyPatch(patch) {
  try {
    applyFromPage(patch);
  } catch (err) {
    console.warn("a change from the page could not be applied:", err);
  }
  self.postMessage({ type: TO_PAGE.idle });
}

self.onmessage = (event) => {
  const msg = event.data;
  if (msg.type === TO_WORKER.patch) {
    if (applyFromPage) applyPatch(msg.patch);
    else early.push(msg.patch);
    return;
  }
  nextMessage(msg.type);
  waiting[msg.type].resolve(msg);
};

// What the Python side (labs/client/boot.py, its Page) calls on the page, as promises it can await.
const page = {
  closeInstruments() {
    self.postMessage({ type: TO_PAGE.closeInstruments });
    return nextMessage(TO_WORKER.instruments).then((msg) => msg.visited);
  },
  render(docsJson, renderItems, rootIds) {
    self.postMessage({ type: TO_PAGE.render, docsJson, renderItems, rootIds });
    return nextMessage(TO_WORKER.rendered);
  },
  sendPatch(patch, buffers) {
    self.postMessage({ type: TO_PAGE.patch, patch, buffers });
  },
  listen(apply) {
    applyFromPage = apply;
    for (const patch of early.splice(0)) applyPatch(patch);
  },
};

// Pyodide fetches its WebAssembly and instantiates it with instantiateStreaming. Here it gets, once,
// the module the page compiled instead, and its fetch of the file is answered with an empty
// stand-in: a real one would never be read, and if it went out before the page's, the browser's
// cache would hold the page's request back until it was, which is never. If the page has no module,
// the file is fetched then, and compiled here.
function useCompiledWasm(fromPage, wasmURL) {
  const realFetch = self.fetch;
  const streaming = WebAssembly.instantiateStreaming;
  self.fetch = (input, init) => {
    if (String(input) !== wasmURL) return realFetch(input, init);
    self.fetch = realFetch;
    return Promise.resolve(new Response(null));
  };
  WebAssembly.instantiateStreaming = async (response, imports) => {
    WebAssembly.instantiateStreaming = streaming;
    const { module } = await fromPage;
    try {
      if (module) return { module, instance: await WebAssembly.instantiate(module, imports) };
      return await streaming(realFetch(wasmURL), imports);
    } catch (err) {
      // Pyodide would wait forever on a failed instantiation: say so to the page at once.
      self.postMessage({ type: TO_PAGE.error, message: `pyodide.asm.wasm could not be loaded or compiled (${err})` });
      throw err;
    }
  };
}

async function main() {
  const start = await nextMessage(TO_WORKER.start);
  // Given to loadPyodide, the packages download while the interpreter starts. Pyodide reports a
  // package that fails on stderr and carries on, so each is checked below.
  const messages = [];
  fetchArchivesPacked(self, new URL("..", start.indexURL).href);  // first: useCompiledWasm puts back what it found
  useCompiledWasm(nextMessage(TO_WORKER.wasm), new URL("pyodide.asm.wasm", start.indexURL).href);
  const pyodide = await loadPyodide({
    indexURL: start.indexURL,
    packages: start.packages,
    env: start.env,  // the optimization level the bytecode was compiled at
    stderr: (line) => messages.push(line),
  });
  pyodide.setStderr();  // Python's own warnings go back to the console
  const canonical = (name) => name.toLowerCase().replace(/[-_.]+/g, "-");  // "MarkupSafe" is "markupsafe"
  const loaded = new Set(Object.keys(pyodide.loadedPackages).map(canonical));
  const absent = [...start.lockPackages, ...start.wheelNames].filter((name) => !loaded.has(canonical(name)));
  if (absent.length) {
    throw new Error(`packages failed to install: ${absent.join(", ")}. ${messages.join(" ")}`.trim());
  }
  self.postMessage({ type: TO_PAGE.loaded });
  const { type, ...request } = await nextMessage(TO_WORKER.run);
  const boot = pyodide.pyimport("labs.client.boot");  // the Python side: labs/client/boot.py
  const pythonTimes = await boot.run(JSON.stringify(request), page);
  self.postMessage({ type: TO_PAGE.ready, times: JSON.parse(pythonTimes) });
}

main().catch((err) => {
  self.postMessage({ type: TO_PAGE.error, message: String(err && err.message ? err.message : err) });
});
