// node run_in_pyodide.mjs PYODIDE_DIR SCRIPT.py ARG...
// Runs a standard-library Python script in Pyodide's own interpreter, with the host's files under
// /host, so what it compiles matches the browser's Python exactly. Paths given are host paths.
import { createRequire } from "node:module";
import path from "node:path";

const [pyodideDir, script, ...args] = process.argv.slice(2);
const { loadPyodide } = createRequire(import.meta.url)(path.resolve(pyodideDir, "pyodide.js"));
const pyodide = await loadPyodide({ indexURL: path.resolve(pyodideDir) + path.sep });
pyodide.FS.mkdir("/host");
pyodide.FS.mount(pyodide.FS.filesystems.NODEFS, { root: "/" }, "/host");
pyodide.runPython("import os; os.environ['HOST_ROOT'] = '/host'");
pyodide.globals.set("SCRIPT", "/host" + path.resolve(script));
pyodide.globals.set("ARGS", pyodide.toPy(args.map((a) => "/host" + path.resolve(a))));
pyodide.runPython(`
import runpy, sys
sys.argv = [SCRIPT, *ARGS]
runpy.run_path(SCRIPT, run_name="__main__")
`);
