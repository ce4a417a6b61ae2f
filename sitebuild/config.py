"""What the static build pins: the Pyodide release, its npm tarball's integrity, and what labs load."""

from __future__ import annotations

import os
from pathlib import Path

PYODIDE_VERSION = "0.28.0"
# `npm view pyodide@0.28.0 dist.integrity`: the tarball is checked against this before use.
PYODIDE_NPM_INTEGRITY = "sha512-QML/Gh8eu50q5zZKLNpW6rgS0XUdK+94OSL54AUSKV8eJAxgwZrMebqj+CyM0EbF3EUX8JFJU3ryaxBViHammQ=="
# pyodide.mjs for lab pages (boot.js imports it), pyodide.js for scripts that add a plain <script>.
PYODIDE_CORE_FILES = ("pyodide.mjs", "pyodide.js", "pyodide.asm.js", "pyodide.asm.wasm", "python_stdlib.zip",
                      "pyodide-lock.json")
PYODIDE_CDN = f"https://cdn.jsdelivr.net/pyodide/v{PYODIDE_VERSION}/full/"

# Lock packages a Panel + Bokeh lab imports (measured; see shared notes). pyodide-http keeps
# panel.io.pyodide from importing pandas as a fallback.
LOCK_PACKAGES = ("numpy", "jinja2", "markupsafe", "packaging", "pyyaml", "xyzservices", "pyodide-http")

# Bokeh's JS bundles the pages load, and the parts of Panel's dist folder they request.
BOKEH_JS = ("bokeh", "bokeh-gl", "bokeh-widgets", "bokeh-tables", "bokeh-mathjax")
PANEL_DIST_PARTS = ("panel.min.js", "css/", "assets/", "bundled/theme/", "bundled/reactiveesm/")

# Files the browser never reads, by archive (globs; `*` crosses folders). The page loads Bokeh's and
# Panel's JS and CSS from runtime/bokeh and runtime/panel (extract_assets), so the wheels' own copies
# are dead weight: 28 of Panel's 29.5 MB and 5.6 of Bokeh's 6.9 MB. Numpy ships C headers, static
# libraries, type stubs and f2py (which needs a compiler) for building against it.
REPACK_DROP = {
    "panel": ("panel/dist/*", "panel/tests/*"),
    "bokeh": ("bokeh/server/static/*",),
    "numpy": ("numpy/_core/include/*", "numpy/_core/lib/*", "numpy/random/lib/*", "numpy/random/_examples/*",
              "numpy/f2py/*", "*.pyi", "*.pxd"),
}
# Bytecode is compiled as `python -OO` would (no docstrings or asserts: a seventh fewer bytes), and
# the interpreter runs with the same level (the manifest's python_env, which boot.js passes to
# Pyodide): numpy's add_docstring then skips the docstrings that are not there, as under -OO.
PYTHON_OPTIMIZE = 2

ROOT = Path(__file__).resolve().parents[1]
REQUIREMENTS = Path(__file__).with_name("pyodide-requirements.txt")
CACHE = Path(os.environ.get("MLSYS_BUILD_CACHE", Path.home() / ".cache" / "mlsys-course"))

# Each lab page: (module, output name). The build reads each module's LESSON for the page text.
LABS = (
    ("labs.lab01_magnitude", "lab01"),
    ("labs.lab02_ml_systems", "lab02"),
    ("labs.lab05_nn_compute", "lab05"),
    ("labs.lab07_frameworks", "lab07"),
)


def wheelhouse() -> Path:
    """PYODIDE_WHEELHOUSE if set, else ~/.cache/pyodide-wheelhouse/<version>/."""
    named = os.environ.get("PYODIDE_WHEELHOUSE")
    return Path(named) if named else Path.home() / ".cache" / "pyodide-wheelhouse" / PYODIDE_VERSION
